// Waypoint's service worker. It keeps only public things: the app's own static files and one
// offline page of crisis lines. It never stores a page, a fragment or anything a person wrote:
// pages always come from the network, and only when the network is gone does the offline page
// stand in. Signing out and "Leave quickly" empty its caches. See docs/home-screen.md.
"use strict";

var VERSION = "{{ version }}";
var STATIC_CACHE = "static-" + VERSION;
var OFFLINE_CACHE = "offline-" + VERSION;
var PRECACHE = {{ precache_json|safe }};
var OFFLINE_PATTERN = {{ offline_url_pattern|safe }};
var DAY_MS = 24 * 60 * 60 * 1000;
// Set when a page asks the worker to clear: from then on it keeps nothing, not even public files.
var cleared = false;

// The page that registers the worker names the person's region: /sw.js?region=GB.
var region = new URL(self.location.href).searchParams.get("region") || "";
if (!/^[A-Z]{2}$/.test(region)) region = {{ default_region|safe }};
var OFFLINE_URL = OFFLINE_PATTERN.replace("XX", region);

function cacheOfflinePage() {
  // Without cookies, so the copy kept is the public page anyone would see, never a signed-in one.
  return fetch(OFFLINE_URL, { credentials: "omit", cache: "no-store" }).then(function (response) {
    if (!response.ok || response.type !== "basic") return undefined;
    // One offline page only: the one for the region the person is in now.
    return caches.open(OFFLINE_CACHE).then(function (cache) {
      return cache.keys().then(function (kept) {
        return Promise.all(kept.map(function (request) { return cache.delete(request); }));
      }).then(function () { return cache.put(OFFLINE_URL, response); });
    });
  });
}

function clearEverything() {
  return caches.keys().then(function (names) {
    return Promise.all(names.map(function (name) { return caches.delete(name); }));
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE)
      .then(function (cache) { return cache.addAll(PRECACHE); })
      .then(cacheOfflinePage)
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name !== STATIC_CACHE && name !== OFFLINE_CACHE;
        }).map(function (name) { return caches.delete(name); }));
      })
      .then(function () {
        // The browser's own request for a page, with its own headers: the server still sees a
        // real navigation (the "just left" bounce relies on it).
        if (self.registration.navigationPreload) return self.registration.navigationPreload.enable();
        return undefined;
      })
      .then(function () { return self.clients.claim(); })
  );
});

// Crisis lines change now and then: refresh the offline copy at most once a day, while online.
function refreshOfflinePageIfOld() {
  if (cleared) return Promise.resolve();
  return caches.open(OFFLINE_CACHE).then(function (cache) {
    return cache.match(OFFLINE_URL).then(function (kept) {
      var date = kept ? Date.parse(kept.headers.get("Date") || "") : NaN;
      if (kept && Date.now() - date < DAY_MS) return undefined;
      return cacheOfflinePage();
    });
  }).catch(function () { return undefined; });
}

function page(event) {
  return Promise.resolve(event.preloadResponse)
    .then(function (preloaded) { return preloaded || fetch(event.request); })
    .then(function (response) {
      event.waitUntil(refreshOfflinePageIfOld());
      return response;
    })
    .catch(function () {
      return caches.match(OFFLINE_URL, { cacheName: OFFLINE_CACHE }).then(function (kept) {
        return kept || Response.error();
      });
    });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(event));
    return;
  }
  // Static files come from the cache when kept there; nothing else is ever put into it.
  if (PRECACHE.indexOf(url.pathname) !== -1) {
    event.respondWith(
      caches.match(request, { cacheName: STATIC_CACHE }).then(function (kept) {
        return kept || fetch(request);
      })
    );
  }
});

// "Leave quickly" asks for this as the page goes; the server's Clear-Site-Data does the same.
self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "clear") {
    cleared = true;
    event.waitUntil(clearEverything().then(function () { return self.registration.unregister(); }));
  }
});

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

// The offline page is for the person's region. Pages tell the worker their region in a message
// rather than in the script's address: a new address would install a new worker, and one taking
// over while a page loads can drop that page's scripts (autosave) on the floor.
var DEFAULT_REGION = {{ default_region|safe }};

function offlineUrlFor(region) {
  return OFFLINE_PATTERN.replace("XX", /^[A-Z]{2}$/.test(region) ? region : DEFAULT_REGION);
}

// The one offline page kept, in any of the worker's offline caches (a new version of the worker
// carries on with the region its predecessor kept).
function keptOfflinePage(cacheName) {
  var names = cacheName ? Promise.resolve([cacheName]) : caches.keys();
  return names.then(function (all) {
    var offline = all.filter(function (name) { return name.indexOf("offline-") === 0; });
    return offline.reduce(function (found, name) {
      return found.then(function (kept) {
        if (kept) return kept;
        return caches.open(name).then(function (cache) {
          return cache.keys().then(function (requests) {
            if (!requests.length) return undefined;
            return cache.match(requests[0]).then(function (response) {
              return response ? { url: requests[0].url, response: response } : undefined;
            });
          });
        });
      });
    }, Promise.resolve(undefined));
  });
}

// One offline-page change at a time: two at once (a region message and the daily refresh) could
// each empty the cache and then both put a page back.
var offlineQueue = Promise.resolve();

function cacheOfflinePage(url) {
  offlineQueue = offlineQueue.then(function () { return fetchOfflinePage(url); }).catch(function () { return undefined; });
  return offlineQueue;
}

function fetchOfflinePage(url) {
  // Without cookies, so the copy kept is the public page anyone would see, never a signed-in one.
  return fetch(url, { credentials: "omit", cache: "no-store" }).then(function (response) {
    if (!response.ok || response.type !== "basic") return undefined;
    // One offline page only: the one for the region the person is in now.
    return caches.open(OFFLINE_CACHE).then(function (cache) {
      return cache.keys().then(function (kept) {
        return Promise.all(kept.map(function (request) { return cache.delete(request); }));
      }).then(function () { return cache.put(url, response); });
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
      .then(function () { return keptOfflinePage(); })
      .then(function (kept) { return cacheOfflinePage(kept ? kept.url : offlineUrlFor(DEFAULT_REGION)); })
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
  return keptOfflinePage(OFFLINE_CACHE).then(function (kept) {
    var date = kept ? Date.parse(kept.response.headers.get("Date") || "") : NaN;
    if (kept && Date.now() - date < DAY_MS) return undefined;
    return cacheOfflinePage(kept ? kept.url : offlineUrlFor(DEFAULT_REGION));
  }).catch(function () { return undefined; });
}

// A page names the person's region; the offline page follows it when it changes.
function followRegion(region) {
  // A page without a region (none should be) leaves the kept page as it is.
  if (cleared || !/^[A-Z]{2}$/.test(region)) return Promise.resolve();
  var wanted = offlineUrlFor(region);
  return keptOfflinePage(OFFLINE_CACHE).then(function (kept) {
    if (kept && kept.url === new URL(wanted, self.location.origin).href) return undefined;
    return cacheOfflinePage(wanted);
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
      return keptOfflinePage(OFFLINE_CACHE).then(function (kept) {
        return kept ? kept.response : Response.error();
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
  if (event.data && event.data.type === "region" && typeof event.data.region === "string") {
    event.waitUntil(followRegion(event.data.region));
    return;
  }
  if (event.data && event.data.type === "clear") {
    cleared = true;
    event.waitUntil(clearEverything().then(function () { return self.registration.unregister(); }));
  }
});

// Waypoint's shared behaviour. Small, no framework, and every page works without it.
(function () {
  "use strict";

  // The idle lock: warn a little before the session locks, and lock the page when it does.
  // The server has the final word (accounts/middleware.py); this only makes it gentle.
  function setUpIdleLock() {
    var body = document.body;
    var timeout = parseInt(body.dataset.idleTimeout || "0", 10);
    if (!timeout) return;
    var warning = parseInt(body.dataset.idleWarning || "120", 10);
    var dialog = document.getElementById("idle-dialog");
    var timer = null;

    function lockNow() {
      // A page still holding unsaved writing stays open; its own script (journal.js) shows
      // how to sign in again and saves once that is done. Everything saved: lock as usual.
      if (document.querySelector("[data-keep-on-lock]")) return;
      window.location.assign(body.dataset.lockedUrl);
    }

    function schedule(secondsLeft) {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, Math.max(secondsLeft - warning, 1) * 1000);
    }

    // Another tab may have kept the session alive; ask before warning or locking.
    function check() {
      fetch(body.dataset.idleStatusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (data.remaining <= 0) return lockNow();
          if (data.remaining > warning + 5) return schedule(data.remaining);
          if (dialog && !dialog.open) dialog.showModal();
          window.clearTimeout(timer);
          timer = window.setTimeout(check, Math.max(data.remaining, 1) * 1000 + 1000);
        })
        .catch(function () { schedule(warning * 2); });
    }

    function stayHere() {
      var token = JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
      fetch(body.dataset.stillHereUrl, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": token } })
        .finally(function () {
          if (dialog && dialog.open) dialog.close();
          schedule(timeout);
        });
    }

    if (dialog) {
      var stay = dialog.querySelector("[data-idle-stay]");
      if (stay) stay.addEventListener("click", stayHere);
    }
    document.body.addEventListener("htmx:afterRequest", function () { schedule(timeout); });
    document.body.addEventListener("waypoint:locked", lockNow);
    schedule(timeout);
  }

  // The journal's own lock (#17): a request needed the journal and it is locked (a 423 from
  // journal/lock_middleware.py). The person is still signed in. A page holding writing stays
  // where it is with a notice; the editor shows its own. Anything else goes to the unlock page,
  // which comes back here.
  function setUpJournalLock() {
    document.body.addEventListener("waypoint:journal-locked", function (event) {
      var detail = event.detail || {};
      if (document.getElementById("journal-key-locked")) return;  // the editor explains
      if (!detail.kept && !document.querySelector("[data-keep-on-lock]")) {
        if (detail.unlockUrl) window.location.assign(detail.unlockUrl);
        return;
      }
      if (document.getElementById("journal-lock-notice")) return;
      var notice = document.createElement("div");
      notice.id = "journal-lock-notice";
      notice.className = "card journal-notice";
      notice.setAttribute("role", "alert");
      var message = document.createElement("p");
      message.textContent = detail.message || "";
      var linkLine = document.createElement("p");
      var link = document.createElement("a");
      link.href = detail.unlockUrl || "/journal/unlock/";
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = detail.link || "";
      linkLine.appendChild(link);
      notice.appendChild(message);
      notice.appendChild(linkLine);
      var main = document.getElementById("main");
      if (main) main.insertBefore(notice, main.firstChild);
    });
  }

  // After htmx swaps new content in, keyboard and screen-reader users land on what changed,
  // not on <body>: the element the template marked with data-focus-after-swap (a heading, a
  // new row, the button that was just toggled). One mechanism for every app.
  function focusAfterSwap(event) {
    var swapped = event.detail && event.detail.elt;
    if (!swapped || !swapped.querySelector) return;
    var marked = swapped.matches("[data-focus-after-swap]") ? swapped : swapped.querySelector("[data-focus-after-swap]");
    if (marked) marked.focus();
  }

  // A form sent back with a mistake: start where the first mistake is, so keyboard and screen
  // reader users hear the field and its message (aria-describedby) instead of the page's top.
  // Only when nothing else has taken focus, and never over a page that moves focus itself.
  function focusFirstMistake() {
    var active = document.activeElement;
    if (active && active !== document.body) return;
    // A message about the whole form ("that email and password don't match") comes first. A form
    // marked data-mistake-stays-put never takes focus: the crisis page's country picker can be
    // bound from an old link, and focus must stay with the emergency numbers above it.
    var form = "main form:not([data-mistake-stays-put]) ";
    var field = document.querySelector(form + "[data-form-mistake], " + form + '[aria-invalid="true"]');
    if (field) field.focus();
  }

  // The service worker keeps static files and an offline page of crisis lines, nothing else
  // (docs/home-screen.md). Its address comes from base.html, and so does the person's region,
  // which it is told in a message: in its address, a new region would mean a new worker, taking
  // over while a page loads.
  function registerWorker() {
    var meta = document.querySelector('meta[name="waypoint-worker"]');
    if (!meta || !("serviceWorker" in navigator)) return;
    var region = meta.getAttribute("data-region") || "";
    navigator.serviceWorker.register(meta.content, { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (registration.active && region) registration.active.postMessage({ type: "region", region: region });
    }).catch(function () {
      // Without the worker everything still works; only the offline page is missing.
    });
  }

  document.addEventListener("DOMContentLoaded", setUpIdleLock);
  document.addEventListener("DOMContentLoaded", setUpJournalLock);
  document.addEventListener("DOMContentLoaded", focusFirstMistake);
  window.addEventListener("load", registerWorker);
  document.body.addEventListener("htmx:afterSettle", focusAfterSwap);
})();

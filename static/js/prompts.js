// Reflections: a breathing guide, copy and print. Every page works without this file.
// The copy button also serves other pages (a supporter's new link): data-copy-note names the
// element to copy, a block of text or a form field.
(function () {
  "use strict";

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  // Every word these show comes from the page (data-*), where the template marks it for
  // translation: an English fallback here would reach a reader in any language untranslated.
  function setUpBreathing(box) {
    var button = box.querySelector("[data-breath-start]");
    var cue = box.querySelector("[data-breath-cue]");
    var circle = box.querySelector("[data-breath-circle]");
    if (!button || !cue || button.dataset.ready) return;
    button.dataset.ready = "1";
    button.hidden = false;
    var total = parseInt(box.dataset.seconds, 10) || 60;
    var breatheIn = parseInt(box.dataset.in, 10) || 4;
    var breatheOut = parseInt(box.dataset.out, 10) || 6;
    var timer = null;

    button.addEventListener("click", function () {
      window.clearTimeout(timer);
      var started = Date.now();
      // The button hides while the guide runs: focus goes to its words, not to <body>, where a
      // keyboard lost its place and a screen reader went back to the top of the page. They are
      // set after, so the live region says the first "Breathe in" once, as it says the rest.
      var hadFocus = document.activeElement === button;
      button.hidden = true;
      if (hadFocus) cue.focus();
      function phase(inhaling) {
        if (!document.body.contains(box)) return;
        if ((Date.now() - started) / 1000 >= total) {
          cue.textContent = cue.dataset.done || "";
          if (circle) circle.classList.remove("is-in", "is-out");
          button.hidden = false;
          return;
        }
        cue.textContent = (inhaling ? cue.dataset.in : cue.dataset.out) || "";
        if (circle && !reducedMotion()) {
          circle.style.setProperty("--breath-seconds", (inhaling ? breatheIn : breatheOut) + "s");
          circle.classList.toggle("is-in", inhaling);
          circle.classList.toggle("is-out", !inhaling);
        }
        timer = window.setTimeout(function () { phase(!inhaling); }, (inhaling ? breatheIn : breatheOut) * 1000);
      }
      phase(true);
    });
  }

  function setUpCopy(button) {
    var note = document.getElementById(button.dataset.copyNote);
    if (!note || !navigator.clipboard || button.dataset.ready) return;
    button.dataset.ready = "1";
    button.hidden = false;
    var status = document.querySelector("[data-copy-status]");
    var field = note.matches("input, textarea");
    button.addEventListener("click", function () {
      var text = (field ? note.value : note.innerText).trim();
      navigator.clipboard.writeText(text).then(
        function () { if (status) status.textContent = status.dataset.copied || ""; },
        function () {
          // A field is selected for them, ready for the phone's own Copy.
          if (field) note.select();
          if (status) status.textContent = status.dataset.notCopied || "";
        }
      );
    });
  }

  function setUpPrint(button) {
    if (button.dataset.ready) return;
    button.dataset.ready = "1";
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }

  function setUp(root) {
    root.querySelectorAll("[data-breathing]").forEach(setUpBreathing);
    root.querySelectorAll("[data-copy-note]").forEach(setUpCopy);
    root.querySelectorAll("[data-print]").forEach(setUpPrint);
  }

  // Words typed into a step and not sent yet are kept when the page goes away (the tab closed,
  // the phone put down, another page opened): a beacon asks the server to keep them on that
  // step ("keep" moves nothing, so the reflection waits where it was). Only written words, and
  // never into browser storage. Sent again on every hide, since the person may type more.
  var leftQuickly = false;  // Leave quickly has sent what there was: nothing more goes
  function keepUnsentAnswer(leavingQuickly) {
    var step = document.getElementById("run-step");
    var form = step && step.querySelector("form");
    var box = form && form.querySelector("textarea[name=answer]");
    if (leftQuickly || !box || box.value === box.defaultValue || !navigator.sendBeacon) return false;
    var data = new FormData(form);
    data.set("action", "keep");
    var token = window.Waypoint ? window.Waypoint.csrfToken() : "";
    if (token) data.set("csrfmiddlewaretoken", token);
    // Sent as Leave quickly goes: the server marks "just left" by it (safety/quick_exit.py).
    if (leavingQuickly === true) data.set("leaving_quickly", "1");
    try {
      // What this page has kept is its own, not another tab's: a later save from it says so.
      var kept = form.querySelector("[data-kept]");
      var sent = navigator.sendBeacon(form.getAttribute("action"), data);
      if (sent && kept) kept.value = box.value;
      return sent;
    } catch (e) {
      // Nothing here may stop the page from going away.
      return false;
    }
  }

  // A step that could not be sent (no connection) stays as it was, words and all; the notice
  // says so, since otherwise Next would seem to do nothing. It goes once any answer comes back
  // (a signed-out 401 too: then the connection is fine, and waypoint.js says what is wrong).
  function showOffline(visible) {
    var notice = document.getElementById("run-offline");
    if (notice) notice.hidden = !visible;
  }
  document.body.addEventListener("htmx:sendError", function (event) {
    if (event.target.closest && event.target.closest("#run-step")) {
      showOffline(true);
      noConnection(true);
    }
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (xhr && xhr.status > 0) {
      showOffline(false);
      noConnection(false);
    }
  });

  // With no connection the beacon above is lost as well, and leaving (a link, Back, closing the
  // app) took the words with it and said nothing. Then, and only then, the browser's own "Leave
  // site?" asks first, as the journal editor's does; online the beacon keeps them, so nothing
  // asks. Leave quickly and "Get help now" never ask. The listener is there only while offline:
  // a page with one is kept out of some browsers' back cache.
  var sendFailed = false;
  var asking = false;

  function unsentAnswer() {
    var box = document.querySelector("#run-step textarea[name=answer]");
    return !!box && box.value !== box.defaultValue;
  }

  function askBeforeLeaving(event) {
    if ((navigator.onLine && !sendFailed) || !unsentAnswer()) return;
    if (window.Waypoint && window.Waypoint.leavingOnPurpose()) return;
    event.preventDefault();
    event.returnValue = "";
  }

  function noConnection(failed) {
    sendFailed = failed;
    var want = sendFailed || !navigator.onLine;
    if (want && !asking) window.addEventListener("beforeunload", askBeforeLeaving);
    if (!want && asking) window.removeEventListener("beforeunload", askBeforeLeaving);
    asking = want;
  }
  window.addEventListener("offline", function () { noConnection(sendFailed); });
  // Back online, the beacon carries the words again.
  window.addEventListener("online", function () { noConnection(false); });

  // A step sent after its reflection was let go (or begun again) in another tab comes back as a
  // 404 that says so and holds the words typed (prompts/views.py _run_gone). htmx leaves 404s
  // unshown, so Next seemed to do nothing: this one takes the step's place.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (xhr && xhr.status === 404 && xhr.getResponseHeader("Waypoint-Run") === "gone") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") keepUnsentAnswer();
  });
  window.addEventListener("pagehide", function () { keepUnsentAnswer(false); });
  // Leave quickly (safety.js): the answer goes first and alone; the server keeps it, then signs
  // out. Sent beside the sign-out beacon, it met a signed-out server and was lost.
  document.addEventListener("waypoint:leaving-quickly", function (event) {
    if (keepUnsentAnswer(true)) event.detail.wordsSent = true;
    leftQuickly = true;
  });

  document.addEventListener("DOMContentLoaded", function () {
    setUp(document);
    if (!navigator.onLine) noConnection(false);
  });
  // Focus after a swap is waypoint.js's job (data-focus-after-swap); here only the new step's tools.
  document.body.addEventListener("htmx:afterSettle", function () { setUp(document); });
})();

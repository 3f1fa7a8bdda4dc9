// Safety behaviour on every page: "Leave quickly" (button and Shift three times) and the
// "Ride the wave" timer. Everything here has a plain-HTML fallback; nothing is stored.
(function () {
  "use strict";

  // --- Leave quickly ----------------------------------------------------------------------
  // The GOV.UK "Exit this page" pattern: the button, or Shift pressed on its own three times
  // within five seconds, with progress announced to screen readers.
  var SHIFT_WINDOW_MS = 5000;

  // The worker holds only static files and the offline page, but leaving leaves no trace of
  // Waypoint at all: the worker empties its caches and unregisters (it outlives this page, so the
  // work finishes after the tab has gone). The beacon's Clear-Site-Data header does the same.
  function emptyWorkerCaches() {
    try {
      var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
      if (worker) worker.postMessage({ type: "clear" });
      if (window.caches) {
        window.caches.keys().then(function (names) {
          names.forEach(function (name) { window.caches.delete(name); });
        });
      }
    } catch (e) {
      // Nothing here may stop the page from leaving.
    }
  }

  // A leaving the server may never hear of (no connection): this cookie signs out on the next
  // request this browser makes, whenever the connection is back (safety/quick_exit.py). Its
  // value is "exit-" and the time (Leave quickly), or "out"; over HTTPS its name has the __Host-
  // prefix, so only this site can set it.
  function markLeaving(value) {
    var secure = window.location.protocol === "https:";
    document.cookie = (secure ? "__Host-wp_leaving=" : "wp_leaving=") + value + "; path=/; SameSite=Lax" + (secure ? "; Secure" : "");
  }

  // "Sign out" pressed while the phone says it is offline: the form's post never arrives, and
  // the browser shows its own "no internet" page. The cookie is set only once the page really
  // goes (pagehide): Stay on a "Leave site?" keeps the person signed in, words and all.
  function setUpSignOutOffline() {
    var marked = document.querySelector("form[data-signs-out]");
    if (!marked) return;
    // Every form that posts to the sign-out address counts (the header's, the sign-out page's).
    // getAttribute, since a form's .action is a field of its own when one is named "action".
    var signOutPath = new URL(marked.getAttribute("action"), window.location.href).pathname;
    var pressedAt = 0;
    document.addEventListener("submit", function (event) {
      var action = event.target.getAttribute && event.target.getAttribute("action");
      if (navigator.onLine || !action) return;
      if (new URL(action, window.location.href).pathname === signOutPath) pressedAt = Date.now();
    });
    window.addEventListener("pagehide", function () {
      if (pressedAt && Date.now() - pressedAt < 10000) markLeaving("out");
    });
  }

  function leave(form) {
    var exitUrl = form.getAttribute("data-exit-url") || "about:blank";
    var beaconUrl = form.getAttribute("data-beacon-url");
    // Cover the page before anything else, so nothing stays visible while the next site loads.
    // The class also tells any "Leave site?" check (journal.js) to stay quiet: nothing may stop this.
    document.documentElement.classList.add("quick-exit-leaving");
    var cover = document.createElement("div");
    cover.className = "quick-exit-cover";
    document.body.appendChild(cover);
    // With no connection the beacon is lost and the session would outlive the leaving: this
    // cookie (the time of leaving, nothing else) signs out on the next request this browser
    // makes, the beacon included, whenever the connection is back (safety/quick_exit.py).
    try {
      markLeaving("exit-" + Date.now());
    } catch (e) {
      // Leaving matters more.
    }
    // Words on the page and not saved yet (the editor's draft since its last autosave, a
    // reflection's answer) go in the page's own beacon, sent now: it carries the cookie above, so
    // the server keeps them and then signs out (safety/quick_exit.py). Sent beside them, the
    // sign-out beacon landed first and they met a signed-out server: lost, all typed since the
    // last pause. The sign-out beacon goes only when no words went.
    var leaving = { wordsSent: false };
    try {
      document.dispatchEvent(new CustomEvent("waypoint:leaving-quickly", { detail: leaving }));
    } catch (e) {
      // Leaving matters more.
    }
    try {
      if (!leaving.wordsSent && beaconUrl && navigator.sendBeacon) navigator.sendBeacon(beaconUrl);
    } catch (e) {
      // Leaving matters more than signing out; the idle lock ends the session anyway.
    }
    emptyWorkerCaches();
    // As domestic-abuse charities' sites do: the everyday site opens in a new tab, which has no
    // Back history at all, and this tab is replaced by it too (replace(), not assign(), so this
    // page leaves the history). Back in this tab reaches earlier Waypoint pages only as far as
    // the server's "just left" bounce, which sends them to the everyday site as well.
    try {
      window.open(exitUrl, "_blank", "noopener,noreferrer");
    } catch (e) {
      // A blocked pop-up must not stop this tab from leaving.
    }
    window.location.replace(exitUrl);
  }

  function setUpQuickExit() {
    var form = document.querySelector("[data-quick-exit]");
    if (!form) return;
    // The strip's button, and the same one inside the warning before the idle lock (which covers
    // the strip while it is open).
    var forms = document.querySelectorAll("[data-quick-exit]");
    var status = document.querySelector("[data-quick-exit-status]");
    var presses = 0;
    var timer = null;
    var lastKeyWasModified = false;
    // Another key went down while Shift was held (a capital letter, Shift+Tab): that Shift was not
    // pressed on its own, even when it comes up before the other key, as it often does in quick
    // typing. Counted, it said "Shift, press 2 more times to leave." after every such capital.
    var keyWhileShift = false;

    function announce(name) {
      if (status) status.textContent = name ? status.getAttribute("data-" + name) || "" : "";
    }

    function resetPresses(message) {
      presses = 0;
      window.clearTimeout(timer);
      timer = null;
      // Stopped by another key: the count's words go too, so none is left to be found later.
      announce(message);
    }

    // The button submits its form on a click, Enter or Space; without JavaScript the form's GET
    // signs out on the server instead.
    Array.prototype.forEach.call(forms, function (each) {
      each.addEventListener("submit", function (event) {
        event.preventDefault();
        leave(each);
      });
    });

    document.addEventListener("keydown", function (event) {
      var isShift = event.key === "Shift" || event.keyCode === 16;
      if (!isShift && event.shiftKey) keyWhileShift = true;
    }, true);

    document.addEventListener("keyup", function (event) {
      var isShift = event.key === "Shift" || event.keyCode === 16;
      var alone = !keyWhileShift;
      if (isShift) keyWhileShift = false;
      if (isShift && alone && !lastKeyWasModified) {
        presses += 1;
        window.clearTimeout(timer);
        if (presses >= 3) {
          resetPresses("");
          announce("leaving");
          leave(form);
          return;
        }
        announce(presses === 1 ? "press-two" : "press-one");
        timer = window.setTimeout(function () {
          resetPresses("cancelled");
        }, SHIFT_WINDOW_MS);
      } else if (timer !== null) {
        // Any other key (typing a capital letter, say) stops the count.
        resetPresses("");
      }
      lastKeyWasModified = event.shiftKey;
    });
  }

  // --- Ride the wave ----------------------------------------------------------------------
  var BREATH_IN_MS = 4000;
  var BREATH_OUT_MS = 6000;

  // A stage of the wave that takes focus as it appears starts below the pinned help bar. focus()
  // alone brings a panel taller than the screen (a small phone with larger text or wider spacing)
  // to its middle, and "Has it eased?" sat under the bar; such a panel is scrolled to its top
  // instead, which keeps the room scroll-padding-top leaves for the bar (safety.css).
  function focusInSight(panel) {
    panel.focus();
    var room = parseFloat(window.getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
    if (panel.getBoundingClientRect().top < room) panel.scrollIntoView({ block: "start" });
  }

  function setUpWave() {
    var wave = document.querySelector("[data-wave]");
    if (!wave) return;
    var steps = document.querySelector("[data-wave-steps]");
    wave.hidden = false;
    if (steps) steps.hidden = true;

    var start = wave.querySelector("[data-wave-start]");
    var running = wave.querySelector("[data-wave-running]");
    var checkin = wave.querySelector("[data-wave-checkin]");
    var finish = wave.querySelector("[data-wave-finish]");
    var stopped = wave.querySelector("[data-wave-stopped]");
    var talk = wave.querySelector("[data-wave-talk-panel]");
    var remainingEl = wave.querySelector("[data-wave-remaining]");
    var cue = wave.querySelector("[data-breath-cue]");
    var circle = wave.querySelector("[data-breath-circle]");
    var pauseButton = wave.querySelector("[data-wave-pause]");
    var status = wave.querySelector("[data-wave-status]");

    var totalSeconds = 0;
    var remaining = 0;
    var checkEvery = 0;
    var nextCheck = 0;
    var tick = null;
    // When the wave ends, by the clock: a phone with its screen off runs no timers at all, and a
    // hidden tab's run late, so the time left is read from the clock, never counted in ticks.
    var endsAt = 0;
    var breathTimer = null;
    var breathingIn = true;
    var paused = false;
    // Where "Back" from the talk panel returns to: the check-in, the finish or the stop.
    var talkFrom = null;

    function show(part) {
      [start, running, checkin, talk, finish, stopped].forEach(function (el) {
        el.hidden = el !== part;
      });
    }

    function format(seconds) {
      var m = Math.floor(seconds / 60);
      var s = seconds % 60;
      return m + ":" + (s < 10 ? "0" : "") + s;
    }

    function breathe() {
      window.clearTimeout(breathTimer);
      if (paused) return;
      cue.textContent = breathingIn ? cue.getAttribute("data-in") : cue.getAttribute("data-out");
      circle.classList.toggle("breath-in", breathingIn);
      circle.classList.toggle("breath-out", !breathingIn);
      var wait = breathingIn ? BREATH_IN_MS : BREATH_OUT_MS;
      breathingIn = !breathingIn;
      breathTimer = window.setTimeout(breathe, wait);
    }

    function stopTimers() {
      window.clearInterval(tick);
      window.clearTimeout(breathTimer);
      tick = null;
    }

    function update() {
      if (paused || tick === null) return;
      remaining = Math.max(Math.ceil((endsAt - Date.now()) / 1000), 0);
      remainingEl.textContent = format(remaining);
      if (remaining <= 0) {
        stopTimers();
        show(finish);
        focusInSight(finish);
        return;
      }
      var elapsed = totalSeconds - remaining;
      if (elapsed >= nextCheck) {
        // Back after the screen was off: one "Has it eased?", not one for each check-in missed.
        while (nextCheck <= elapsed) nextCheck += checkEvery;
        stopTimers();
        show(checkin);
        focusInSight(checkin);
      }
    }

    function run() {
      paused = false;
      pauseButton.textContent = pauseButton.getAttribute("data-pause");
      show(running);
      breathingIn = true;
      breathe();
      endsAt = Date.now() + remaining * 1000;
      tick = window.setInterval(update, 1000);
    }

    // The screen comes back on (or the tab is shown again): the time left is brought up to date
    // at once, not a second later, and the wave ends if its time has passed.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") update();
    });

    // Each wave is its own Finish: a fresh random value, so a wave ridden again on a page brought
    // back by Back still counts, and a double tap on one Finish counts once (safety/urge_views.py).
    var once = finish.querySelector("[data-wave-once]");
    function renewFinish() {
      if (!once || !window.crypto) return;
      var bytes = new Uint8Array(16);
      window.crypto.getRandomValues(bytes);
      once.value = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    }

    wave.querySelectorAll("[data-wave-minutes]").forEach(function (button) {
      button.addEventListener("click", function () {
        var minutes = parseInt(button.getAttribute("data-wave-minutes"), 10);
        totalSeconds = minutes * 60;
        remaining = totalSeconds;
        // "Has it eased?" every few minutes: halfway through a short wave, every five in a long one.
        checkEvery = minutes <= 5 ? 150 : 300;
        nextCheck = checkEvery;
        remainingEl.textContent = format(remaining);
        if (status) status.textContent = button.textContent.trim();
        renewFinish();
        run();
        // The start panel, and the button that had focus, is hidden now: focus moves on to Pause,
        // so the keyboard is not left on <body> with Pause and Stop a page of tabbing away. A plain
        // focus(): the browser scrolls only if Pause is off screen, at once, never smoothly.
        pauseButton.focus();
      });
    });

    pauseButton.addEventListener("click", function () {
      // A pause holds the time left; carrying on starts the clock again from there.
      if (!paused) update();
      if (tick === null) return;
      paused = !paused;
      if (!paused) endsAt = Date.now() + remaining * 1000;
      pauseButton.textContent = pauseButton.getAttribute(paused ? "data-resume" : "data-pause");
      circle.classList.toggle("breath-paused", paused);
      if (!paused) breathe();
      // A screen reader hears that the press worked and how long is left.
      if (status) status.textContent = status.getAttribute(paused ? "data-paused" : "data-going").replace("{time}", format(remaining));
    });

    // Stopping early is allowed, and its page says so honestly: no "you stayed with it".
    wave.querySelector("[data-wave-stop]").addEventListener("click", function () {
      stopTimers();
      show(stopped);
      focusInSight(stopped);
    });

    // "It's getting stronger": the people and lines to reach, already on the page, so it works
    // offline too. The link's own address is the same panel as a page without JavaScript.
    wave.querySelectorAll("[data-wave-talk]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        stopTimers();
        talkFrom = [checkin, finish, stopped].filter(function (el) { return !el.hidden; })[0] || start;
        show(talk);
        focusInSight(talk);
      });
    });

    talk.querySelector("[data-wave-talk-back]").addEventListener("click", function () {
      show(talkFrom || start);
      focusInSight(talkFrom || start);
    });

    var resume = checkin.querySelector("[data-wave-resume]");
    if (resume) {
      resume.addEventListener("click", function (event) {
        event.preventDefault();
        run();
        pauseButton.focus();
      });
    }
  }

  // "Get help now" goes straight to help: no "Leave site?" stands in the way, whatever words a
  // page holds (the class tells every such check to stay quiet, as Leave quickly's does). A tap
  // that opens it elsewhere (a new tab) leaves this page, and its question, as it was.
  // So does a number to call or text: Chromium asks "Leave site?" before handing a tel: or sms:
  // link to the phone, and a half-written plan step or reply stood between a person and "Call 999".
  // The page itself stays, so its words do too.
  function setUpHelpGoesStraight() {
    // Every link to the help page counts (the strip's, a gentle check's, "I'm not safe right now"):
    // the strip's own link says where that page is.
    var marked = document.querySelector("a[data-help-link]");
    if (!marked) return;
    var helpPath = marked.pathname;
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link) return;
      var reaching = link.protocol === "tel:" || link.protocol === "sms:";
      if (!reaching && (link.origin !== window.location.origin || link.pathname !== helpPath)) return;
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      document.documentElement.classList.add("going-for-help");
      // Should the page stay after all (the help page did not load), leaving asks again later.
      window.setTimeout(function () { document.documentElement.classList.remove("going-for-help"); }, 3000);
    }, true);
    // Back can bring the page out of the browser's back-forward cache within those 3 seconds, its
    // clocks stopped in there: the person is back, so leaving with unsent words asks again.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) document.documentElement.classList.remove("going-for-help");
    });
  }

  // The pinned help bar on a phone (safety.css) is one row, or two when larger text or wider
  // letter spacing (WCAG 1.4.12) makes "Leave" wrap below. Whatever the browser scrolls into sight
  // (a control reached by Shift+Tab, a panel that takes focus) stops below the bar: the CSS keeps
  // room for one row, and this says how tall the bar really is, so two rows hide nothing either.
  function setUpRoomForThePinnedBar() {
    var strip = document.getElementById("crisis-strip");
    if (!strip || !window.ResizeObserver) return;
    var root = document.documentElement;
    new window.ResizeObserver(function () {
      var height = Math.ceil(strip.getBoundingClientRect().height);
      root.style.setProperty("--pinned-bar-room", height + 24 + "px");
      // Where something else pinned at the top starts (the editor's offline note): below the bar,
      // or at the very top where the bar is not pinned (a wider screen).
      var pinned = window.getComputedStyle(strip).position === "sticky";
      root.style.setProperty("--pinned-bar-height", (pinned ? height : 0) + "px");
    }).observe(strip);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpRoomForThePinnedBar();
    setUpSignOutOffline();
    setUpHelpGoesStraight();
    setUpQuickExit();
    setUpWave();
  });
})();

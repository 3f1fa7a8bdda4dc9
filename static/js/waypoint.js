// Waypoint's shared behaviour. Small, no framework, and every page works without it.
(function () {
  "use strict";

  // The CSRF cookie is the token the server holds now: after signing in again in another tab
  // (the idle lock), the one this page was drawn with is no longer accepted.
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  }

  // Words typed into a form and not sent yet: a text box whose value is no longer the one the
  // page came with. A form that saves as it goes (the journal editor, data-autosave-url) says
  // itself when it holds unsaved words, with data-keep-on-lock. A code or a recovery key
  // (spellcheck="false") is not writing, and is never kept on show. Nothing is ever stored.
  function typedAndUnsent(field) {
    // Given back by the server and held nowhere else (words a reflection or a therapist's note
    // could not take, a reflection answer beside a newer one): read-only or not, in a form or not.
    if (field.hasAttribute("data-unsent") && field.value) return true;
    if (field.readOnly || field.disabled || field.getAttribute("spellcheck") === "false") return false;
    if (field.form && field.form.hasAttribute("data-autosave-url")) return false;
    // Sent back with a message ("too long", a number to check): the page came with these words,
    // but they are not saved.
    if (field.getAttribute("aria-invalid") === "true" && field.value) return true;
    return field.value !== field.defaultValue;
  }

  function givenBackWords(except) {
    return Array.prototype.some.call(document.querySelectorAll("[data-unsent]"), function (field) {
      return !(except && except.contains(field)) && typedAndUnsent(field);
    });
  }

  // A phone number in a safety plan is the person's own too.
  var TEXT_BOXES = "textarea, input[type=text], input[type=tel], input:not([type])";

  function formHoldsUnsentWords(form) {
    return Array.prototype.some.call(form.querySelectorAll(TEXT_BOXES), typedAndUnsent);
  }

  function holdsUnsentWords() {
    if (document.querySelector("[data-keep-on-lock]") || givenBackWords(null)) return true;
    return Array.prototype.some.call(document.forms, formHoldsUnsentWords);
  }

  // Leave quickly and "Get help now" (safety.js) mark the page as they go: in the hardest
  // moment no "Leave site?" may stand in the way, whatever words the page holds.
  function leavingOnPurpose() {
    var html = document.documentElement.classList;
    return html.contains("quick-exit-leaving") || html.contains("going-for-help");
  }

  // --- Words typed into a form and not sent yet -------------------------------------------
  // A form marked data-ask-before-leaving (a plan step, a coping idea, a note) holds what the
  // person typed; following a link or Back away from it asks first, with the browser's own
  // "Leave site?", and so does a form sent back with a message. Sending it, Cancel (htmx takes
  // the form away, or a link marked data-discards leaves it as it was) and leaving on purpose
  // never ask. The listener is there only while such words are on the page: a page with one is
  // kept out of some browsers' back cache. Nothing is stored.
  function setUpAskBeforeLeaving() {
    var sending = null;
    var listening = false;

    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-discards]");
      if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
      var form = link.closest("form");
      if (!form) return;
      sending = form;
      // Should the page stay after all (the next page did not load), leaving asks again later.
      window.setTimeout(function () { if (sending === form) sending = null; }, 3000);
    }, true);

    function unsent() {
      if (givenBackWords(sending)) return true;
      var forms = document.querySelectorAll("form[data-ask-before-leaving]");
      return Array.prototype.some.call(forms, function (form) {
        return form !== sending && formHoldsUnsentWords(form);
      });
    }

    function ask(event) {
      if (leavingOnPurpose() || !unsent()) return;
      event.preventDefault();
      event.returnValue = "";
    }

    function listen() {
      var want = unsent();
      if (want && !listening) window.addEventListener("beforeunload", ask);
      if (!want && listening) window.removeEventListener("beforeunload", ask);
      listening = want;
    }

    document.addEventListener("input", function (event) {
      if (event.target.closest && event.target.closest("form[data-ask-before-leaving]")) listen();
    });
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.matches && (form.matches("form[data-ask-before-leaving]") || form.querySelector("[data-unsent]"))) sending = form;
    });
    document.addEventListener("htmx:afterSettle", function () {
      sending = null;
      listen();
    });
    // A send that did not go through (no connection, the server restarting, a form refused)
    // swaps nothing, so there is no settling: the form's words are still unsaved, and leaving
    // took them without asking.
    document.addEventListener("htmx:afterRequest", function (event) {
      if (!sending || (event.detail && event.detail.successful)) return;
      // Only the send of the form on its way: another request failing meanwhile says nothing of it.
      var config = event.detail && event.detail.requestConfig;
      var from = config && config.elt && config.elt.closest ? config.elt.closest("form") : null;
      if (from !== sending) return;
      sending = null;
      listen();
    });
    listen();

    // "Get help now" with a plan step half written (data-kept-going-for-help): nothing may ask
    // first, and the words must not be lost either, as Back draws the plan afresh. They go with the
    // page, as the step's own Save would send them (a beacon outlives the page), and are in the
    // plan on coming back. Leave quickly keeps nothing: it must leave no trace of the page, and
    // it may come moments after "Get help now", on a page Back brought out of the browser's
    // back-forward cache still marked as going for help. The words each beacon took are held here
    // (in this page only) until the page is back and the server says whether they landed.
    var sentGoingForHelp = new Map();
    window.addEventListener("pagehide", function () {
      var html = document.documentElement.classList;
      if (!html.contains("going-for-help") || html.contains("quick-exit-leaving") || !navigator.sendBeacon) return;
      document.querySelectorAll("form[data-kept-going-for-help]").forEach(function (form) {
        if (form === sending || !formHoldsUnsentWords(form)) return;
        var data = new FormData(form);
        data.set("csrfmiddlewaretoken", csrfToken());
        // Unasked, so it lands only over the words this form was drawn with (safety/views.py),
        // never over newer ones saved in another tab meanwhile.
        var words = {};
        form.querySelectorAll("textarea[name]").forEach(function (box) {
          data.set("drawn_" + box.name, box.defaultValue);
          words[box.name] = box.value;
        });
        if (navigator.sendBeacon(form.getAttribute("action"), data)) sentGoingForHelp.set(form, words);
      });
    });

    // Back brings the page out of the browser's back-forward cache with those words still in the
    // box, and leaving asked "Leave site?" about words already in the plan. A beacon says nothing
    // of how it went (no connection, refused over newer words), so the server is asked what the
    // step holds now: only words that landed there count as sent. Until it answers (no connection
    // yet: asked again once it is back), leaving still asks.
    function sameWords(a, b) {
      return a.replace(/\r\n/g, "\n").trim() === b.replace(/\r\n/g, "\n").trim();
    }

    function askWhatLanded() {
      sentGoingForHelp.forEach(function (words, form) {
        fetch(form.getAttribute("action"), { credentials: "same-origin", headers: { "HX-Request": "true" } })
          .then(function (response) {
            // Another beacon since (going for help again) waits for its own answer.
            if (sentGoingForHelp.get(form) === words) sentGoingForHelp.delete(form);
            return response.ok ? response.text() : "";
          })
          .then(function (html) {
            var saved = document.createElement("template");
            saved.innerHTML = html;
            var names = Object.keys(words);
            var landed = names.every(function (name) {
              var box = saved.content.querySelector('textarea[name="' + name + '"]');
              return box && sameWords(box.defaultValue, words[name]);
            });
            if (!landed || !document.contains(form)) return;
            // What the step now holds is what this form was drawn with: a later beacon lands over it.
            names.forEach(function (name) {
              var box = form.querySelector('textarea[name="' + name + '"]');
              if (box) box.defaultValue = words[name];
            });
            listen();
          })
          .catch(function () {});
      });
    }

    window.addEventListener("pageshow", function (event) {
      if (event.persisted) askWhatLanded();
    });
    window.addEventListener("online", askWhatLanded);
  }

  // The idle lock: warn a little before the session locks, and lock the page when it does.
  // The server has the final word (accounts/middleware.py); this only makes it gentle. Both
  // lock when nothing is left (remaining <= 0 here, seconds_before_lock there), at the same second.
  function setUpIdleLock() {
    var body = document.body;
    var timeout = parseInt(body.dataset.idleTimeout || "0", 10);
    if (!timeout) return;
    var warning = parseInt(body.dataset.idleWarning || "120", 10);
    var dialog = document.getElementById("idle-dialog");
    var timer = null;
    var lastTyped = 0;  // typing is activity too, though it sends nothing until Save
    var lastTold = 0;
    var locked = false;
    var coveredAt = 0;  // how far down the page was as the cover came
    var TELL_EVERY_MS = 60000;

    // A page kept for its words after the lock: closing it, or going elsewhere, would lose them
    // with nothing said, so the browser's own "Leave site?" asks first, as the journal editor's
    // does. Leave quickly never asks (safety.js marks the page as it goes), nor does a page whose
    // words have gone since (sent after signing in again).
    function askBeforeLeaving(event) {
      if (!locked || !holdsUnsentWords() || leavingOnPurpose()) return;
      event.preventDefault();
      event.returnValue = "";
    }

    function lockNow() {
      var already = locked;
      locked = true;
      if (!holdsUnsentWords()) {
        // A page that needs no account (a supporter's page, read signed in to their own account)
        // opens again as it would for anyone: the server signs them out there, and it is not
        // "You were signed out" about a journal that is not the one they came to read.
        if (document.querySelector("form[data-needs-no-account]")) window.location.assign(window.location.pathname);
        else window.location.assign(body.dataset.lockedUrl);
        return;
      }
      // Told again while still locked (the editor's next try to save): the person may have
      // chosen to see their words, and that choice stands.
      if (already) return;
      // The page stays, with what was typed, but out of sight until the person asks for it:
      // whoever walks past an unattended screen sees the notice, not the words.
      if (dialog && dialog.open) dialog.close();
      // Covered, the page is only the notice's height, and its scroll goes to the top.
      coveredAt = window.scrollY;
      body.classList.add("idle-covered");
      // A page that saves as it goes (journal.js) asks before leaving by itself.
      if (!document.querySelector("[data-keep-on-lock]")) window.addEventListener("beforeunload", askBeforeLeaving);
      var notice = document.getElementById("idle-locked");
      if (!notice) return;
      // The page's own heading is out of sight with the rest: the notice brings one meanwhile.
      var heading = notice.querySelector("template[data-idle-heading]");
      if (heading && !notice.querySelector("h1")) notice.insertBefore(heading.content.cloneNode(true), notice.firstChild);
      notice.hidden = false;
    }

    function removeCoverHeading() {
      var added = document.querySelector("#idle-locked > h1");
      if (added) added.remove();
    }

    // "Show what I wrote". A page that saves as it goes (journal.js) then shows its own notice
    // and saves once the person has signed in again; here the notice stays to say the same.
    function uncover() {
      body.classList.remove("idle-covered");
      removeCoverHeading();
      var notice = document.getElementById("idle-locked");
      if (!notice) return;
      if (document.querySelector("[data-keep-on-lock]")) {
        notice.hidden = true;
        // The words come back where they were on the screen, not moved down by the page's top.
        window.scrollTo(0, coveredAt);
        var form = document.querySelector("[data-keep-on-lock]");
        var box = form.querySelector("textarea") || form.querySelector("input[type=text], input:not([type])");
        if (box) box.focus({ preventScroll: true });
      } else {
        notice.focus();
      }
    }

    function signedInAgain() {
      locked = false;
      window.removeEventListener("beforeunload", askBeforeLeaving);
      body.classList.remove("idle-covered");
      removeCoverHeading();
      var notice = document.getElementById("idle-locked");
      if (notice) notice.hidden = true;
    }

    function schedule(secondsLeft) {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, Math.max(secondsLeft - warning, 1) * 1000);
    }

    // A session the server has already ended answers with a redirect to the locked page.
    function askRemaining() {
      return fetch(body.dataset.idleStatusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.redirected ? { remaining: 0 } : r.json(); });
    }

    function typedLately() {
      return Date.now() - lastTyped < warning * 1000;
    }

    // "Still here", answered true while the session lives. Sent as the lock falls, it meets the
    // lock (a redirect to the locked page, as idle_status's): the page locks then too, never
    // carrying on for another whole period with the session already ended on the server.
    function sendStillHere() {
      return fetch(body.dataset.stillHereUrl, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() } })
        .then(function (r) { return !r.redirected; });
    }

    // Tell the server the person is still here, as "Stay signed in" does. Only while the session
    // is alive: a session that has already ended is never woken, and a page holding words stays.
    function tellServer() {
      lastTold = Date.now();
      askRemaining()
        .then(function (data) {
          if (data.remaining <= 0) return lockNow();
          return sendStillHere().then(function (alive) {
            if (!alive) return lockNow();
            schedule(timeout);
          });
        })
        .catch(function () { schedule(warning * 2); });
    }

    // Another tab may have kept the session alive; ask before warning or locking.
    function check() {
      askRemaining()
        .then(function (data) {
          if (data.remaining <= 0) return lockNow();
          if (data.remaining > warning + 5) return schedule(data.remaining);
          // Someone writing is here: the warning would take the keyboard mid-sentence.
          if (typedLately()) return tellServer();
          if (dialog && !dialog.open) dialog.showModal();
          window.clearTimeout(timer);
          timer = window.setTimeout(check, Math.max(data.remaining, 1) * 1000 + 1000);
        })
        .catch(function () { schedule(warning * 2); });
    }

    function stayHere() {
      sendStillHere()
        .catch(function () { return true; })  // no answer: as before, the next check asks again
        .then(function (alive) {
          if (dialog && dialog.open) dialog.close();
          if (!alive) return lockNow();
          schedule(timeout);
        });
    }

    function typed(event) {
      var field = event.target;
      if (!field.matches || !field.matches("input, textarea, select")) return;
      lastTyped = Date.now();
      if (!locked && lastTyped - lastTold >= TELL_EVERY_MS) tellServer();
    }

    if (dialog) {
      var stay = dialog.querySelector("[data-idle-stay]");
      if (stay) stay.addEventListener("click", stayHere);
      // Escape is how a keyboard closes a dialog, and closing "Still there?" answers it: they are.
      // It only hid the warning before, and the page locked a minute later all the same.
      dialog.addEventListener("cancel", function (event) {
        event.preventDefault();
        stayHere();
      });
    }
    var uncoverButton = document.querySelector("[data-idle-uncover]");
    if (uncoverButton) uncoverButton.addEventListener("click", uncover);
    // Save pressed on a page kept by the lock: sent now, it would meet the sign-in page and the
    // words would be gone. It waits until the person has signed in again (in another tab), as
    // themselves, then goes as if pressed again; until then the notice says what to do. Only a
    // form holding typed words waits: "Leave quickly" and every other form go as always.
    var holding = false;

    function showLockedNotice() {
      var notice = document.getElementById("idle-locked");
      if (!notice) return;
      notice.hidden = false;
      notice.focus();
    }

    function heldUntilSignedIn(event) {
      var form = event.target;
      if (!locked || !form.matches || form.matches("[data-quick-exit]") || !formHoldsUnsentWords(form)) return;
      // A form that needs no account (a supporter's reply box) goes now: the server takes it
      // signed out, as anyone's, and signing in again would only be in the way of the words.
      if (form.matches("[data-needs-no-account]")) {
        window.removeEventListener("beforeunload", askBeforeLeaving);
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      if (holding) return;  // a second tap while the first is being checked
      holding = true;
      var submitter = event.submitter || null;
      askRemaining()
        .then(function (data) {
          holding = false;
          // Signed in again as someone else: this page's words are not theirs to save.
          if (data.remaining > 0 && data.account === body.dataset.account) {
            signedInAgain();
            schedule(timeout);
            if (form.requestSubmit) form.requestSubmit(submitter); else form.submit();
            return;
          }
          showLockedNotice();
        })
        .catch(function () {
          holding = false;
          showLockedNotice();
        });
    }

    // Back from signing in again in another tab, as the same person: the words come back into
    // sight by themselves. Someone else signed in, or nobody yet: the page stays covered.
    function cameBack() {
      if (!locked || document.visibilityState === "hidden") return;
      askRemaining()
        .then(function (data) {
          if (data.remaining > 0 && data.account === body.dataset.account) {
            signedInAgain();
            schedule(timeout);
          }
        })
        .catch(function () {});
    }
    window.addEventListener("focus", cameBack);
    document.addEventListener("visibilitychange", cameBack);

    document.addEventListener("submit", heldUntilSignedIn, true);
    document.addEventListener("input", typed, true);
    document.body.addEventListener("htmx:afterRequest", function (event) {
      var xhr = event.detail && event.detail.xhr;
      if (xhr && xhr.status >= 200 && xhr.status < 400) {
        // Signed in again and sent: the notice is old news.
        signedInAgain();
      }
      schedule(timeout);
    });
    document.body.addEventListener("waypoint:locked", lockNow);
    schedule(timeout);
  }

  // Whose page this is (config/account_marker.py), sent with every form and htmx request: on a
  // shared device, a page kept by the lock must never save into someone else's account after
  // they sign in. accounts/middleware.py refuses a request marked for another account.
  function markForms(root) {
    var account = document.body.dataset.account;
    if (!account || !root.querySelectorAll) return;
    var forms = root.matches && root.matches("form") ? [root] : root.querySelectorAll("form");
    Array.prototype.forEach.call(forms, function (form) {
      if ((form.getAttribute("method") || "").toLowerCase() !== "post") return;
      if (form.querySelector("input[name=waypoint_account]")) return;
      var mark = document.createElement("input");
      mark.type = "hidden";
      mark.name = "waypoint_account";
      mark.value = account;
      form.appendChild(mark);
    });
  }

  // A form sent after signing in again elsewhere carries the token the server holds now.
  function setUpFreshToken() {
    markForms(document);
    document.body.addEventListener("htmx:load", function (event) { markForms(event.target); });
    document.addEventListener("submit", function (event) {
      markForms(event.target);
      var field = event.target.querySelector && event.target.querySelector("input[name=csrfmiddlewaretoken]");
      var token = csrfToken();
      if (field && token) field.value = token;
    }, true);
    document.body.addEventListener("htmx:configRequest", function (event) {
      var token = csrfToken();
      if (token) event.detail.headers["X-CSRFToken"] = token;
      if (document.body.dataset.account) event.detail.headers["X-Waypoint-Account"] = document.body.dataset.account;
    });
  }

  // A form drawn with a one-time value (name="once": a supporter's reply, Share, a link, the
  // wave's Finish) is taken once by the server, so a double tap does not send it twice. A page
  // Back brings out of the browser's cache still holds the value it already sent: words changed
  // after that (a reply edited after Back) would be taken for the first sending and dropped.
  // Words different from those sent with the value make a new sending, with a new value. Held
  // only in this page, never stored.
  function setUpOnceValues() {
    var sentWith = new WeakMap();
    function wordsIn(form) {
      return Array.prototype.map.call(form.querySelectorAll(TEXT_BOXES), function (box) { return box.value; }).join("\u0000");
    }
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var once = form.querySelector && form.querySelector('input[name="once"]');
      if (!once || !window.crypto || !window.crypto.getRandomValues) return;
      var words = wordsIn(form);
      var sent = sentWith.get(form);
      if (sent && sent.once === once.value && sent.words !== words) {
        var bytes = window.crypto.getRandomValues(new Uint8Array(16));
        once.value = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
      }
      sentWith.set(form, { once: once.value, words: words });
    }, true);
  }

  // The journal's own lock (#17): a request needed the journal and it is locked (a 423 from
  // journal/lock_middleware.py). The person is still signed in. A page holding writing stays
  // where it is with a notice; the editor shows its own. Anything else goes to the unlock page,
  // which comes back here.
  function setUpJournalLock() {
    document.body.addEventListener("waypoint:journal-locked", function (event) {
      var detail = event.detail || {};
      if (document.getElementById("journal-key-locked")) return;  // the editor explains
      if (!detail.kept && !holdsUnsentWords()) {
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
    if (marked) {
      marked.focus();
      // htmx gives focus back to a box of the same id without scrolling, so focus() above moved
      // nothing: a group grown by a new idea left "Add your own", still focused, below the screen.
      // "nearest" keeps the room scroll-padding-top leaves for the pinned help bar (safety.css).
      var box = marked.getBoundingClientRect();
      var room = parseFloat(window.getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
      if (box.top < room || box.bottom > window.innerHeight) marked.scrollIntoView({ block: "nearest" });
    }
    forgetFocusMarks(swapped);
  }

  // A mark serves its one swap. A part of the page kept as it is through a later swap (hx-preserve:
  // a plan step's half-written words, plan.html) still held its old mark, and took focus from the
  // person just added below it.
  function forgetFocusMarks(root) {
    if (root.matches && root.matches("[data-focus-after-swap]")) root.removeAttribute("data-focus-after-swap");
    Array.prototype.forEach.call(root.querySelectorAll("[data-focus-after-swap]"), function (element) {
      element.removeAttribute("data-focus-after-swap");
    });
  }

  // A part of the page marked data-keeps-unsent-words (a coping group, coping.html) is drawn anew
  // when something in it is sent: an idea added, hidden or shown. Words typed into its other
  // boxes and not sent yet go into the same boxes of the new part, instead of being swapped away
  // for the saved text. Held only in this page, for the moment of the swap; never stored.
  var wordsToKeep = null;

  function holdUnsentWords(event) {
    var detail = event.detail;
    var target = detail.target;
    wordsToKeep = null;
    if (!detail.shouldSwap || !target || !target.id || !target.hasAttribute("data-keeps-unsent-words")) return;
    // The form just sent carries its own words: the answer shows them saved, or sent back. Its
    // element is in requestConfig: detail.elt is the target here, and an added idea stayed in
    // the emptied "Add your own" box as if never sent.
    var from = detail.requestConfig && detail.requestConfig.elt;
    var sent = from && from.closest ? from.closest("form") : null;
    var kept = [];
    Array.prototype.forEach.call(target.querySelectorAll(TEXT_BOXES), function (field) {
      if (sent && sent.contains(field)) return;
      if (!typedAndUnsent(field)) return;
      // Words sent back with a message ("too long") came with the page, so they are its default
      // too: such a box says what is saved in their place (data-saved-value), and they go back
      // into the new box as any other unsent words do. They were swapped away for the saved text.
      var saved = field.hasAttribute("data-saved-value") ? field.getAttribute("data-saved-value") : field.defaultValue;
      if (field.value === saved) return;
      kept.push({ id: field.id, name: field.name, saved: saved, words: field.value });
    });
    if (kept.length) wordsToKeep = { id: target.id, fields: kept };
  }

  function putBackUnsentWords() {
    var keep = wordsToKeep;
    if (!keep) return;
    var part = document.getElementById(keep.id);
    if (!part) return;
    wordsToKeep = null;
    var fresh = Array.prototype.slice.call(part.querySelectorAll(TEXT_BOXES));
    keep.fields.forEach(function (old) {
      // The same box, showing the same saved words: by its id, or (a starter idea, whose id
      // changes when the list's first change saves it) by the saved words it showed.
      var box = fresh.filter(function (field) { return field.id === old.id; })[0] ||
        fresh.filter(function (field) { return field.name === old.name && field.defaultValue === old.saved; })[0];
      if (!box || box.defaultValue !== old.saved) return;
      box.value = old.words;
      fresh.splice(fresh.indexOf(box), 1);
    });
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

  // A page reloaded at #messages (the browser's own reload) gets no jump to it, so focus stayed at
  // the top: give it the focus a first arrival at #messages gives, unless something else has it.
  // So does a page a redirect brought with a message but no #messages ("It's back in your journal."):
  // a screen reader began at the top, and the message was heard only after the help strip and
  // the menu. A page sent to another place on it (#step-people) keeps that place.
  function focusMessagesOnReload() {
    if (window.location.hash && window.location.hash !== "#messages") return;
    var active = document.activeElement;
    if (active && active !== document.body) return;
    var box = document.getElementById("messages");
    if (box) box.focus();
  }

  // The phone's menu is a disclosure laid over the page. Left open as focus moved on (Tab past
  // "Sign out"), it covered the control that then had focus (WCAG 2.4.11), so it closes as focus
  // leaves it; Escape closes it too, back on "Menu". A tap elsewhere (no new focus) leaves it be.
  function setUpCompactMenu() {
    Array.prototype.forEach.call(document.querySelectorAll("details.nav-compact"), function (menu) {
      menu.addEventListener("focusout", function (event) {
        if (menu.open && event.relatedTarget && !menu.contains(event.relatedTarget)) menu.open = false;
      });
      menu.addEventListener("keydown", function (event) {
        if (event.key !== "Escape" || !menu.open) return;
        menu.open = false;
        menu.querySelector("summary").focus();
      });
    });
  }

  // A passkey the browser did not finish (cancelled, none on this device, not allowed at this
  // address): allauth's webauthn.js only sends this event and writes to the console, so the
  // button seemed to do nothing. The page's own words for it sit beside the button, hidden.
  // Adding a key this account already has ends the same way, as InvalidStateError: "try again"
  // would only fail again, so the add page says what happened instead.
  function showPasskeyProblem(event) {
    var note = document.querySelector("[data-passkey-problem]");
    if (!note) return;
    event.preventDefault();
    var exception = event.detail && event.detail.exception;
    var already = exception && exception.name === "InvalidStateError" && note.getAttribute("data-passkey-already");
    // Emptied first, so a second try that stops the same way is announced again.
    note.textContent = "";
    note.hidden = false;
    window.setTimeout(function () {
      note.textContent = already || note.getAttribute("data-passkey-problem");
    }, 50);
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

  // A status line (role="status") swapped whole would be a new element, and screen readers
  // announce changes only in a live region that was already on the page: the autosave's "Draft
  // kept" and, worse, "Not saved yet: this entry changed in another tab" went unheard. So a swap
  // that would replace one keeps the element and takes the new one's attributes and words.
  function keepLiveRegion(event) {
    var detail = event.detail;
    var target = detail.target;
    if (!target || !target.id || target.getAttribute("role") !== "status") return;
    if (!detail.shouldSwap || String(detail.swapOverride || "").split(" ")[0] !== "outerHTML") return;
    var holder = document.createElement("template");
    holder.innerHTML = detail.serverResponse;
    var fresh = holder.content.getElementById(target.id);
    if (!fresh || fresh.getAttribute("role") !== "status") return;
    Array.prototype.slice.call(target.attributes).forEach(function (attribute) {
      if (!fresh.hasAttribute(attribute.name)) target.removeAttribute(attribute.name);
    });
    Array.prototype.slice.call(fresh.attributes).forEach(function (attribute) {
      target.setAttribute(attribute.name, attribute.value);
    });
    // Whatever else came with it (an out-of-band field) stays in the response for htmx.
    var outOfBand = Array.prototype.slice.call(fresh.querySelectorAll("[hx-swap-oob]"));
    if (whatItSays(fresh, outOfBand) === whatItSays(target, outOfBand)) {
      // The same words again (another "Draft kept at 21:40" a few seconds on) are left as they
      // are: put in anew, a screen reader read them out again at every pause in the typing.
      fresh.replaceWith.apply(fresh, outOfBand);
      detail.swapOverride = "none";
    } else {
      fresh.replaceWith.apply(fresh, Array.prototype.slice.call(fresh.childNodes));
      detail.swapOverride = "innerHTML";
    }
    detail.serverResponse = holder.innerHTML;
  }

  // A status line's words and where its links go, without the fields that come with it.
  function whatItSays(status, outOfBand) {
    var copy = status.cloneNode(true);
    outOfBand.forEach(function (element) {
      var inCopy = element.id && copy.querySelector("#" + CSS.escape(element.id));
      if (inCopy) inCopy.remove();
    });
    var links = Array.prototype.map.call(copy.querySelectorAll("a[href]"), function (link) {
      return link.getAttribute("href");
    });
    return copy.textContent.replace(/\s+/g, " ").trim() + "\n" + links.join("\n");
  }

  // A form sent by htmx showed nothing while it travelled: on a slow phone connection Save, Add
  // or Next seemed to do nothing for seconds, and with no connection nothing ever, so people
  // pressed again or gave up. Past a moment a line under the form says it is still going; if it
  // cannot go, a line says so, and that the words are still there. Only what a press sent (not
  // an autosave or a search while typing). The journal editor and a reflection's step say
  // "offline" their own way (data-own-offline-note). The words are base.html's, translated there.
  var SLOW_MS = 800;
  var slowTimers = new WeakMap();

  function formSentByPress(detail) {
    var config = detail && detail.requestConfig;
    var trigger = config && config.triggeringEvent;
    var elt = detail && detail.elt;
    if (!trigger || trigger.type !== "submit" || !elt || !elt.closest) return null;
    return elt.closest("form");
  }

  // Also what the form said of the last time it was sent (data-until-sent-again, "Saved…"): left
  // beside what is on its way now, or could not go, it reads as said of that.
  function clearConnectionNotes(form) {
    window.clearTimeout(slowTimers.get(form));
    Array.prototype.forEach.call(form.querySelectorAll("[data-connection-note], [data-until-sent-again]"), function (note) {
      note.remove();
    });
  }

  function showConnectionNote(form, kind) {
    var words = document.getElementById("connection-notes");
    var model = words && words.content.querySelector('[data-connection-note="' + kind + '"]');
    if (!model) return;
    clearConnectionNotes(form);
    var note = model.cloneNode(true);
    var text = note.textContent;
    // Put in empty, then filled: a live region that arrives with its words is often not read out.
    note.textContent = "";
    form.appendChild(note);
    window.requestAnimationFrame(function () { note.textContent = text; });
  }

  function setUpConnectionNotes() {
    var body = document.body;
    body.addEventListener("htmx:beforeRequest", function (event) {
      var form = formSentByPress(event.detail);
      if (!form) return;
      clearConnectionNotes(form);
      slowTimers.set(form, window.setTimeout(function () { showConnectionNote(form, "slow"); }, SLOW_MS));
    });
    body.addEventListener("htmx:afterRequest", function (event) {
      var form = formSentByPress(event.detail);
      if (!form) return;
      clearConnectionNotes(form);
      // An answer htmx does not show (a 5xx while the server restarts behind its proxy, a form
      // refused, something broken on our side) left Save seeming to do nothing. Our own kind
      // answers come as 200s; the two locks (401, 423) explain themselves.
      var xhr = event.detail.xhr;
      if (!event.detail.failed || !xhr || xhr.status < 400 || xhr.status === 401 || xhr.status === 423) return;
      // Removed in another tab: trying again can never work, so it does not say to.
      showConnectionNote(form, xhr.status === 404 || xhr.status === 410 ? "removed" : "refused");
    });
    function cannotGo(event) {
      var form = formSentByPress(event.detail);
      if (form && !form.closest("[data-own-offline-note]")) showConnectionNote(form, "offline");
    }
    body.addEventListener("htmx:sendError", cannotGo);
    body.addEventListener("htmx:timeout", cannotGo);
    // "Try again once the connection is back" stayed on screen after it was back, so nobody
    // could tell when trying again would work. The note follows the connection until the next press.
    window.addEventListener("online", function () { followConnection("offline", "back"); });
    window.addEventListener("offline", function () { followConnection("back", "offline"); });
  }

  function followConnection(was, now) {
    Array.prototype.forEach.call(document.querySelectorAll('[data-connection-note="' + was + '"]'), function (note) {
      var form = note.closest("form");
      if (form) showConnectionNote(form, now);
    });
  }

  // A press on its way (Next, Save, Add, Share): nothing changed on screen until "Still sending…"
  // came, so on a slow line people pressed again, and htmx queued the form to go a second time.
  // While it travels, the button pressed says it is busy (aria-busy, and waypoint.css's quiet mark
  // after a moment, so a fast answer shows nothing), and pressing again sends nothing more. The
  // button is not disabled (hx-disabled-elt): that took focus from it, and a keyboard or screen
  // reader user lost their place. aria-busy sits on the button, not the form: busy, the form's
  // "Still sending…" (a live region inside it) may not be read out. Only presses: an autosave
  // or a search while typing says nothing. It ends with the request, however it ends.
  var pressesOnTheirWay = new Map();

  function pressed(trigger) {
    return !!trigger && (trigger.type === "submit" || trigger.type === "click");
  }

  function pressedButton(sender, trigger) {
    if (trigger.submitter) return trigger.submitter;
    if (sender.matches("form")) return sender.querySelector("button[type=submit], button:not([type]), input[type=submit]") || sender;
    return sender;
  }

  function setUpPressesOnTheirWay() {
    var body = document.body;
    // htmx's own cancel point, before it queues: hx-sync's "drop", for a press while the same one travels.
    body.addEventListener("htmx:confirm", function (event) {
      if (pressesOnTheirWay.has(event.detail.elt) && pressed(event.detail.triggeringEvent)) event.preventDefault();
    });
    // beforeSend, not beforeRequest: another listener may still stop the request there, and the
    // button would have stayed busy with nothing on its way.
    body.addEventListener("htmx:beforeSend", function (event) {
      var config = event.detail.requestConfig;
      var sender = config && config.elt;
      if (!sender || !sender.matches || !pressed(config.triggeringEvent)) return;
      var button = pressedButton(sender, config.triggeringEvent);
      button.setAttribute("aria-busy", "true");
      pressesOnTheirWay.set(sender, button);
    });
    function arrived(event) {
      var config = event.detail.requestConfig;
      var sender = config && config.elt;
      var button = sender && pressesOnTheirWay.get(sender);
      if (!button) return;
      pressesOnTheirWay.delete(sender);
      button.removeAttribute("aria-busy");
    }
    // After an answer of any kind, no connection, a timeout or an abort; onLoadError when drawing
    // the answer broke, as then afterRequest never comes.
    body.addEventListener("htmx:afterRequest", arrived);
    body.addEventListener("htmx:onLoadError", arrived);
  }

  // A new entry or small victory is about the person's own today. The server only knows its own
  // time zone (UTC unless set), where an evening in New York is already tomorrow and a morning in
  // Tokyo still yesterday. Their browser knows where they are, also after they moved. The server
  // accepts up to its own tomorrow, so a day further from its own (only between zones over 24
  // hours apart) keeps the server's. The box's default moves with it, so nothing counts as typed.
  function setUpTodayWhereThePersonIs() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var theirs = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    document.querySelectorAll("form[data-today-from-browser] input[type=date]").forEach(function (day) {
      var apart = Math.abs(Date.parse(theirs) - Date.parse(day.value)) / 86400000;
      if (!(apart <= 1)) return;
      day.defaultValue = theirs;
      day.value = theirs;
    });
  }

  // The device's own time zone in one press while none is chosen (accounts/time_zones.py):
  // on Settings, and where times of day matter ({% device_time_zone_offer %}), there only when
  // the device's clock differs from the site's right now (data-unless-offset, in minutes).
  // The name reads as the server writes it (time_zone_label); one the server lacks is turned away
  // on the time zone page, with its list and a kind word.
  function setUpDeviceTimeZone() {
    var offers = document.querySelectorAll("form[data-device-time-zone]");
    if (!offers.length || !window.Intl || !Intl.DateTimeFormat) return;
    var name = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!name) return;
    var label = name.replace(/_/g, " ").replace(/\//g, " / ");
    var deviceOffset = -new Date().getTimezoneOffset();
    offers.forEach(function (offer) {
      var serverOffset = offer.getAttribute("data-unless-offset");
      if (serverOffset !== null && Number(serverOffset) === deviceOffset) return;
      offer.querySelector('input[name="time_zone"]').value = name;
      var button = offer.querySelector("button");
      button.textContent = button.textContent.replace("{zone}", label);
      offer.hidden = false;
    });
  }

  // A time marked by the server (accounts_time_zone: clock_time, reader_clock), read again in this
  // device's own clock. Worked out here and sent nowhere: a supporter's zone says where they are.
  // English as config/formats/en writes it ("14 December 2026, 03:30"), other languages their own.
  function inDeviceClock(time) {
    var moment = new Date(time.getAttribute("datetime"));
    if (isNaN(moment.getTime()) || !window.Intl || !Intl.DateTimeFormat) return;
    var lang = document.documentElement.lang || "en";
    var locale = lang === "en" ? "en-GB" : lang;
    var clock = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit" }).format(moment);
    if (time.getAttribute("data-clock") === "datetime") {
      var day = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric" }).format(moment);
      clock = day + ", " + clock;
    }
    time.textContent = clock;
  }

  // Times for someone with no zone here (a supporter's page), in their own clock from the start.
  function setUpDeviceClock() {
    document.querySelectorAll("time[data-device-clock]").forEach(inDeviceClock);
  }

  // The in-place offer took the device's zone (the editor's line): the page's times, drawn in the
  // zone before, read as the server will draw them from now on. Nothing moves but the digits.
  function timesFollowTheNewZone(event) {
    var swapped = event.detail && event.detail.elt;
    if (!swapped || !swapped.matches || !swapped.matches("[data-time-zone-saved]")) return;
    document.querySelectorAll("time[data-clock]").forEach(inDeviceClock);
  }

  // "Sign out" with no connection never reaches the server: the browser shows its own error
  // and the session stayed, open to whoever picked the phone up once it was back online. The
  // cookie "Leave quickly" sets for the same case (safety.js) signs out on the next request
  // that gets through. Only offline: online the sign-out itself gets through.
  // For the editor (journal.js), which fills a form's token itself before its autosave and its
  // beacon, and asks before leaving by itself: one place reads the token, one knows when leaving
  // is on purpose.
  window.Waypoint = Object.freeze({ csrfToken: csrfToken, leavingOnPurpose: leavingOnPurpose });

  document.addEventListener("DOMContentLoaded", setUpTodayWhereThePersonIs);
  document.addEventListener("DOMContentLoaded", setUpDeviceTimeZone);
  document.addEventListener("DOMContentLoaded", setUpDeviceClock);
  document.addEventListener("DOMContentLoaded", setUpIdleLock);
  document.addEventListener("DOMContentLoaded", setUpAskBeforeLeaving);
  document.addEventListener("DOMContentLoaded", setUpFreshToken);
  document.addEventListener("DOMContentLoaded", setUpOnceValues);
  document.addEventListener("DOMContentLoaded", setUpJournalLock);
  document.addEventListener("DOMContentLoaded", focusFirstMistake);
  document.addEventListener("DOMContentLoaded", focusMessagesOnReload);
  document.addEventListener("DOMContentLoaded", function () { forgetFocusMarks(document.body); });
  document.addEventListener("DOMContentLoaded", setUpCompactMenu);
  document.addEventListener("DOMContentLoaded", setUpConnectionNotes);
  document.addEventListener("DOMContentLoaded", setUpPressesOnTheirWay);
  document.addEventListener("allauth.error", showPasskeyProblem);
  window.addEventListener("load", registerWorker);
  document.body.addEventListener("htmx:beforeSwap", keepLiveRegion);
  document.body.addEventListener("htmx:beforeSwap", holdUnsentWords);
  document.body.addEventListener("htmx:afterSwap", putBackUnsentWords);
  document.body.addEventListener("htmx:afterSettle", focusAfterSwap);
  document.body.addEventListener("htmx:afterSettle", timesFollowTheNewZone);
})();

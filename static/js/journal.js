// The journal editor: keep what is typed, always. No framework; the page works without it.
//
// - Autosave through htmx a few seconds after typing stops, and when the tab is hidden.
// - navigator.sendBeacon when the page goes away, so closing the tab keeps the draft.
// - Signed out by the idle lock, the journal locked (423, #17) or offline: the text stays on
//   the page, a calm notice explains, and saving is retried until it lands. Nothing goes into
//   browser storage.
(function () {
  "use strict";

  var DELAY_MS = 3000;
  var RETRY_MS = 10000;

  function setUpEditor() {
    var form = document.getElementById("entry-form");
    if (!form) return;
    var autosaveUrl = form.dataset.autosaveUrl;
    // Autosave runs from here on, so the page may now say so (and no longer ask for Save); and
    // again whenever Save draws the editor anew (a conflict, a mistake), which comes without it.
    function sayAutosaveIsOn(root) {
      if (!root.querySelectorAll) return;
      root.querySelectorAll("[data-without-autosave]").forEach(function (note) { note.hidden = true; });
      root.querySelectorAll("[data-with-autosave]").forEach(function (note) { note.hidden = false; });
    }
    // The browser keeps a box's words with the tab's history, and writes them into its profile on
    // disk to restore tabs. Without JavaScript that copy is what brings a body too large to send
    // back on Back; with it, the draft is kept here, so the browser's copy is switched off now.
    function notInTheBrowsersMemory() {
      var body = currentForm() && currentForm().querySelector("textarea[name=body]");
      if (body) body.setAttribute("autocomplete", "off");
    }
    sayAutosaveIsOn(form);
    notInTheBrowsersMemory();
    document.body.addEventListener("htmx:load", function (event) {
      sayAutosaveIsOn(event.target);
      notInTheBrowsersMemory();
      markKeep();
    });
    var lockedNotice = document.getElementById("journal-locked");
    var keyNotice = document.getElementById("journal-key-locked");
    var offlineNotice = document.getElementById("journal-offline");
    // Each notice under the form has a short line pinned at the top (editor.html), shown with it.
    var lockedLine = document.getElementById("journal-locked-line");
    var keyLine = document.getElementById("journal-key-locked-line");
    // Said from the start when the page opened with the journal locked; untrue once a save lands.
    var lockedOnOpen = document.getElementById("journal-locked-on-open");
    keepTheCaretBelow(offlineNotice ? offlineNotice.parentNode : null);
    var changes = 0;      // bumped on every edit
    var savedChanges = 0; // the edit count the server has
    var inFlight = false;
    var timer = null;
    var retryTimer = null;
    var leftQuickly = false;  // Leave quickly has sent what there was: nothing more goes

    function currentForm() { return document.getElementById("entry-form"); }
    function dirty() { return changes !== savedChanges; }

    // Words the server refused (the journal locked, signed out) or has not saved yet: leaving
    // asks first, with the browser's own "Leave site?". The beacon on pagehide cannot help when
    // the journal is locked; it meets the same 423. Leave quickly never asks (safety.js marks
    // the page as it goes), and nothing asks once a save has landed.
    function askBeforeLeaving(event) {
      if (!dirty() || (window.Waypoint && window.Waypoint.leavingOnPurpose())) return;
      event.preventDefault();
      event.returnValue = "";
    }

    // While something is unsaved, waypoint.js keeps this page open instead of leaving it. The
    // listener is there only then: a page with one is kept out of some browsers' back cache.
    // Only then, too, may the browser put the words back when the person comes Back to this page:
    // once they are saved, Back draws a new editor (a new entry's id), and words put back into it
    // would be saved a second time as another entry with the next letter typed.
    function markKeep() {
      var f = currentForm();
      if (!f) return;
      f.setAttribute("autocomplete", dirty() ? "on" : "off");
      if (dirty()) {
        f.setAttribute("data-keep-on-lock", "");
        window.addEventListener("beforeunload", askBeforeLeaving);
      } else {
        f.removeAttribute("data-keep-on-lock");
        window.removeEventListener("beforeunload", askBeforeLeaving);
      }
    }

    // After signing in again (in another tab) the CSRF token changes; the form's field wins over
    // the header (waypoint.js), so the autosave and the beacon carry the fresh one in it.
    function refreshToken() {
      var token = window.Waypoint ? window.Waypoint.csrfToken() : "";
      var f = currentForm();
      if (!token || !f) return;
      var field = f.querySelector("input[name=csrfmiddlewaretoken]");
      if (field) field.value = token;
    }

    function show(notice, visible) {
      if (notice) notice.hidden = !visible;
      // "Draft kept at 21:40" beside a notice saying the newest words are not saved would
      // contradict it: the status line says "Not saved yet" until a save lands.
      if (notice && visible) markNotSaved();
    }

    function markNotSaved() {
      var status = document.getElementById("save-status");
      if (!status || !status.dataset.notSaved) return;
      // The time in "Draft kept at 21:40" is an element of its own (clock_time), so it goes too.
      Array.prototype.slice.call(status.childNodes).forEach(function (node) {
        if (node.nodeType === Node.TEXT_NODE || node.nodeName === "TIME") status.removeChild(node);
      });
      status.insertBefore(document.createTextNode(status.dataset.notSaved), status.firstChild);
      status.dataset.status = "unsaved";
    }

    // 401: signed out (sign in again); 423: signed in, the journal's own lock is closed. The
    // server answered, so the page is not offline any more.
    function showLocked(status) {
      // The notice from the page's opening gives way to the one saying what happened to the words.
      show(lockedOnOpen, false);
      show(lockedNotice, status === 401);
      show(lockedLine, status === 401);
      show(keyNotice, status === 423);
      show(keyLine, status === 423);
      show(offlineNotice, false);
    }

    function scheduleRetry() {
      window.clearTimeout(retryTimer);
      retryTimer = window.setTimeout(save, RETRY_MS);
    }

    // A new entry's first kept draft: this page's address becomes the draft's own (its id, never
    // its words). Back from another page (Get help now, say) or a reload then opens the words
    // again, where /journal/new/ showed an empty entry and the words looked lost.
    function keepTheDraftsAddress(status) {
      var editUrl = status && status.getAttribute("data-edit-url");
      if (!editUrl || window.location.pathname === editUrl || !window.history.replaceState) return;
      window.history.replaceState(window.history.state, "", editUrl);
    }

    // Before that, from the first word typed, a new entry's address carries the id its saves
    // will use. "Get help now" goes at once, unasked, and the beacon keeps the words as the page
    // goes: Back then opens them (journal/editor_views.py), not an empty new entry.
    function keepTheNewEntrysAddress() {
      var f = currentForm();
      var newUrl = f && f.getAttribute("data-new-url");
      if (!newUrl || !window.history.replaceState) return;
      var target = new URL(newUrl, window.location.href);
      if (window.location.pathname !== target.pathname || window.location.search === target.search) return;
      window.history.replaceState(window.history.state, "", target.pathname + target.search);
    }

    function save() {
      window.clearTimeout(timer);
      var f = currentForm();
      if (leftQuickly || !f || !dirty()) return;
      if (inFlight) { timer = window.setTimeout(save, DELAY_MS); return; }
      refreshToken();
      inFlight = true;
      var sending = changes;
      var xhrStatus = 0;
      function onDone(event) {
        xhrStatus = event.detail.xhr ? event.detail.xhr.status : 0;
      }
      f.addEventListener("htmx:afterRequest", onDone, { once: true });
      htmx.ajax("POST", autosaveUrl, { source: f, target: "#save-status", swap: "outerHTML" })
        .then(function () {
          inFlight = false;
          var status = document.getElementById("save-status");
          var state = status ? status.dataset.status : "";
          // All but a title too long to keep was saved: that title is only on this page, so
          // leaving still asks, and no new save goes until the person changes something.
          var titleHeldBack = status ? status.hasAttribute("data-title-held-back") : false;
          // "kept": the words met a newer version and are kept beside it on the server
          // (journal/kept_words.py), so leaving loses nothing and need not ask.
          if (xhrStatus === 200 && (state === "saved" || state === "idle" || state === "kept")) {
            if (!titleHeldBack) savedChanges = sending;
            keepTheDraftsAddress(status);
            show(lockedNotice, false);
            show(lockedLine, false);
            show(keyNotice, false);
            show(keyLine, false);
            show(offlineNotice, false);
            show(lockedOnOpen, false);
            window.clearTimeout(retryTimer);
          } else if (xhrStatus === 401 || xhrStatus === 423) {
            showLocked(xhrStatus);
            scheduleRetry();
          } else if (xhrStatus === 0) {
            show(offlineNotice, true);
            scheduleRetry();
          }
          describeTitle();
          markKeep();
          if (dirty() && state !== "conflict" && state !== "invalid" && !titleHeldBack && xhrStatus === 200) {
            timer = window.setTimeout(save, DELAY_MS);
          }
        })
        .catch(function () {
          inFlight = false;
          show(offlineNotice, true);
          markKeep();
          scheduleRetry();
        });
    }

    // Autosave fills or empties the title's note beside its box (editor.html): the box is
    // described by it only while it says something, as a form sent back with errors would be.
    function describeTitle() {
      var note = document.getElementById("id_title_error");
      var box = document.getElementById("id_title");
      if (!note || !box) return;
      var ids = (box.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
        return id && id !== note.id;
      });
      if (!note.hidden) ids.push(note.id);
      if (ids.length) box.setAttribute("aria-describedby", ids.join(" "));
      else box.removeAttribute("aria-describedby");
      if (note.hidden) box.removeAttribute("aria-invalid");
      else box.setAttribute("aria-invalid", "true");
    }

    function edited() {
      changes += 1;
      keepTheNewEntrysAddress();
      markKeep();
      window.clearTimeout(timer);
      timer = window.setTimeout(save, DELAY_MS);
    }

    // Delegated, so the listeners survive the editor being swapped after a Save.
    document.addEventListener("input", function (event) {
      if (event.target.closest && event.target.closest("#entry-form")) edited();
    });
    // A text box's change (as it loses focus) repeats what its input events already counted;
    // counted again, tapping a link after a save would look like unsaved words.
    document.addEventListener("change", function (event) {
      if (event.target.matches && event.target.matches("textarea, input[type=text], input:not([type])")) return;
      if (event.target.closest && event.target.closest("#entry-form")) edited();
    });
    // Words typed before this script ran (a slow phone, typing as soon as the box shows) had no
    // listener to count them: without this they were never autosaved, and leaving did not ask.
    var typedEarly = Array.prototype.some.call(
      form.querySelectorAll("textarea, input[type=text], input:not([type])"),
      function (field) { return field.value !== field.defaultValue; }
    );
    if (typedEarly) edited();
    else markKeep();

    // An explicit Save that meets the idle lock keeps the page too.
    document.body.addEventListener("htmx:afterRequest", function (event) {
      var xhr = event.detail.xhr;
      var explicit = event.target === currentForm() && event.detail.requestConfig &&
        event.detail.requestConfig.path !== autosaveUrl;
      if (!explicit || !xhr) return;
      if (xhr.status === 401 || xhr.status === 423) {
        showLocked(xhr.status);
        scheduleRetry();
      } else if (xhr.status === 0) {
        // Save pressed with no connection: the words stay, autosave keeps trying (the notice says so).
        show(offlineNotice, true);
        scheduleRetry();
      }
    });
    // Saved for good: the page moves on to the entry (HX-Redirect), which htmx does before
    // htmx:afterRequest, so the page must know it is saved before then, or leaving would ask.
    document.body.addEventListener("htmx:beforeOnLoad", function (event) {
      var xhr = event.detail.xhr;
      var explicit = event.target === currentForm() && event.detail.requestConfig &&
        event.detail.requestConfig.path !== autosaveUrl;
      if (explicit && xhr && xhr.status === 204) {
        savedChanges = changes;
        markKeep();
      }
    });
    // The header of every htmx request, and the field of a form sent by Save, are waypoint.js's.

    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") save();
      else if (dirty()) save();  // coming back after signing in elsewhere
    });
    window.addEventListener("focus", function () { if (dirty()) save(); });
    // Back online with nothing left to keep (a Save pressed offline after the draft was kept):
    // no autosave goes to hide the notice, and "You seem to be offline" stayed for good.
    window.addEventListener("online", function () {
      if (dirty()) save();
      else show(offlineNotice, false);
    });

    // The page is going away (tab closed, navigation): the beacon outlives it.
    function sendAsThePageGoes(leavingQuickly) {
      var f = currentForm();
      if (leftQuickly || !f || !dirty() || !navigator.sendBeacon) return false;
      refreshToken();
      var data = new FormData(f);
      // Sent as Leave quickly goes: the server marks "just left" by it (safety/quick_exit.py).
      if (leavingQuickly === true) data.set("leaving_quickly", "1");
      return navigator.sendBeacon(autosaveUrl, data);
    }
    window.addEventListener("pagehide", function () { sendAsThePageGoes(false); });
    // Leave quickly (safety.js): the words go first and alone; the server keeps them, then signs
    // out. Nothing more is sent from here (the tab hidden, the page gone): it would meet the
    // session ended, or land beside them as a second copy.
    document.addEventListener("waypoint:leaving-quickly", function (event) {
      if (sendAsThePageGoes(true)) event.detail.wordsSent = true;
      leftQuickly = true;
      window.clearTimeout(timer);
      window.clearTimeout(retryTimer);
    });
  }

  // The notes pinned over the top of the page (journal.css): offline, signed out, the journal
  // locked. While one shows, whatever the browser brings into sight (the caret as the person
  // types, a field reached by Tab) stops below it, not under it. Nothing moves as it comes: a
  // line it came over shows at the next key.
  function keepTheCaretBelow(holder) {
    if (!holder || !window.ResizeObserver) return;
    var root = document.documentElement;
    var notes = Array.prototype.slice.call(holder.children);
    function showing() { return notes.filter(function (note) { return !note.hidden; }); }
    // Until the page is scrolled far enough for them to stick, the notes are lower down: the
    // room follows where they are now.
    function makeRoom() {
      var bottom = 0;
      showing().forEach(function (note) { bottom = Math.max(bottom, note.getBoundingClientRect().bottom); });
      root.style.setProperty("scroll-padding-top", Math.ceil(bottom) + 16 + "px");
    }
    var observer = new window.ResizeObserver(function () {
      if (!showing().length) {
        root.style.removeProperty("scroll-padding-top");
        window.removeEventListener("scroll", makeRoom);
        return;
      }
      makeRoom();
      window.addEventListener("scroll", makeRoom, { passive: true });
    });
    notes.forEach(function (note) { observer.observe(note); });
  }

  function setUpPrint() {
    var button = document.querySelector("[data-print]");
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    }
  }

  // "Not saved yet" lists each mistake with a link to its field. The browser's own jump put the box
  // at the top of the screen (on a phone, just below the help bar) and its name and the words
  // saying what to change, which sit above it, out of sight: a keyboard person met a bare date box.
  // The field's whole block comes into sight from its label (scroll-padding keeps it below the bar),
  // and focus goes to the box without moving it again. Without JavaScript the jump is as before.
  function setUpMistakeLinks() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest(".journal-error-summary a[href^='#']");
      if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
      var box = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      var block = box && box.closest(".field");
      if (!block) return;
      event.preventDefault();
      block.scrollIntoView({ block: "start" });
      box.focus({ preventScroll: true });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpEditor();
    setUpMistakeLinks();
    setUpPrint();
  });
})();

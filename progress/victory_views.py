"""Small victories: gathered newest first, added by hand, or marked where they happened.

Every page is the person's own: signed in only, never cached (config/middleware.py), and every
victory or entry id is looked up with its owner, so another person's id is a 404.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.middleware import keeps_text_when_locked
from accounts.session_marks import session_mark, session_marked
from accounts.signed_out import login_required_keep_text
from accounts.types import AuthedRequest
from journal.models import Entry
from progress import selectors, services
from progress.forms import VictoryAddForm, VictoryNoteForm
from progress.models import Victory


def _victory_for_user(request: AuthedRequest, victory_id: UUID) -> Victory:
    return selectors.victory_for_owner(owner=request.user, victory_id=victory_id)


def _render_victories(request: AuthedRequest, form: VictoryAddForm | None = None, status: int = 200) -> HttpResponse:
    victories = selectors.victories_for(owner=request.user)
    form = form or VictoryAddForm(initial={"about_on": timezone.localdate()})
    # Everything ever kept, and no total of it: a running number reads as a score to keep up.
    context: dict[str, Any] = {
        "victories": victories,
        "rows": _told_apart(victories),
        "form": form,
    }
    return render(request, "progress/victories.html", context, status=status)


def _told_apart(victories: list[selectors.VictoryView]) -> list[tuple[selectors.VictoryView, tuple[int, int] | None]]:
    """Each victory, with which of that day's of its kind it is ("1 of 2") when it has twins. A
    screen reader's list of links named two "Remove: An entry I wrote, 5 December 2026" alike: a
    person could not tell which one they were about to remove."""
    alike = Counter((victory.kind, victory.about_on) for victory in victories)
    seen: Counter[tuple[str, date]] = Counter()
    rows: list[tuple[selectors.VictoryView, tuple[int, int] | None]] = []
    for victory in victories:
        key = (victory.kind, victory.about_on)
        seen[key] += 1
        rows.append((victory, (seen[key], alike[key]) if alike[key] > 1 else None))
    return rows


@require_GET
@login_required
@sensitive_variables()
def victories(request: AuthedRequest) -> HttpResponse:
    return _render_victories(request)


@keeps_text_when_locked
@require_POST
@login_required_keep_text  # signed out elsewhere meanwhile: the note comes back, never the sign-in page instead
@sensitive_post_parameters()
@sensitive_variables()
def victory_add(request: AuthedRequest) -> HttpResponse:
    form = VictoryAddForm(request.POST)
    if not form.is_valid():
        # The page again, the words as they were, and a kind message beside what to change.
        return _render_victories(request, form, status=422)
    data = form.cleaned_data
    services.victory_add(owner=request.user, kind=data["kind"], about_on=data["about_on"], note=data["note"])
    messages.success(request, _("Kept as a small victory."))
    return redirect("progress:victories")


# The victories removed in this session (accounts/session_marks.py): a removed victory is gone from
# the database, so only this tells "you removed it a moment ago" apart from "never yours".
REMOVED_SESSION_KEY = "progress.victories_removed"


def _note_for_a_removed_victory(request: AuthedRequest) -> HttpResponse:
    """Its note page, opened or sent after it was removed in this browser (the back button, or a
    second tab). The site's "We couldn't find that page" lost the words typed there; they come
    back in the form for keeping something new, never kept by themselves."""
    if request.method != "POST":
        messages.info(request, _("That small victory was removed. Everything else you kept is still here."))
        return redirect("progress:victories")
    note = request.POST.get("note", "")
    messages.info(
        request,
        _("That small victory was removed, so your note wasn't saved. Your words are still here, below."),
    )
    form = VictoryAddForm(initial={"about_on": timezone.localdate(), "note": note})
    # Saved nowhere: leaving the page asks first, as for words typed here (waypoint.js).
    form.fields["note"].widget.attrs["data-unsent"] = ""
    return _render_victories(request, form)


@keeps_text_when_locked
@require_http_methods(["GET", "POST"])
@login_required_keep_text
@sensitive_post_parameters()
@sensitive_variables()
def victory_note(request: AuthedRequest, victory_id: UUID) -> HttpResponse:
    try:
        victory = _victory_for_user(request, victory_id)
    except Http404:
        if not session_marked(request, REMOVED_SESSION_KEY, victory_id):
            raise
        return _note_for_a_removed_victory(request)
    view = selectors.victory_view(victory=victory)
    form = VictoryNoteForm(request.POST if request.method == "POST" else None, initial={"note": view.note})
    if request.method == "POST":
        if form.is_valid():
            services.victory_note_change(victory=victory, note=form.cleaned_data["note"])
            messages.success(request, _("Saved."))
            return redirect("progress:victories")
        return render(request, "progress/victory_note.html", {"victory": view, "form": form}, status=422)
    return render(request, "progress/victory_note.html", {"victory": view, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_variables()
def victory_remove(request: AuthedRequest, victory_id: UUID) -> HttpResponse:
    """Asks first; only ever the person's own choice, for a mark they made by mistake."""
    try:
        victory = _victory_for_user(request, victory_id)
    except Http404:
        if not session_marked(request, REMOVED_SESSION_KEY, victory_id):
            raise
        # A second tap (or the back button) after removing it: the same calm landing as the first.
        if request.method == "POST":
            messages.success(request, _("Removed. Everything else you kept is still here."))
        return redirect("progress:victories")
    if request.method == "POST":
        session_mark(request, REMOVED_SESSION_KEY, victory_id)
        services.victory_remove(victory=victory)
        messages.success(request, _("Removed. Everything else you kept is still here."))
        return redirect("progress:victories")
    return render(request, "progress/victory_remove.html", {"victory": selectors.victory_view(victory=victory)})


@require_POST
@login_required
def victory_mark_entry(request: AuthedRequest, entry_id: UUID) -> HttpResponse:
    """From an entry's page: keep it as a small victory, then back to the entry."""
    entry = Entry.objects.filter(owner=request.user, id=entry_id, trashed_at__isnull=True).first()
    if entry is None:
        raise Http404
    if entry.is_draft:
        # The entry's page offers no button on a draft; a request sent anyway lands calmly, with
        # nothing kept and a word on when it can be (progress/services.py refuses it too).
        messages.info(request, _("Once you finish this entry and press Save, you can mark it as a small victory."))
        return redirect("journal:entry", entry.pk)
    _victory, new = services.victory_mark_entry(owner=request.user, entry=entry)
    if new:
        messages.success(request, _("Kept as a small victory."))
    else:
        messages.success(request, _("This one is already kept as a small victory."))
    return redirect("journal:entry", entry.pk)


@require_POST
@login_required
def victory_mark_urge(request: AuthedRequest) -> HttpResponse:
    """From the end of riding the wave. That page answered a form, so there is no page to go
    back to: the person lands among their victories, with the new one on top."""
    services.victory_mark_urge(owner=request.user)
    messages.success(request, _("Kept as a small victory."))
    return redirect("progress:victories")

"""Words kept beside an entry (journal/kept_words.py): compare them with it, and choose."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods

from accounts.types import AuthedRequest
from journal import kept_words, selectors, services, trash_selectors
from journal.after_save import after_save_checks
from journal.models import KeptWords
from journal.services import EntryConflict


def _kept_for_user(request: AuthedRequest, entry_id: UUID, kept_id: UUID) -> KeptWords | None:
    """The person's own kept words of an entry in their journal or still in its days in the trash
    (moved there from another tab while they were kept: the tab's link must still open them);
    None once they are chosen or let go while the entry is still theirs. Anyone else's, or an
    entry past its days in the trash, are a 404."""
    entries = trash_selectors.entries_in_reach(request.user)
    row = (
        KeptWords.objects.select_related("entry", "owner")
        .filter(id=kept_id, entry_id=entry_id, owner=request.user, entry__in=entries)
        .first()
    )
    if row is None and not entries.filter(id=entry_id).exists():
        raise Http404
    return row


def _already_chosen(request: AuthedRequest, entry_id: UUID) -> HttpResponse:
    # A double tap, or a second tab: the first choice landed and the kept words went with it. The
    # entry as it is now, with a word why, rather than "We couldn't find that page" after it worked.
    # An old link opened later just leads to the entry (and writes nothing on a GET).
    if request.method == "POST":
        already = _("Those kept words were already chosen or let go. This is the entry as it is saved now.")
        messages.info(request, already)
    return HttpResponseRedirect(reverse("journal:entry", args=[entry_id]) + "#messages")


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_variables()
def kept(request: AuthedRequest, entry_id: UUID, kept_id: UUID) -> HttpResponse:
    row = _kept_for_user(request, entry_id, kept_id)
    if row is None:
        return _already_chosen(request, entry_id)
    in_trash = row.entry.trashed_at is not None
    changed_again = False
    if request.method == "POST":
        choice = request.POST.get("choice", "")
        if choice == "entry":
            kept_words.kept_words_let_go(kept=row)
            if in_trash:
                messages.success(request, _("The kept words are let go. The entry stays in the trash."))
            else:
                messages.success(request, _("The entry stays as it was. The kept words are let go."))
            return HttpResponseRedirect(reverse("journal:entry", args=[entry_id]))
        if choice == "kept":
            try:
                version = int(request.POST.get("version", ""))
            except ValueError:
                version = -1
            chosen = kept_words.kept_words_open(row)
            try:
                # An entry in the trash comes back with them (journal/kept_words.py).
                kept_words.kept_words_use(kept=chosen, expected_version=version)
            except EntryConflict:
                if not KeptWords.objects.filter(pk=row.pk).exists():
                    # The same choice from a double tap landed first, moments ago: it is done.
                    return _already_chosen(request, entry_id)
                # Saved again somewhere while this page was open: both are shown anew, nothing lost.
                changed_again = True
                row.entry.refresh_from_db()
            else:
                # No save of these words landed before (they met a newer version), so the checks
                # after a save (the gentle check) read them now, as the editor's Save would.
                # The panel or "Done", both at #messages as in the editor: one address either way,
                # so the history never tells which choice brought the panel.
                url = reverse("journal:entry", args=[entry_id]) + "#messages"
                if after_save_checks(request=request, texts=[chosen.content.title, chosen.content.body]):
                    return HttpResponseRedirect(url)
                if in_trash:
                    messages.success(request, _("The entry is back in your journal, with the words you kept."))
                else:
                    messages.success(request, _("Done. The entry now holds the words you kept."))
                return HttpResponseRedirect(url)
    context = {
        "kept": kept_words.kept_words_open(row),
        "entry_view": selectors.entry_texts(user=request.user, entry=row.entry),
        "changed_again": changed_again,
        "until": row.entry.trashed_at + timedelta(days=services.TRASH_DAYS) if row.entry.trashed_at else None,
    }
    return render(request, "journal/kept.html", context)

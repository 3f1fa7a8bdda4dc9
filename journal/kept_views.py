"""Words kept beside an entry (journal/kept_words.py): compare them with it, and choose."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods

from accounts.types import AuthedRequest
from journal import kept_words, selectors
from journal.after_save import after_save_checks
from journal.models import KeptWords
from journal.services import EntryConflict


def _kept_for_user(request: AuthedRequest, entry_id: UUID, kept_id: UUID) -> KeptWords:
    """The person's own kept words of an entry in their journal; anyone else's are a 404."""
    return get_object_or_404(
        KeptWords.objects.select_related("entry", "owner"),
        id=kept_id,
        entry_id=entry_id,
        owner=request.user,
        entry__trashed_at__isnull=True,
    )


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_variables()
def kept(request: AuthedRequest, entry_id: UUID, kept_id: UUID) -> HttpResponse:
    row = _kept_for_user(request, entry_id, kept_id)
    changed_again = False
    if request.method == "POST":
        choice = request.POST.get("choice", "")
        if choice == "entry":
            kept_words.kept_words_let_go(kept=row)
            messages.success(request, _("The entry stays as it was. The kept words are let go."))
            return HttpResponseRedirect(reverse("journal:entry", args=[entry_id]))
        if choice == "kept":
            try:
                version = int(request.POST.get("version", ""))
            except ValueError:
                version = -1
            chosen = kept_words.kept_words_open(row)
            try:
                kept_words.kept_words_use(kept=chosen, expected_version=version)
            except EntryConflict:
                # Saved again somewhere while this page was open: both are shown anew, nothing lost.
                changed_again = True
                row.entry.refresh_from_db()
            else:
                # No save of these words landed before (they met a newer version), so the checks
                # after a save (the gentle check) read them now, as the editor's Save would.
                url = reverse("journal:entry", args=[entry_id])
                if after_save_checks(request=request, texts=[chosen.content.title, chosen.content.body]):
                    # Its panel is #messages, as in the editor: focus lands on it.
                    return HttpResponseRedirect(url + "#messages")
                messages.success(request, _("Done. The entry now holds the words you kept."))
                return HttpResponseRedirect(url)
    context = {
        "kept": kept_words.kept_words_open(row),
        "entry_view": selectors.entry_texts(user=request.user, entry=row.entry),
        "changed_again": changed_again,
    }
    return render(request, "journal/kept.html", context)

"""The editor: writing, autosave, conflicts, and the kind answers when a save can't land."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from accounts.middleware import keeps_text_when_locked
from accounts.signed_out import login_required_keep_text
from accounts.types import AuthedRequest
from config.forms import too_long_params
from config.htmx import wants_fragment
from config.request_limits import answers_too_big
from journal import kept_words, selectors, services
from journal.after_save import after_save_checks, entry_has_shared_copy
from journal.forms import TOO_LONG_MESSAGE, EntryForm
from journal.lock_middleware import saves_in_the_background
from journal.lock_session import journal_locked_here
from journal.models import Entry, KeptWords
from journal.services import MAX_BODY_CHARS, EntryConflict
from journal.views import _entry_or_trashed_for_user, _in_the_trash, _render


def _too_long(request: HttpRequest) -> HttpResponse:
    """The body was over the server's upload limit, so none of it could be read: the words are
    only in the person's browser. Say so without touching the editor's text."""
    errors = [("", "", TOO_LONG_MESSAGE % too_long_params(MAX_BODY_CHARS))]
    if wants_fragment(request):
        # 200, so htmx swaps it; into the status line only, whichever save sent it.
        response = render(request, "journal/editor.html#save-status", {"status": "invalid", "errors": errors})
        return reswap(retarget(response, "#save-status"), "outerHTML")
    return render(request, "journal/too_long.html", {"errors": errors}, status=413)


# --- Writing ------------------------------------------------------------------------------------


def _editor_context(request: AuthedRequest, form: EntryForm, entry: Entry | None, **extra: Any) -> dict[str, Any]:
    return {
        "form": form,
        "entry": entry,
        "autosave_url": reverse("journal:autosave"),
        "action": reverse("journal:entry_edit", args=[entry.id]) if entry else reverse("journal:new"),
        **extra,
    }


@answers_too_big(_too_long)
@keeps_text_when_locked
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required_keep_text
@vary_on_headers("HX-Request")
def new(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        return _explicit_save(request, entry=None)
    # The page's address carries its entry's id from the first word typed (journal.js): Back to
    # it after leaving before any autosave landed opens what the page kept as it went.
    kept = _own_draft_id(request, request.GET.get("id", ""))
    if kept is not None:
        return HttpResponseRedirect(reverse("journal:entry_edit", args=[kept]))
    # The id is chosen now so autosaves and the final save all land on the same entry.
    initial = {
        "entry_id": uuid.uuid4(),
        "page": uuid.uuid4(),
        "version": 0,
        "written_on": timezone.localdate(),
        "kind": Entry.Kind.FREE,
    }
    context = _editor_context(request, EntryForm(initial=initial), None, journal_locked=journal_locked_here(request))
    return render(request, "journal/editor.html", context)


@answers_too_big(_too_long)
@keeps_text_when_locked
@sensitive_post_parameters()
@sensitive_variables()
@require_http_methods(["GET", "POST"])
@login_required_keep_text
@vary_on_headers("HX-Request")
def entry_edit(request: AuthedRequest, entry_id: UUID) -> HttpResponse:
    entry = _entry_or_trashed_for_user(request, entry_id, with_kept=True)
    if request.method == "POST":
        # Moved to the trash from another tab meanwhile: the save meets the editor's own word for
        # that, the words still in it, rather than a 404 that htmx leaves unshown.
        return _explicit_save(request, entry=entry)
    if entry.trashed_at is not None:
        return _in_the_trash(request, entry)
    view = selectors.entry_texts(user=request.user, entry=entry)
    initial = {
        "entry_id": entry.id,
        "page": uuid.uuid4(),
        "version": entry.version,
        "title": view.title,
        "body": view.body,
        "written_on": entry.written_on,
        "mood": view.mood,
        "urge": view.urge,
        "setback": view.setback,
        "tags": ", ".join(view.tags),
        "kind": entry.kind,
    }
    # Words kept from another tab show beside the editor, so they can be copied in (a merge by hand).
    kept = kept_words.kept_words_for(user=request.user, entry=entry)
    context = _editor_context(request, EntryForm(initial=initial), entry, kept_before=kept)
    return render(request, "journal/editor.html", context)


def _own_draft_id(request: AuthedRequest, value: str) -> UUID | None:
    """The id, if it is one of this person's drafts; anything else starts a new entry, as before.

    Not a saved entry: Back after Save opens a blank new entry, never the saved words again."""
    try:
        entry_id = uuid.UUID(value)
    except ValueError:
        return None
    return entry_id if Entry.objects.filter(id=entry_id, owner=request.user, is_draft=True).exists() else None


def _entry_for_save(request: AuthedRequest, form: EntryForm) -> Entry | None:
    """The entry this form writes to, or None when it is new. Another person's id is a 404."""
    entry = Entry.objects.filter(id=form.cleaned_data["entry_id"]).first()
    if entry is not None and entry.owner_id != request.user.pk:
        raise Http404
    return entry


@sensitive_variables()
def _save(request: AuthedRequest, form: EntryForm, *, explicit: bool) -> Entry | None:
    """Create or update from a valid form. Raises EntryConflict; None when there is nothing to save."""
    entry = _entry_for_save(request, form)
    # A title too long to keep: the entry keeps the one it had, and the rest of the words land.
    kept_title = None
    if form.only_the_title_too_long():
        kept_title = selectors.entry_texts(user=request.user, entry=entry).title if entry is not None else ""
    content = form.content(title=kept_title)
    if entry is None:
        if form.is_empty() and not explicit:
            return None
        try:
            with transaction.atomic():
                return services.entry_create(
                    author=request.user,
                    entry_id=form.cleaned_data["entry_id"],
                    title=content.title,
                    body=content.body,
                    kind=content.kind,
                    written_on=content.written_on,
                    mood=content.mood,
                    urge=content.urge,
                    tags=content.tags,
                    setback=content.setback,
                    is_draft=not explicit,
                    page=_page_of(form),
                )
        except IntegrityError:
            # Two first saves of one new entry raced (an autosave and the leave-page beacon):
            # the other one created it, so this one is an ordinary versioned save over it.
            entry = _entry_for_save(request, form)
            if entry is None:
                raise
    if entry.trashed_at is not None:
        # Moved to the trash from another tab or device while these words were typed. Asked for
        # on the conflict's own button: back it comes, and the words land on it. Past its days
        # in the trash it is gone, as everywhere else.
        in_its_days = entry.trashed_at >= services.trash_expiry()
        if not (explicit and request.POST.get("bring_back") == "1" and in_its_days):
            raise EntryConflict(None, trashed=entry if in_its_days else None)
        # One step with the save: if the words meet another tab's newer version, the entry stays
        # in the trash and the conflict shows both, rather than coming back without the words. A
        # newer version this page made (its answer lost) is no other tab's; and the version this
        # Save makes is the page's own too, so words typed on after a lost answer carry on from it.
        with transaction.atomic():
            services.entry_restore(entry=entry)
            return _update_from_page(form, entry=entry, content=content, is_draft=False)
    # An autosave keeps an entry's draft state; only an explicit save publishes it.
    return _update_from_page(form, entry=entry, content=content, is_draft=entry.is_draft and not explicit)


@sensitive_variables()
def _update_from_page(form: EntryForm, *, entry: Entry, content: services.EntryContent, is_draft: bool) -> Entry:
    """This editor page's words over the version it began from, named as its own on the entry."""
    page = _page_of(form)
    try:
        saved = services.entry_update(
            entry=entry, expected_version=form.cleaned_data["version"], content=content, is_draft=is_draft, page=page
        )
    except EntryConflict as conflict:
        # The newer version is this page's own, from a save whose answer the connection dropped:
        # these words carry on from it, and nobody else's are there to keep apart.
        if conflict.current is None or not _made_by_this_page(form, conflict.current):
            raise
        saved = services.entry_update(
            entry=entry, expected_version=conflict.current.version, content=content, is_draft=is_draft, page=page
        )
    # The entry holds this page's words now: a copy kept when they met a newer version goes.
    kept_words.kept_words_forget_page(entry=saved, page=page)
    return saved


def _made_by_this_page(form: EntryForm, current: Entry) -> bool:
    """Whether the entry's newest version came from this editor page's own save: one whose answer
    never came (the connection dropped as it landed) left the page on the version before, and its
    next save was told "This entry changed in another tab or device" of its own words. The entry
    row names the page that made its version (Entry.made_by_page, written in the save's own
    UPDATE), so a save writes nothing more to know it."""
    page: UUID | None = form.cleaned_data.get("page")
    if page is None:
        return False  # drawn before pages had an id: every tab at one version has the same one
    return current.made_by_page == page


def _page_of(form: EntryForm) -> UUID:
    """The editor page's id. A page drawn before pages had one gets one from its entry and the
    version it began from, so its saves still keep their words in one place."""
    page: UUID | None = form.cleaned_data.get("page")
    return page or uuid.uuid5(form.cleaned_data["entry_id"], f"version {form.cleaned_data['version']}")


@sensitive_variables()
def _keep_words(form: EntryForm, conflict: EntryConflict) -> KeptWords | None:
    """Words that met a newer version, kept beside it (never over it) until the person chooses;
    or that met the entry in the trash, kept with it for when it comes back. Closing the tab, or
    the phone dropping it, no longer takes them away."""
    entry = conflict.current or conflict.trashed
    if entry is None:
        return None
    return kept_words.kept_words_keep(entry=entry, page=_page_of(form), content=form.content())


@sensitive_variables()
def _explicit_save(request: AuthedRequest, *, entry: Entry | None) -> HttpResponse:
    form = EntryForm(request.POST)
    if form.is_valid():
        if form.is_empty():
            form.add_error("body", _("There's nothing written yet. Whenever you're ready."))
        else:
            try:
                saved = _save(request, form, explicit=True)
            except EntryConflict as conflict:
                return _conflict_response(request, form, conflict, entry)
            assert saved is not None
            texts = [form.title_to_keep(), form.cleaned_data["body"]]
            # A higher app's check (the gentle check) may put its own panel where "Saved" would be.
            taken_over = after_save_checks(request=request, texts=texts)
            if not taken_over:
                messages.success(request, _saved_message(saved))
            # "Saved" or the check's panel, both are #messages (base.html): focus lands on what
            # just happened. One address either way, so a shared phone's history never tells
            # which saves brought the panel.
            url = reverse("journal:entry", args=[saved.id]) + "#messages"
            if wants_fragment(request):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return HttpResponseRedirect(url)
    elif form.only_the_title_too_long() and not form.is_empty():
        return _save_all_but_the_title(request, form, entry)
    return _render(request, "journal/editor.html", "editor", _editor_context(request, form, entry))


def _saved_message(entry: Entry) -> str:
    # A shared copy stays as it was shared: "it stays private" would tell someone who just took a
    # line out that nobody reads it, beside the page's note that someone still does.
    if entry_has_shared_copy(entry=entry):
        return _("Saved. The copy you shared stays as it was until you share it again.")
    return _("Saved. It stays private unless you share it.")


@sensitive_variables()
def _save_all_but_the_title(request: AuthedRequest, form: EntryForm, entry: Entry | None) -> HttpResponse:
    """Save with a title too long to keep: the rest is kept (still a draft, as an autosave would
    keep it), and the editor comes back with the long title in its box and a word about it."""
    try:
        saved = _save(request, form, explicit=False)
    except EntryConflict as conflict:
        return _conflict_response(request, form, conflict, entry)
    assert saved is not None
    # The next save builds on this one, not on the version the page was opened with.
    data = request.POST.copy()
    data["version"] = str(saved.version)
    form = EntryForm(data)
    form.is_valid()
    context = _editor_context(
        request,
        form,
        saved,
        status="saved",
        title_held_back=True,
        errors=form.error_summary(),
        saved_at=timezone.localtime(saved.updated_at),
    )
    return _render(request, "journal/editor.html", "editor", context)


@sensitive_variables()
def _conflict_response(
    request: AuthedRequest, form: EntryForm, conflict: EntryConflict, entry: Entry | None
) -> HttpResponse:
    current = conflict.current
    current_view = selectors.entry_texts(user=request.user, entry=current) if current else None
    kept = _keep_words(form, conflict)
    if current is not None:
        # The person has now seen both texts: their next save is a deliberate choice, so it lands.
        data = request.POST.copy()
        data["version"] = str(current.version)
        form = EntryForm(data)
        form.is_valid()
    context = _editor_context(request, form, entry or current, conflict=True, newer=current_view, kept=kept)
    return _render(request, "journal/editor.html", "editor", context, status=200)


@saves_in_the_background
@answers_too_big(_too_long)
@sensitive_post_parameters()
@sensitive_variables()
@require_POST
@login_required_keep_text
def autosave(request: AuthedRequest) -> HttpResponse:
    """Saves a draft a few seconds after typing stops, and from navigator.sendBeacon on leaving."""
    form = EntryForm(request.POST)
    context: dict[str, Any] = {"autosave_url": reverse("journal:autosave")}
    status = "idle"
    if form.is_valid() or form.only_the_title_too_long():
        try:
            saved = _save(request, form, explicit=False)
        except EntryConflict as conflict:
            status = "conflict"
            kept = _keep_words(form, conflict)
            if kept is not None:
                status = "kept"
                context["kept"] = kept
        else:
            if saved is not None:
                status = "saved"
                context["entry"] = saved
                context["saved_at"] = timezone.localtime(saved.updated_at)
    if form.errors:
        # Nothing kept, or (a title too long to keep) all but the title: either way, say why.
        context["errors"] = form.error_summary()
        # Kept beside a newer version, the copy holds all but that title too: it is only in the
        # tab, so leaving still asks.
        context["title_held_back"] = status in {"saved", "kept"}
        if status not in {"conflict", "kept", "saved"}:
            status = "invalid"
    context["status"] = status
    # The title's own note, by its box: filled while it is too long, emptied once it fits.
    context["title_note"] = True
    context["title_errors"] = form.errors.get("title", [])
    if not wants_fragment(request):
        return HttpResponse(status=204 if status in {"saved", "idle", "kept"} else 409)
    return render(request, "journal/editor.html#save-status", context)

"""The person's side: their care page, ending a link, sharing items and stopping sharing.

Accepting an invitation is in care/views/accept.py, answering a plan suggestion in
care/views/plan_suggestions.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRefresh

from accounts.types import AuthedRequest
from care import selectors, services
from care.forms import CodeForm, ShareForm
from care.models import Link, PlanSuggestion, SharedItem
from care.views.plan_suggestions import suggestion_cards
from config.htmx import wants_fragment
from journal.keyring import JournalLocked, user_keyring
from journal.models import Entry
from sharing.copies import copies_name_entries
from sharing.share_pages import (
    ShareSource,
    entry_source,
    plan_source,
    read_as_shown,
    said_shared,
    share_page,
    summary_source,
)
from sharing.snapshots import Snapshot


def _get_shared_item_for_person(request: AuthedRequest, item_id: UUID) -> SharedItem:
    return get_object_or_404(
        SharedItem.objects.select_related("link__clinic"),
        id=item_id,
        link__person=request.user,
        link__ended_at__isnull=True,
    )


def _get_entry_for_person(request: AuthedRequest, entry_id: UUID) -> Entry:
    return get_object_or_404(Entry, id=entry_id, owner=request.user, trashed_at__isnull=True, is_draft=False)


@sensitive_variables()
def index_context(request: AuthedRequest, **extra: Any) -> dict[str, Any]:
    links = selectors.open_links_for_request(request)
    all_links, names = selectors.person_links_for_request(request)
    try:
        suggestions, undoable = suggestion_cards(request.user, names)
    except JournalLocked:
        # A plan locked with the journal holds the words each suggestion sits beside. The rest of
        # the page opens nothing of the person's, so what they share can still be seen and
        # stopped without the passphrase.
        suggestions, undoable, suggestions_locked = [], [], True
    else:
        suggestions_locked = False
    shared_items = list(selectors.shared_items_for_person(request.user).order_by("-shared_at"))
    # Each entry by its title or first words, with the journal open: two of one day read alike.
    copies_name_entries(owner=request.user, copies=shared_items)
    log = list(selectors.share_log_for_person(request.user, all_links))
    for item in shared_items:
        item.therapist_name = names.get(item.link_id, "")  # type: ignore[attr-defined]
    for event in log:
        event.therapist_name = names.get(event.link_id, "")  # type: ignore[attr-defined]
    return {
        "links": links,
        "ended_by_clinic": selectors.links_ended_by_clinic_for_request(request),
        "shared_items": shared_items,
        # Log rows link to their copy only while it is still shared; the rest are history.
        "live_item_ids": {item.id for item in shared_items},
        "suggestions": suggestions,
        "undoable": undoable,
        "suggestions_locked": suggestions_locked,
        "log": log,
        "code_form": CodeForm(),
        **extra,
    }


@require_GET
@login_required
@vary_on_headers("HX-Request")
def index(request: AuthedRequest) -> HttpResponse:
    context = index_context(request)
    # "Shared." stands just above what they share (drawn only while linked), where it can be stopped.
    context["messages_below"] = bool(context["links"]) and said_shared(request)
    return render(request, "care/person.html", context)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def link_homework_status(request: AuthedRequest, link_id: UUID) -> HttpResponse:
    link = get_object_or_404(Link, id=link_id, person=request.user)
    if link.ended_at is not None:
        # Ended in another tab, or by the clinic, while this page was open. htmx swaps no 404, so
        # the button would do nothing at all: the page comes again and says why.
        messages.info(
            request, _("This link had already ended. Everything you shared with them is gone from their view.")
        )
        return HttpResponseClientRefresh() if wants_fragment(request) else redirect("care:index")
    services.link_set_homework_status(link=link, show=request.POST.get("show") == "1")
    if wants_fragment(request):
        context = index_context(request)
        context["link"] = next(item for item in context["links"] if item.pk == link.pk)
        return render(request, "care/person.html#link", context)
    return redirect("care:index")


@require_http_methods(["GET", "POST"])
@login_required
def link_end(request: AuthedRequest, link_id: UUID) -> HttpResponse:
    link = get_object_or_404(Link, id=link_id, person=request.user)
    if link.ended_at is not None:
        # A second tap, or Back to the question: say plainly that it is done, not "not found".
        messages.info(
            request, _("This link had already ended. Everything you shared with them is gone from their view.")
        )
        return redirect("care:index")
    name = selectors.therapist_name_now(link)
    if request.method == "POST":
        services.link_end(link=link)
        messages.success(request, _("The link has ended. Everything you shared with them is gone from their view."))
        return redirect("care:index")
    return render(request, "care/link_end.html", {"link": link, "therapist_name": name})


def _share(request: AuthedRequest, source: ShareSource, store: Callable[[Link, Snapshot], object]) -> HttpResponse:
    links = selectors.open_links_for_request(request)
    if not links and request.method == "POST":
        # The link ended (in another tab, or by the clinic) while this page was open: say plainly
        # that nothing went, not "we couldn't find that page", which leaves them wondering.
        messages.info(request, _("You aren't linked with a therapist now, so nothing was shared."))
        return redirect("care:index")
    if not links:
        raise Http404

    shown = read_as_shown(request, source)
    if shown.changed:
        # Written or changed in another tab since the page opened: nothing goes. The page comes
        # again with the words as they are now, keeping whom they chose.
        form = ShareForm(initial={"link": request.POST.get("link", "")}, links=links)
    elif request.method == "POST":
        everyone, names = selectors.person_links_for_request(request)
        ended = {str(link.pk): names[link.pk] for link in everyone if link.ended_at is not None}
        form = ShareForm(request.POST, links=links, ended=ended)
    else:
        # An offer to share with one therapist ("Share it with Sam…") names them in `with`: they are
        # chosen already, and the person can still change it.
        offered = request.GET.get("with", "")
        form = ShareForm(initial={"link": offered} if offered in {str(link.pk) for link in links} else {}, links=links)

    def shared(form: forms.Form) -> HttpResponse:
        store(form.cleaned_data["link"], shown.snapshot)
        # At "Shared." (#messages, where focus lands), drawn just above the new copy and its "Stop
        # sharing": the top of the page is about two phone screens above them.
        return redirect(reverse("care:index") + "#messages")

    return share_page(
        request,
        source=shown.source,
        form=form,
        shared=shared,
        template_name="care/share.html",
        context={"links": links, "shown_version": shown.version, "changed_since": shown.changed},
    )


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_variables()
def share_entry(request: AuthedRequest, entry_id: UUID) -> HttpResponse:
    entry = _get_entry_for_person(request, entry_id)
    return _share(
        request,
        entry_source(owner=request.user, entry=entry),
        # The page's snapshot was made from this same row, so the copy is made from it too.
        lambda link, _snapshot: services.share_entry(link=link, entry=entry),
    )


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_variables()
def share_plan(request: AuthedRequest) -> HttpResponse:
    return _share(
        request,
        plan_source(owner=request.user),
        lambda link, snapshot: services.share_plan(link=link, snapshot=snapshot),
    )


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_variables()
def share_summary(request: AuthedRequest) -> HttpResponse:
    """A summary from the look back, with the span and choices the person made there."""
    source = summary_source(owner=request.user, params=request.POST if request.method == "POST" else request.GET)
    return _share(request, source, lambda link, snapshot: services.share_summary(link=link, snapshot=snapshot))


@require_GET
@login_required
@sensitive_variables()
def shared_copy(request: AuthedRequest, item_id: UUID) -> HttpResponse:
    """The copy exactly as the therapist reads it. Opening it here adds nothing to either log."""
    item = _get_shared_item_for_person(request, item_id)
    # The copy has a key of its own, so it would open without the person's. A locked journal
    # keeps it behind the passphrase all the same (JournalLocked goes to the unlock page), as a
    # supporter's copy page does: whoever holds the signed-in device can stop sharing, not read.
    user_keyring(request.user)
    return render(
        request,
        "care/shared_copy.html",
        {
            "item": item,
            "snapshot": services.shared_item_read(item),
            "therapist_name": selectors.therapist_name_now(item.link),
            "events": list(selectors.share_log_for_item(request.user, item.id)),
            "has_suggestions": item.suggestions.filter(decision=PlanSuggestion.Decision.WAITING).exists(),
        },
    )


@require_POST
@login_required
def share_stop(request: AuthedRequest, item_id: UUID) -> HttpResponse:
    try:
        item = _get_shared_item_for_person(request, item_id)
    except Http404:
        # Asked only once the copy is gone, so a first tap costs no extra query.
        if not selectors.share_stopped_in_log(person=request.user, item_id=item_id):
            raise
        # A second tap: someone protecting themselves needs to know it is done, not "not found".
        messages.info(request, _("Sharing had already stopped. Your therapist can no longer open it."))
        return redirect("care:index")
    services.share_revoke(item=item)
    messages.success(request, _("Sharing stopped. Your therapist can no longer open it."))
    return redirect("care:index")

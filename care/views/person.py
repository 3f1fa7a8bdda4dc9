"""The person's side: accept an invitation, see and end links, share items and stop sharing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.code_limits import code_missed, code_tries_paused
from accounts.types import AuthedRequest
from care import selectors, services, suggestions
from care.forms import CodeForm, ShareForm
from care.models import Invitation, Link, Membership, PlanSuggestion, SharedItem, invitation_code_hash
from care.policy import INVITATION_SESSION_KEY, invitation_from_session, invitation_to_session
from config.htmx import wants_fragment
from journal.models import Entry
from safety.plan_sections import SECTIONS_BY_SLUG
from safety.selectors import plan_step_words
from sharing.share_pages import ShareSource, entry_source, plan_source, share_page, summary_source


def _get_link_for_person(request: AuthedRequest, link_id: UUID) -> Link:
    return get_object_or_404(Link, id=link_id, person=request.user, ended_at__isnull=True)


def _get_shared_item_for_person(request: AuthedRequest, item_id: UUID) -> SharedItem:
    return get_object_or_404(
        SharedItem.objects.select_related("link__clinic"),
        id=item_id,
        link__person=request.user,
        link__ended_at__isnull=True,
    )


def _get_suggestion_for_person(request: AuthedRequest, suggestion_id: UUID) -> PlanSuggestion:
    return get_object_or_404(
        PlanSuggestion.objects.select_related("item__link"),
        id=suggestion_id,
        item__link__person=request.user,
        item__link__ended_at__isnull=True,
    )


def _get_entry_for_person(request: AuthedRequest, entry_id: UUID) -> Entry:
    return get_object_or_404(Entry, id=entry_id, owner=request.user, trashed_at__isnull=True, is_draft=False)


@sensitive_variables()
def _suggestion_cards(person: Any, names: dict[object, str]) -> tuple[list[PlanSuggestion], list[PlanSuggestion]]:
    """Waiting suggestions beside the person's own words now, and taken ones they can still undo.

    The person's own words come from their plan, with their keyring, on their own page only.
    """
    found = list(
        selectors.suggestions_for_person(person).filter(
            Q(decision=PlanSuggestion.Decision.WAITING) | Q(replaced__isnull=False)
        )
    )
    if not found:
        return [], []
    words = plan_step_words(person)
    waiting, undoable = [], []
    for suggestion in found:
        card: Any = suggestion
        card.text = suggestions.plan_suggestion_text(suggestion)
        card.therapist_name = names.get(suggestion.item.link_id, "")
        card.section_title = SECTIONS_BY_SLUG[suggestion.section].title
        card.current = words.get(suggestion.section, "")
        if suggestion.decision == PlanSuggestion.Decision.WAITING:
            waiting.append(suggestion)
        elif suggestions.plan_suggestion_can_undo(suggestion, current=card.current):
            replaced = suggestions.plan_suggestion_replaced(suggestion, owner=person)
            card.before = replaced.own if replaced else ""
            undoable.append(suggestion)
        # Otherwise they changed this step since taking the words: that change is theirs to keep,
        # and saving it let go of the way back (care.suggestions.plan_suggestions_forget_stale).
    return waiting, undoable


@sensitive_variables()
def _index_context(request: AuthedRequest, **extra: Any) -> dict[str, Any]:
    links = selectors.open_links_for_request(request)
    _all_links, names = selectors.person_links_for_request(request)
    suggestions, undoable = _suggestion_cards(request.user, names)
    shared_items = list(selectors.shared_items_for_person(request.user).order_by("-shared_at"))
    log = list(selectors.share_log_for_person(request.user))
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
        "log": log,
        "code_form": CodeForm(),
        **extra,
    }


@require_GET
@login_required
@vary_on_headers("HX-Request")
def index(request: AuthedRequest) -> HttpResponse:
    return render(request, "care/person.html", _index_context(request))


@require_POST
@login_required
def accept_code(request: AuthedRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if not form.is_valid():
        return render(request, "care/person.html", _index_context(request, code_form=form), status=200)
    if (paused := code_tries_paused(request)) is not None:
        return paused
    invitation = _usable_invitation(services.code_clean(form.cleaned_data["code"]))
    if invitation is None:
        code_missed(request)
    if invitation is None or invitation.therapist_id == request.user.pk:
        return _not_working(request)
    # Kept by its id in the session, as a link opened before signing in is: the code stays out
    # of the address, and so out of the browser's history.
    invitation_to_session(request, invitation)
    return redirect("care:accept_pending")


def _usable_invitation(code: str) -> Invitation | None:
    invitation = Invitation.objects.filter(code_hash=invitation_code_hash(code)).select_related("clinic").first()
    if invitation is None or not invitation.is_usable:
        return None
    return invitation


def _therapist_name(invitation: Invitation) -> str:
    therapist = Membership.objects.filter(
        user_id=invitation.therapist_id, role=Membership.Role.THERAPIST, clinic=invitation.clinic
    ).first()
    return therapist.display_name if therapist else ""


def _not_working(request: HttpRequest, *, pending: bool = False) -> HttpResponse:
    """The kind page for a code or an invitation that cannot be used (any more, or by this person)."""
    context = {"invitation": None, "pending": pending, "code_form": CodeForm()}
    return render(request, "care/accept.html", context, status=404)


def _accept_signed_out(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    """Someone opening their therapist's link before they have signed in, or have an account."""
    if invitation is None:
        return _not_working(request)
    # Kept (by its id, never the code) so a server that is invite-only still lets this person
    # create an account, and so signing in (or confirming a new email) leads back to it.
    invitation_to_session(request, invitation)
    # Back to the page that reads the invitation from the session: the code stays out of the
    # sign-in page's address, and out of what allauth keeps in the session while it confirms an email.
    back = urlencode({"next": reverse("care:accept_pending")})
    return render(
        request,
        "care/accept.html",
        {
            "invitation": invitation,
            "therapist_name": _therapist_name(invitation),
            "sign_in_url": f"{reverse('account_login')}?{back}",
            # Taken by the account this link already made: signing in is the way now.
            "sign_up_url": f"{reverse('account_signup')}?{back}" if invitation.signed_up_id is None else "",
        },
    )


def _accepted(request: AuthedRequest) -> HttpResponse:
    request.session.pop(INVITATION_SESSION_KEY, None)
    messages.success(request, _("You are linked. Nothing is shared until you choose to share it."))
    return redirect("care:index")


@require_http_methods(["GET", "POST"])
def accept(request: AuthedRequest, code: str) -> HttpResponse:
    """The therapist's link, with its code: the way in for someone who got it by email or on paper."""
    if (paused := code_tries_paused(request)) is not None:
        return paused
    invitation = _usable_invitation(code)
    if invitation is None:
        code_missed(request)
    if not request.user.is_authenticated:
        if request.method == "POST" and invitation is not None:
            # Signed out since the page opened: signing in leads back by the session, as from the link.
            invitation_to_session(request, invitation)
            return redirect_to_login(reverse("care:accept_pending"))
        return _accept_signed_out(request, invitation)
    if invitation is None or invitation.therapist_id == request.user.pk:
        return _not_working(request)
    if request.method == "POST":
        try:
            services.invitation_accept(code=code, person=request.user)
        except services.InvitationUnusable:
            return _not_working(request)
        return _accepted(request)
    accept_url = reverse("care:accept", kwargs={"code": services.code_clean(code)})
    context = {"invitation": invitation, "therapist_name": _therapist_name(invitation), "accept_url": accept_url}
    return render(request, "care/accept.html", context)


@require_http_methods(["GET", "POST"])
def accept_pending(request: AuthedRequest) -> HttpResponse:
    """The invitation this browser opened before signing in or up, named in the session by its id.

    Where signing in and signing up lead back to, so no code is in the address. It asks the same
    question as the link itself, and saying yes uses the invitation the session names.
    """
    invitation = invitation_from_session(request)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(reverse("care:accept_pending"))
        return (
            _accept_signed_out(request, invitation) if invitation is not None else _not_working(request, pending=True)
        )
    # Only someone who could say yes to it sees it: not its own therapist, and not another account
    # than the one it opened sign-up for.
    if (
        invitation is None
        or invitation.therapist_id == request.user.pk
        or invitation.signed_up_id not in (None, request.user.pk)
    ):
        return _not_working(request, pending=True)
    if request.method == "POST":
        try:
            services.invitation_use(invitation=invitation, person=request.user)
        except services.InvitationUnusable:
            return _not_working(request, pending=True)
        return _accepted(request)
    context = {
        "invitation": invitation,
        "therapist_name": _therapist_name(invitation),
        "accept_url": reverse("care:accept_pending"),
    }
    return render(request, "care/accept.html", context)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def link_homework_status(request: AuthedRequest, link_id: UUID) -> HttpResponse:
    link = _get_link_for_person(request, link_id)
    services.link_set_homework_status(link=link, show=request.POST.get("show") == "1")
    if wants_fragment(request):
        context = _index_context(request)
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


def _share(request: AuthedRequest, source: ShareSource, store: Callable[[Link], object]) -> HttpResponse:
    links = selectors.open_links_for_request(request)
    if not links:
        raise Http404

    def shared(form: forms.Form) -> HttpResponse:
        store(form.cleaned_data["link"])
        return redirect("care:index")

    return share_page(
        request,
        source=source,
        form=ShareForm(request.POST or None, links=links),
        shared=shared,
        template_name="care/share.html",
        context={"links": links},
    )


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_variables()
def share_entry(request: AuthedRequest, entry_id: UUID) -> HttpResponse:
    entry = _get_entry_for_person(request, entry_id)
    return _share(
        request,
        entry_source(owner=request.user, entry=entry),
        lambda link: services.share_entry(link=link, entry=entry),
    )


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_variables()
def share_plan(request: AuthedRequest) -> HttpResponse:
    return _share(request, plan_source(owner=request.user), lambda link: services.share_plan(link=link))


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_variables()
def share_summary(request: AuthedRequest) -> HttpResponse:
    """A summary from the look back, with the span and choices the person made there."""
    source = summary_source(owner=request.user, params=request.POST if request.method == "POST" else request.GET)
    return _share(request, source, lambda link: services.share_summary(link=link, snapshot=source.snapshot_for()))


@require_GET
@login_required
@sensitive_variables()
def shared_copy(request: AuthedRequest, item_id: UUID) -> HttpResponse:
    """The copy exactly as the therapist reads it. Opening it here adds nothing to either log."""
    item = _get_shared_item_for_person(request, item_id)
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


@require_POST
@login_required
@sensitive_variables()
def suggestion_decide(request: AuthedRequest, suggestion_id: UUID) -> HttpResponse:
    suggestion = _get_suggestion_for_person(request, suggestion_id)
    decision = request.POST.get("decision")
    answered = _("You have already answered this one. Your plan is as you left it.")
    if decision == "accept":
        done = suggestions.plan_suggestion_accept(suggestion=suggestion)
        message = _("Your plan has the suggested words now. Your own words are kept here if you want them back.")
    elif decision == "reject":
        done = suggestions.plan_suggestion_reject(suggestion=suggestion)
        message = _("You kept your own words. Your plan stays as it was.")
    elif decision == "undo":
        done = suggestions.plan_suggestion_undo(suggestion=suggestion)
        message = _("Your own words are back in your plan.")
        answered = _("This step has changed since, so it stays as it is now.")
    elif decision == "keep":
        suggestions.plan_suggestion_undo_forget(suggestion=suggestion)
        done, message = True, _("Your plan keeps the new words. Your earlier words are deleted.")
    else:
        return HttpResponseBadRequest()
    messages.success(request, message if done else answered)
    anchor = _suggestion_anchor(request, suggestion, taken=decision == "accept" and done)
    return redirect(reverse("care:index") + anchor)


def _suggestion_anchor(request: AuthedRequest, suggestion: PlanSuggestion, *, taken: bool) -> str:
    """Where the care page opens after an answer: a heading that is drawn and takes the focus.

    Taken words open at their own card (to put them back); otherwise at the suggestions while
    any remain, and once the last is answered, at what they share, or linking if nothing is open.
    """
    waiting, undoable = _suggestion_cards(request.user, {})
    if taken and any(card.pk == suggestion.pk for card in undoable):
        return f"#suggestion-{suggestion.id}"
    if waiting or undoable:
        return "#suggestions-heading"
    return "#shared-heading" if selectors.open_links_for_request(request) else "#code-heading"

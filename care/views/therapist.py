"""The therapist's side: clients, invitations, homework, and the items clients chose to share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from accounts.middleware import keeps_text_when_locked
from care import client_copies, homework, selectors, services, suggestions
from care.access import MemberRequest, therapist_required, therapist_required_keeping
from care.forms import AssignForm, SuggestionForm
from care.models import Assignment, AuditEvent, Invitation, Link, PlanSuggestion, SharedItem, ShareEvent
from config.htmx import wants_fragment
from safety.plan_sections import SECTIONS_BY_SLUG
from sharing.snapshots import PlanStepCopy, Snapshot

# Set when a suggestion is sent, so the way back to the plan is not logged as another opening.
_RETURN_TRIP_KEY = "care_suggestion_sent_for"


class NoLongerShared(Http404):
    """It was this therapist's to see, and the person has since stopped sharing it or ended the link,
    or the link ended when the therapist left the clinic (then `left` names that clinic), or the
    person shared a newer copy in its place (then `replaced_on` is the link it is on). `whole_link`:
    asked for the client's page (or to suggest homework there), not for one item shared on it."""

    def __init__(self, left: str = "", replaced_on: Link | None = None, *, whole_link: bool = False) -> None:
        super().__init__()
        self.left = left
        self.replaced_on = replaced_on
        self.whole_link = whole_link


View = Callable[..., HttpResponse]


def _no_longer_shared_kindly(*, words: str = "") -> Callable[[View], View]:
    """Still a 404, but said plainly. Only ever raised for the therapist who had access.

    `words` names the form's text field: what they wrote while access ended is not stored
    anywhere, but shown back on that page so they can copy it.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: MemberRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except NoLongerShared as gone:
                return _no_longer_shared_page(request, gone, request.POST.get(words, "") if words else "")

        return wrapper

    return decorator


@sensitive_variables()
def _no_longer_shared_page(request: MemberRequest, gone: NoLongerShared, unsent: str) -> HttpResponse:
    context = {
        "left": gone.left,
        "replaced_on": gone.replaced_on,
        "whole_link": gone.whole_link,
        "unsent": unsent if unsent.strip() else "",
    }
    if not wants_fragment(request):
        return render(request, "care/no_longer_shared.html", context, status=404)
    if context["unsent"]:
        # htmx swaps no 404, and a reload would lose the words: the page's own content takes the
        # place of this page's, with the words in it.
        response = render(request, "care/no_longer_shared.html#gone", context)
        return reswap(retarget(response, "#main"), "innerHTML")
    # htmx leaves a 404 unswapped; reloading shows the page that explains.
    response = render(request, "care/no_longer_shared.html", context, status=404)
    response["HX-Refresh"] = "true"
    return response


def _get_link_for_therapist(request: MemberRequest, link_id: UUID, item_id: UUID | None = None) -> Link:
    # The clinic check means a therapist who moved clinics leaves their old clients behind.
    link = Link.objects.select_related("person", "clinic").filter(id=link_id, therapist=request.user).first()
    if link is None:
        if _opened_before(request, link_id, item_id):
            # Theirs, and gone with the person's account: a page left open said "mistyped link",
            # and with htmx "Suggest it" did nothing at all. The clinic's log says it was theirs.
            raise NoLongerShared(whole_link=item_id is None)
        raise Http404  # never theirs: the same answer as an id that does not exist
    if link.ended_because == Link.EndedBecause.THERAPIST_LEFT or link.clinic_id != request.membership.clinic_id:
        # Theirs once, at a clinic they have left: the link ended then (or ends at the next change).
        raise NoLongerShared(left=link.clinic.name)
    if link.ended_at is not None:
        raise NoLongerShared(whole_link=item_id is None)
    return link


def _opened_before(request: MemberRequest, link_id: UUID, item_id: UUID | None = None) -> bool:
    """This therapist opened this client's page at their clinic, or this item shared with them
    there, as the audit log records. A link deleted with its person's account leaves nothing else:
    a therapist who opened items from their clients list only would read "we couldn't find that"."""
    opened = Q(action=AuditEvent.Action.CLIENT_OPENED, target=str(link_id))
    if item_id is not None:
        opened |= Q(action=AuditEvent.Action.SHARED_ITEM_OPENED, target=str(item_id))
    return AuditEvent.objects.filter(opened, clinic=request.membership.clinic, actor=request.user).exists()


def _get_shared_item_for_therapist(request: MemberRequest, link_id: UUID, item_id: UUID) -> tuple[Link, SharedItem]:
    """The link and the item shared on it. Any other answer is a 404, and the clinic's audit log
    notes the attempt (ids only): opening what is not shared is something a clinic should see."""
    try:
        link = _get_link_for_therapist(request, link_id, item_id)
        item = SharedItem.objects.select_related("entry", "link__clinic").filter(id=item_id, link=link).first()
        if item is None:
            # The sharing log outlives the copy: it tells a stopped share from an id never shared here.
            lines = ShareEvent.objects.filter(link=link, item_id=item_id).order_by()  # a set: no sort
            actions = set(lines.values_list("action", flat=True))
            if not actions:
                raise Http404
            # Gone without being stopped, on a link still open: sharing it again replaced this copy.
            raise NoLongerShared(replaced_on=None if ShareEvent.Action.STOPPED in actions else link)
    except Http404 as refused:
        # "Not shared with them" for a copy they were shown before read as snooping to the clinic.
        no_longer = isinstance(refused, NoLongerShared) and _was_shared_with(request, link_id, item_id)
        services.audit_record(
            clinic=request.membership.clinic,
            actor=request.user,
            action=AuditEvent.Action.SHARED_ITEM_NO_LONGER if no_longer else AuditEvent.Action.SHARED_ITEM_REFUSED,
            target=item_id,
        )
        raise
    return link, item


def _was_shared_with(request: MemberRequest, link_id: UUID, item_id: UUID) -> bool:
    """This item was shared with this therapist once: their link's sharing log says so, or, with the
    link gone with the person's account, the clinic's log has them opening it. A link that is only
    theirs (ended, say) says nothing of an item id never shared on it."""
    shared = ShareEvent.objects.filter(
        link_id=link_id, link__therapist=request.user, item_id=item_id, action=ShareEvent.Action.SHARED
    )
    if shared.exists():
        return True
    return AuditEvent.objects.filter(
        clinic=request.membership.clinic,
        actor=request.user,
        action=AuditEvent.Action.SHARED_ITEM_OPENED,
        target=str(item_id),
    ).exists()


def _dashboard_context(request: MemberRequest) -> dict[str, Any]:
    membership = request.membership
    clients = list(selectors.clients_for(membership))
    return {
        "membership": membership,
        # Each marked if they shared something not opened yet: what shows, between sessions, that
        # someone shared something new (each item says so too).
        "clients": clients,
        # Once every client has ended the link, "Welcome" and "Nobody yet" read as if they had never
        # been there, or had been lost. Asked only when nobody is linked now.
        "had_clients": not clients and selectors.had_clients(membership),
        "invitations": list(selectors.open_invitations_for(membership)),
        "shared_items": list(selectors.shared_items_for_therapist(membership, limit=50)),
    }


@require_GET
@therapist_required
@vary_on_headers("HX-Request")
def dashboard(request: MemberRequest) -> HttpResponse:
    services.audit_record(
        clinic=request.membership.clinic, actor=request.user, action=AuditEvent.Action.CLIENT_LIST_OPENED
    )
    return render(request, "care/dashboard.html", _dashboard_context(request))


@require_POST
@therapist_required
@vary_on_headers("HX-Request")
def invitation_create(request: MemberRequest) -> HttpResponse:
    invitation = services.invitation_create(membership=request.membership)
    # Shown in this answer only (no redirect): the server keeps a hash, so the code cannot be shown again.
    context = {**_dashboard_context(request), "new_invitation": invitation}
    if wants_fragment(request):
        return render(request, "care/dashboard.html#invitations", context)
    return render(request, "care/dashboard.html", context)


@require_POST
@therapist_required
def invitation_cancel(request: MemberRequest, invitation_id: UUID) -> HttpResponse:
    """Take back a code that was not used yet, e.g. one sent to the wrong person."""
    invitation = Invitation.objects.filter(
        id=invitation_id, therapist=request.user, clinic=request.membership.clinic
    ).first()
    if invitation is None:
        # A second tap, or taken back in another tab: the clinic's log says it was theirs.
        taken_back = AuditEvent.objects.filter(
            clinic=request.membership.clinic,
            actor=request.user,
            action=AuditEvent.Action.INVITATION_CANCELLED,
            target=str(invitation_id),
        )
        if not taken_back.exists():
            raise Http404
    elif invitation.used_at is not None:
        # Said yes to while this page was open (in the session, say): the link is the person's to end.
        messages.info(
            request,
            _("That code was used already, so it can't be taken back. Whoever used it is in your list of clients."),
        )
        return redirect("care:dashboard")
    else:
        services.invitation_cancel(invitation=invitation, actor=request.user)
    messages.success(request, _("That code no longer works."))
    return redirect("care:dashboard")


def _client_context(request: MemberRequest, link: Link, form: AssignForm | None = None) -> dict[str, Any]:
    return {
        "link": link,
        "homework": homework.homework_for_link(link),
        "copies": client_copies.copies_page(link, before=request.GET.get("before", "")),
        "form": form or AssignForm(sequences=selectors.sequences_for_clinic(link.clinic)),
    }


@require_GET
@therapist_required
@_no_longer_shared_kindly()
@vary_on_headers("HX-Request")
@sensitive_variables()
def client(request: MemberRequest, link_id: UUID) -> HttpResponse:
    link = _get_link_for_therapist(request, link_id)
    older = request.GET.get("before", "")
    if wants_fragment(request) and older and not client_copies.cursor_parses(older):
        # Only an address changed by hand: the newest would be added under older ones, twice.
        return HttpResponse(status=204)
    services.audit_record(
        clinic=link.clinic, actor=request.user, action=AuditEvent.Action.CLIENT_OPENED, target=link.id
    )
    if wants_fragment(request) and older:
        # "Show older" with htmx: the next page of copies only, added under those shown. Homework
        # and the form's reflections are not asked for: they are on the page already.
        copies = client_copies.copies_page(link, before=older)
        return render(request, "care/client.html#older", {"link": link, "copies": copies, "fragment": True})
    return render(request, "care/client.html", _client_context(request, link))


@keeps_text_when_locked
@require_POST
@therapist_required_keeping("note")
@_no_longer_shared_kindly(words="note")
@vary_on_headers("HX-Request")
@sensitive_post_parameters("note")
@sensitive_variables()
def assign(request: MemberRequest, link_id: UUID) -> HttpResponse:
    link = _get_link_for_therapist(request, link_id)
    form = AssignForm(request.POST, sequences=selectors.sequences_for_clinic(link.clinic))
    # A reflection suggested again while still open: the one suggestion kept, and what to say of it.
    again: Assignment | None = None
    if form.is_valid():
        assignment, kept = services.homework_suggest(link=link, **form.cleaned_data)
        again = assignment if kept else None
        if not wants_fragment(request):
            if again:
                messages.info(request, _suggested_again(again))
            return redirect("care:client", link_id=link.id)
        form = AssignForm(sequences=selectors.sequences_for_clinic(link.clinic))
    template = "care/client.html#homework" if wants_fragment(request) else "care/client.html"
    said = _suggested_again(again) if again else ""
    return render(request, template, {**_client_context(request, link, form), "again": again, "again_said": said})


def _suggested_again(assignment: Assignment) -> str:
    """What a therapist is told on suggesting again a reflection still open: no second one."""
    day = date_format(timezone.localdate(assignment.created_at), "DATE_FORMAT")
    return _("You suggested this already on %(day)s, and it is still open. It stays one suggestion.") % {"day": day}


@dataclass(frozen=True)
class AnsweredStep(PlanStepCopy):
    """A step of the shared plan with the latest suggestion made on it (never the person's own words)."""

    answer: PlanSuggestion | None = None


def _with_answers(item: SharedItem, snapshot: Snapshot) -> Snapshot:
    """Each step says whether a suggestion on it waits for an answer, or how it was answered."""
    latest: dict[str, PlanSuggestion] = {}
    for suggestion in item.suggestions.only("section", "decision", "decided_at", "created_at"):
        # A suggestion still waiting is the news; otherwise the newest answer is.
        if latest.get(suggestion.section) is None or latest[suggestion.section].decision:
            latest[suggestion.section] = suggestion
    steps = tuple(
        AnsweredStep(step.section, step.body, step.obstacles, answer=latest.get(step.section.slug))
        for step in snapshot.steps
    )
    return replace(snapshot, steps=steps)


@require_GET
@therapist_required
@_no_longer_shared_kindly()
@sensitive_variables()
def shared_item(request: MemberRequest, link_id: UUID, item_id: UUID) -> HttpResponse:
    link, item = _get_shared_item_for_therapist(request, link_id, item_id)
    if request.session.pop(_RETURN_TRIP_KEY, None) == str(item.id):
        # Back from sending a suggestion on this page: the same visit, and the suggestion is logged.
        snapshot = services.shared_item_read(item)
    else:
        snapshot = services.shared_item_open(item=item, therapist=request.user)
    if snapshot.is_plan:
        snapshot = _with_answers(item, snapshot)
    return render(request, "care/shared_item.html", {"link": link, "item": item, "snapshot": snapshot})


@keeps_text_when_locked
@require_http_methods(["GET", "POST"])
@therapist_required_keeping("body")
@_no_longer_shared_kindly(words="body")
@sensitive_post_parameters("body")
@sensitive_variables()
def plan_suggest(request: MemberRequest, link_id: UUID, item_id: UUID, section: str) -> HttpResponse:
    link, item = _get_shared_item_for_therapist(request, link_id, item_id)
    if item.kind != SharedItem.Kind.PLAN or section not in SECTIONS_BY_SLUG:
        raise Http404
    snapshot = services.shared_item_read(item)
    step = next((s for s in snapshot.steps if s.section.slug == section), None)
    if request.method == "POST":
        form = SuggestionForm(request.POST, shared_words=step.body if step else "")
        if form.is_valid():
            suggestions.plan_suggestion_create(
                item=item, section=section, body=form.cleaned_data["body"], therapist=request.user
            )
            request.session[_RETURN_TRIP_KEY] = str(item.id)
            messages.success(
                request,
                _("Sent. %(who)s sees your words labelled as yours, and decides whether to use them.")
                % {"who": link.person.email},
            )
            return redirect(reverse("care:shared_item", args=[link.id, item.id]) + f"#step-{section}")
    else:
        form = SuggestionForm(initial={"body": step.body if step else ""})
    waiting = item.suggestions.filter(section=section, decision=PlanSuggestion.Decision.WAITING).exists()
    return render(
        request,
        "care/plan_suggest.html",
        {
            "link": link,
            "item": item,
            "section": SECTIONS_BY_SLUG[section],
            "step": step,
            "form": form,
            "waiting": waiting,
        },
    )

"""What the care partials on other apps' pages need, looked up only where those partials appear."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django import template
from django.db import DatabaseError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from care import homework, selectors
from care.models import Assignment, Link, Membership, PlanSuggestion, SharedItem
from care.selectors import site_clinic_names

register = template.Library()

_CACHE = "_care_roles"
_WAITING = "_care_waiting_suggestions"
DONE_SHOWN_DAYS = 7
ENDED_SHOWN_DAYS = 14


def _roles(request: HttpRequest) -> dict[str, Any]:
    cached: dict[str, Any] | None = getattr(request, _CACHE, None)
    if cached is None:
        # The same memberships the page's own access check read (care/access.py), not a second query.
        cached = {"roles": selectors.memberships_for_request(request)}
        setattr(request, _CACHE, cached)
    return cached


@register.simple_tag(takes_context=True)
def care_roles(context: Any) -> dict[str, Membership]:
    request = context.get("request")
    return _roles(request)["roles"] if request is not None else {}


@register.simple_tag(takes_context=True)
def care_clinic_name(context: Any) -> str:
    """The clinic whose name heads the page: the member's, the server's only one, or a linked person's."""
    request = context.get("request")
    if request is None:
        return ""
    try:
        cached = _roles(request)
        if "clinic_name" not in cached:
            cached["clinic_name"] = _clinic_name(request, cached["roles"])
        return str(cached["clinic_name"])
    except DatabaseError:
        # Error pages render this too; a database outage must not take the page down with it.
        return ""


def _clinic_name(request: HttpRequest, roles: dict[str, Membership]) -> str:
    for membership in roles.values():
        return membership.clinic.name
    names = site_clinic_names()
    if len(names) < 2:
        # A clinic's own server shows its name to everyone; a server without clinics shows none.
        return names[0] if names else ""
    user: Any = request.user
    if not user.is_authenticated:
        # On a server several clinics share, no clinic is the site's: the first one's name on the
        # sign-in page, or on the page a supporter opens, said the reader was at that clinic.
        return ""
    link = Link.objects.filter(person=user, ended_at__isnull=True).select_related("clinic").first()
    return link.clinic.name if link else ""


def _share_offer_url(entry_id: object, *, link_id: object, back: str) -> str:
    """The share page for a finished homework reflection, from its offer: that therapist chosen (not
    whoever the person linked with first), and its "Back" and "Not now" returning to the offer (`next`,
    a path of ours), not to the entry, which offers to share again."""
    share = reverse("care:share_entry", kwargs={"entry_id": entry_id})
    return f"{share}?{urlencode({'with': link_id, 'next': back})}"


@register.simple_tag(takes_context=True)
def homework_for_home(context: Any) -> list[homework.HomeworkView]:
    request = context.get("request")
    if request is None or not request.user.is_authenticated or not selectors.clinics_exist():
        return []
    recent = timezone.now() - timedelta(days=DONE_SHOWN_DAYS)
    views = homework.homework_for_person(request.user, links=selectors.open_links_for_request(request))
    if not views:
        return []
    # Shared with the therapist who suggested it: one shared with another therapist still has its offer.
    shared = set(
        SharedItem.objects.filter(link__person=request.user, entry__isnull=False).values_list("link_id", "entry_id")
    )
    back = f"{reverse('home')}#homework-heading"
    shown = []
    for view in views:
        if view.status != "done" or view.assignment.created_at >= recent:
            view.is_shared = (view.assignment.link_id, view.entry_id) in shared
            if view.status == "done" and view.entry_id is not None:
                view.share_url = _share_offer_url(view.entry_id, link_id=view.assignment.link_id, back=back)
            shown.append(view)
    return shown


_SUGGESTED_ATTR = "_care_suggestions"


@register.simple_tag(takes_context=True)
def suggested_by(context: Any, sequence: Any) -> list[str]:
    """The names of the person's therapists who suggested this reflection, on the list of them:
    there, a suggested one looked like any other. Worked out once a request for the whole list."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated or not selectors.clinics_exist():
        return []
    found: dict[int, list[homework.Suggestion]] | None = getattr(request, _SUGGESTED_ATTR, None)
    if found is None:
        found = homework.suggestions(links=selectors.open_links_for_request(request))
        setattr(request, _SUGGESTED_ATTR, found)
    # A name once, as before: the same therapist linked twice (two clinics) read "Sam, Sam".
    return list(dict.fromkeys(item.therapist_name for item in found.get(sequence.pk, [])))


@register.simple_tag(takes_context=True)
def suggested_here(context: Any, sequence: Any) -> list[homework.Suggestion]:
    """Said on the reflection's own page: found under Reflections, a suggested one looked like any
    other, and the therapist's note was on the home page only."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated or not selectors.clinics_exist():
        return []
    found = homework.suggestions(sequence_id=sequence.pk, links=selectors.open_links_for_request(request))
    return found.get(sequence.pk, [])


@register.simple_tag(takes_context=True)
def links_ended_lately(context: Any) -> list[Link]:
    """Links ended lately because the therapist left their clinic: said on home, where their suggestions were."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated or not selectors.clinics_exist():
        return []
    since = timezone.now() - timedelta(days=ENDED_SHOWN_DAYS)
    return selectors.links_ended_by_clinic_for_request(request, since=since)


@register.simple_tag(takes_context=True)
def waiting_suggestions(context: Any) -> list[PlanSuggestion]:
    """Safety plan suggestions waiting for this person's answer, and who made them. Looked up once a page."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated or not selectors.clinics_exist():
        return []
    cached: list[PlanSuggestion] | None = getattr(request, _WAITING, None)
    if cached is None and selectors.open_links_already_read(request) == []:
        # Home read the links for homework just before: with none open, nothing can be waiting.
        cached = []
    if cached is None:
        cached = list(
            selectors.suggestions_for_person(request.user)
            .filter(decision=PlanSuggestion.Decision.WAITING)
            .only(
                "id",
                "section",
                "created_at",
                "item__id",
                "item__link__id",
                "item__link__therapist_id",
                "item__link__therapist_name",
            )
            # Who made each, in the same query (selectors.therapist_names).
            .annotate(
                name_now=selectors.therapist_name_now_subquery("item__link__therapist_id", "item__link__clinic_id")
            )
        )
        for suggestion in cached:
            name = getattr(suggestion, "name_now", None) or suggestion.item.link.therapist_name
            suggestion.therapist_name = name  # type: ignore[attr-defined]
        setattr(request, _WAITING, cached)
    return cached


@register.simple_tag(takes_context=True)
def share_state(context: Any, kind: str, item: Any = None) -> dict[str, Any]:
    """Who this item could be shared with, who already has a copy, and whose copy is older than
    the entry's latest changes (a copy never follows them)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated or getattr(item, "is_draft", False):
        return {"links": [], "shared_with": [], "older_with": [], "current_with": []}
    links = selectors.open_links_for_request(request)
    if not links or kind == "summary":
        # A summary is made fresh each time it is shared: there is no one item to ask about.
        return {"links": links, "shared_with": [], "older_with": [], "current_with": []}
    items = SharedItem.objects.filter(link__in=links)
    items = items.filter(entry_id=item.pk) if kind != "plan" and item is not None else items.filter(kind="plan")
    names = {link.pk: link.therapist_name for link in links}
    copies = list(items.values_list("link_id", "shared_at"))
    changed_at = getattr(item, "updated_at", None) if kind != "plan" else None
    older_with = sorted({names.get(link_id, "") for link_id, at in copies if changed_at and at < changed_at})
    shared_with = sorted({names.get(link_id, "") for link_id, _at in copies})
    # Whose copy is as the entry is now: with one therapist's copy older, the other went unsaid.
    current_with = sorted({names.get(link_id, "") for link_id, at in copies if not (changed_at and at < changed_at)})
    return {"links": links, "shared_with": shared_with, "older_with": older_with, "current_with": current_with}


@register.simple_tag(takes_context=True)
def homework_share_offer(context: Any, run: Any) -> dict[str, Any] | None:
    """For a finished reflection a therapist suggested: whom it could go to, and whether it already has.

    Nothing is offered once the link has ended, or for a reflection nobody suggested.
    """
    request = context.get("request")
    if request is None or not request.user.is_authenticated or run is None:
        return None
    if run.owner_id != request.user.pk or not run.is_finished or run.entry_id is None:
        return None
    links = {link.pk: link for link in selectors.open_links_for_request(request)}
    if not links:
        return None
    # The latest suggestion made before this reflection was finished is the one it answers: one begun
    # earlier and picked up again after the suggestion counts, as it does for the status (care.homework).
    link_id = (
        Assignment.objects.filter(
            link_id__in=links, sequence_id=run.version.sequence_id, created_at__lte=run.finished_at or run.started_at
        )
        .order_by("-created_at")
        .values_list("link_id", flat=True)
        .first()
    )
    if link_id is None:
        return None
    entry = run.entry
    if entry is None or entry.trashed_at is not None or entry.is_draft:
        return None
    link = links[link_id]
    return {
        "therapist_name": link.therapist_name,
        # The share page then has this therapist chosen, not whoever the person linked with first,
        # and its "Back" and "Not now" return to this finished page (`next`, the run's id only).
        "url": _share_offer_url(run.entry_id, link_id=link.pk, back=reverse("prompts:run", args=[run.pk])),
        "is_shared": SharedItem.objects.filter(link=link, entry_id=run.entry_id).exists(),
    }


@register.simple_tag(takes_context=True)
def deletion_ends(context: Any) -> dict[str, Any]:
    """The links deleting this account ends: with their clients (as a therapist) and with their therapists."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated or not selectors.clinics_exist():
        return {}
    membership = _roles(request)["roles"].get(Membership.Role.THERAPIST)
    return {
        "clinic": membership.clinic.name if membership else "",
        "clients": selectors.clients_for(membership).count() if membership else 0,
        "therapists": [link.therapist_name for link in selectors.open_links_for_request(request)],
    }

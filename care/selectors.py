"""Reading care data, always scoped: by the person, or by the therapist and their clinic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from care.models import Assignment, Clinic, Invitation, Link, Membership, PlanSuggestion, SharedItem, ShareEvent
from care.snapshots import NOTE_PURPOSE, open_ring
from prompts.models import Run, Sequence

SITE_CLINICS_CACHE_KEY = "care:site-clinics"


def site_clinics() -> dict[str, Any]:
    """The server's clinics in brief, for every page: up to two names (one means a clinic's own
    server), that one clinic's settings, and whether any clinic asks for invite-only sign-up.

    Cached, because every page asks and clinics change only in the admin (signals clear it).
    """
    found = cache.get(SITE_CLINICS_CACHE_KEY)
    if found is None:
        clinics = list(Clinic.objects.order_by("pk").values("name", "quick_exit_url", "idle_timeout_minutes")[:2])
        found = {
            "names": [clinic["name"] for clinic in clinics],
            "only": clinics[0] if len(clinics) == 1 else None,
            "invite_only": Clinic.objects.filter(invite_only=True).exists(),
        }
        cache.set(SITE_CLINICS_CACHE_KEY, found, 300)
    return dict(found)


def site_clinic_names() -> list[str]:
    return list(site_clinics()["names"])


def membership_for(user: User, role: str) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, role=role).select_related("clinic").first()


def therapist_names(links: list[Link]) -> dict[object, str]:
    """The name each therapist chose to show their clients, for these links."""
    pairs = Membership.objects.filter(
        role=Membership.Role.THERAPIST, user_id__in={link.therapist_id for link in links}
    ).values_list("user_id", "display_name")
    return dict(pairs)


def therapist_names_for_person(person: User) -> dict[object, str]:
    """Every therapist this person has been linked with, ended links too (for the sharing log)."""
    return therapist_names(list(Link.objects.filter(person=person)))


def open_links_for_person(person: User) -> list[Link]:
    links = list(
        Link.objects.filter(person=person, ended_at__isnull=True).select_related("clinic").order_by("created_at")
    )
    names = therapist_names(links)
    for link in links:
        link.therapist_name = names.get(link.therapist_id, "")  # type: ignore[attr-defined]
    return links


def clients_for(membership: Membership) -> QuerySet[Link]:
    return (
        Link.objects.filter(therapist=membership.user, clinic=membership.clinic, ended_at__isnull=True)
        .select_related("person")
        .order_by("created_at")
    )


def open_invitations_for(membership: Membership) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        therapist=membership.user, clinic=membership.clinic, used_at__isnull=True
    ).order_by("-created_at")


def sequences_for_clinic(clinic: Clinic) -> QuerySet[Sequence]:
    """What a therapist can suggest: the shared library and their own clinic's reflections."""
    return Sequence.objects.filter(Q(clinic_key="") | Q(clinic_key=clinic.key), is_active=True).prefetch_related(
        "versions"
    )


def sequence_title(sequence: Sequence) -> str:
    latest = sequence.latest
    return latest.definition.title if latest else sequence.slug


# --- Homework ---------------------------------------------------------------------------------


@dataclass
class HomeworkView:
    assignment: Assignment
    title: str
    note: str
    therapist_name: str
    status: str  # "done", "started", "waiting"; hidden from the therapist unless allowed
    entry_id: object | None = None

    @property
    def due_on(self) -> date | None:
        return self.assignment.due_on


def _note(assignment: Assignment) -> str:
    if assignment.note is None or assignment.note_key is None:
        return ""
    ring = open_ring(
        wrapped_key=assignment.note_key,
        server_key_id=assignment.server_key_id,
        purpose=NOTE_PURPOSE,
        item_id=assignment.id,
    )
    return ring.decrypt(assignment.note, model=NOTE_PURPOSE, field="note", record_id=assignment.id)


def _status(assignment: Assignment, runs: list[Run]) -> tuple[str, object | None]:
    """Done means the person finished this reflection after it was suggested; nothing more is read."""
    mine = [
        r for r in runs if r.version.sequence_id == assignment.sequence_id and r.started_at >= assignment.created_at
    ]
    finished = [r for r in mine if r.status == Run.Status.FINISHED]
    if finished:
        return "done", finished[0].entry_id
    return ("started" if mine else "waiting"), None


@sensitive_variables()
def homework_for_link(link: Link, *, therapist_name: str = "") -> list[HomeworkView]:
    assignments = list(link.assignments.select_related("sequence").order_by("-created_at"))
    if not assignments:
        return []
    runs = list(
        Run.objects.filter(owner_id=link.person_id, version__sequence_id__in={a.sequence_id for a in assignments})
        .select_related("version")
        .only("id", "status", "started_at", "entry_id", "version__sequence_id")
        .order_by("-started_at")
    )
    views = []
    for assignment in assignments:
        status, entry_id = _status(assignment, runs)
        views.append(
            HomeworkView(
                assignment=assignment,
                title=sequence_title(assignment.sequence),
                note=_note(assignment),
                therapist_name=therapist_name,
                status=status,
                entry_id=entry_id,
            )
        )
    return views


def homework_for_person(person: User) -> list[HomeworkView]:
    views: list[HomeworkView] = []
    for link in open_links_for_person(person):
        views += homework_for_link(link, therapist_name=link.therapist_name)  # type: ignore[attr-defined]
    return views


# --- Sharing ----------------------------------------------------------------------------------


def shared_items_for_link(link: Link) -> QuerySet[SharedItem]:
    return SharedItem.objects.filter(link=link).select_related("entry").order_by("-shared_at")


def shared_items_for_therapist(membership: Membership) -> QuerySet[SharedItem]:
    return (
        SharedItem.objects.filter(
            link__therapist=membership.user, link__clinic=membership.clinic, link__ended_at__isnull=True
        )
        .select_related("entry", "link__person")
        .order_by("-shared_at")
    )


def shared_items_for_person(person: User) -> QuerySet[SharedItem]:
    return SharedItem.objects.filter(link__person=person, link__ended_at__isnull=True).select_related("entry", "link")


def share_log_for_person(person: User) -> QuerySet[ShareEvent]:
    return ShareEvent.objects.filter(link__person=person).select_related("link")[:200]


def share_log_for_item(person: User, item_id: UUID) -> QuerySet[ShareEvent]:
    """One shared copy's own history, for the person who shared it."""
    return ShareEvent.objects.filter(link__person=person, item_id=item_id).order_by("-at", "-id")


def suggestions_for_person(person: User) -> QuerySet[PlanSuggestion]:
    return PlanSuggestion.objects.filter(item__link__person=person, item__link__ended_at__isnull=True).select_related(
        "item__link"
    )


def clinic_keys_for_user(user: User) -> set[str]:
    if not user.is_authenticated:
        return set()
    connected = Q(memberships__user=user) | Q(links__person=user, links__ended_at__isnull=True)
    return set(Clinic.objects.filter(connected).order_by().values_list("key", flat=True).distinct())

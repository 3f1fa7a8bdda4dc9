"""Reading care data, always scoped: by the person, or by the therapist and their clinic."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.invites import SignupWelcome, code_letters_only, invite_find
from accounts.models import InviteCode, User
from care.models import (
    Clinic,
    Invitation,
    Link,
    Membership,
    PlanSuggestion,
    SharedItem,
    ShareEvent,
    StaffInvite,
)
from config.names import stop_once_text
from config.site_data import site_data
from prompts.models import Sequence


def _site_clinics_load() -> dict[str, Any]:
    clinics = list(Clinic.objects.order_by("pk").values("name", "quick_exit_url", "idle_timeout_minutes", "region")[:2])
    return {
        "names": [clinic["name"] for clinic in clinics],
        "only": clinics[0] if len(clinics) == 1 else None,
        "invite_only": Clinic.objects.filter(invite_only=True).exists(),
    }


def site_clinics() -> dict[str, Any]:
    """The server's clinics in brief, for every page: up to two names (one means a clinic's own
    server), that one clinic's settings, and whether any clinic asks for invite-only sign-up.

    Read once per process, because every page asks and clinics change only when saved (a
    signal in care/apps.py tells every process, config/site_data.py). A copy, so no caller
    changes what the next page reads.
    """
    found = site_data("care:site-clinics", _site_clinics_load)
    return {**found, "names": list(found["names"]), "only": dict(found["only"]) if found["only"] else None}


def site_clinic_names() -> list[str]:
    return list(site_clinics()["names"])


def clinics_exist() -> bool:
    """False on a server with no clinic (most personal ones): no membership, link or anything
    shared can exist there, so a page need not look for them (site_clinics costs no query)."""
    return bool(site_clinics()["names"])


_MEMBERSHIPS_ATTR = "_care_memberships"


def memberships_for_request(request: HttpRequest) -> dict[str, Membership]:
    """The signed-in person's memberships by role (one clinic per role), read once per request:
    the page's access check and its menu both ask. Empty for a visitor."""
    found: dict[str, Membership] | None = getattr(request, _MEMBERSHIPS_ATTR, None)
    if found is None:
        user: Any = getattr(request, "user", None)
        found = {}
        if user is not None and user.is_authenticated and clinics_exist():
            found = {m.role: m for m in Membership.objects.filter(user=user).select_related("clinic", "user")}
        setattr(request, _MEMBERSHIPS_ATTR, found)
    return found


def membership_for(user: User, role: str) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, role=role).select_related("clinic").first()


def therapist_names(links: list[Link]) -> dict[object, str]:
    """The name each link's therapist shows their clients, by link id.

    Their membership's name at the link's clinic while they have one; once they have left it, the
    name kept on the link, so nobody is left reading a blank (nor the name another clinic gave them).
    """
    current: dict[tuple[object, object], str] = {
        (user_id, clinic_id): name
        for user_id, clinic_id, name in Membership.objects.filter(
            role=Membership.Role.THERAPIST, user_id__in={link.therapist_id for link in links}
        ).values_list("user_id", "clinic_id", "display_name")
    }
    return {link.pk: current.get((link.therapist_id, link.clinic_id)) or link.therapist_name for link in links}


def share_stopped_in_log(*, person: User, item_id: UUID) -> bool:
    """The person's own log says this copy was stopped (by them, the link ending, or the trash).

    Only their own log is asked, so someone else's id reads the same as one never made.
    """
    return ShareEvent.objects.filter(link__person=person, item_id=item_id, action=ShareEvent.Action.STOPPED).exists()


def therapist_name_now_subquery(therapist_id: str, clinic_id: str) -> Subquery:
    """therapist_names as part of another query: the display name of the therapist's membership at
    the link's clinic while they have one (None once they have left, when the name kept on the link stands)."""
    current = Membership.objects.filter(
        user_id=OuterRef(therapist_id), clinic_id=OuterRef(clinic_id), role=Membership.Role.THERAPIST
    )
    return Subquery(current.values("display_name")[:1])


def therapist_name_now(link: Link) -> str:
    return therapist_names([link])[link.pk]


def therapist_names_for_person(person: User) -> dict[object, str]:
    """Every link this person has had, ended ones too (for the sharing log), by link id."""
    return therapist_names(list(Link.objects.filter(person=person)))


def open_links_for_person(person: User) -> list[Link]:
    links = list(
        Link.objects.filter(person=person, ended_at__isnull=True).select_related("clinic").order_by("created_at")
    )
    names = therapist_names(links)
    for link in links:
        link.therapist_name = names[link.pk]
    return links


_PERSON_LINKS_ATTR = "_care_person_links"


def person_links_for_request(request: HttpRequest) -> tuple[list[Link], dict[object, str]]:
    """Every link the signed-in person has had, oldest first, and each therapist's name by link id.

    Read once per request: home, the plan, an entry and the care page each have several parts that
    need the person's links (homework, suggestions, sharing), and a person has only a few.
    """
    found: tuple[list[Link], dict[object, str]] | None = getattr(request, _PERSON_LINKS_ATTR, None)
    if found is None:
        user: Any = request.user
        if not clinics_exist():
            setattr(request, _PERSON_LINKS_ATTR, ([], {}))
            return [], {}
        links: list[Link] = list(
            Link.objects.filter(person=user)
            .select_related("clinic")
            .annotate(name_now=therapist_name_now_subquery("therapist_id", "clinic_id"))
            .order_by("created_at")
        )
        found = (links, {link.pk: getattr(link, "name_now", None) or link.therapist_name for link in links})
        setattr(request, _PERSON_LINKS_ATTR, found)
    return found


def open_links_for_request(request: HttpRequest) -> list[Link]:
    """What open_links_for_person gives, from the links this request has already read."""
    links, names = person_links_for_request(request)
    open_links = [link for link in links if link.ended_at is None]
    for link in open_links:
        link.therapist_name = names[link.pk]
    return open_links


def open_links_already_read(request: HttpRequest) -> list[Link] | None:
    """The open links, if this request has read them already; None if it has not (no query)."""
    return open_links_for_request(request) if hasattr(request, _PERSON_LINKS_ATTR) else None


def links_ended_by_clinic_for_request(request: HttpRequest, *, since: datetime | None = None) -> list[Link]:
    """What links_ended_by_clinic_for_person gives, from the links this request has already read."""
    links, _names = person_links_for_request(request)
    # Linked with them again there (the admin added them back, and they gave a new code): "has ended,
    # because they no longer work there" sat beside their new suggestions on home, for days.
    linked_again = {(link.therapist_id, link.clinic_id) for link in links if link.ended_at is None}
    ended = [
        link
        for link in links
        if link.ended_because == Link.EndedBecause.THERAPIST_LEFT
        and link.ended_at is not None
        and (since is None or link.ended_at >= since)
        and (link.therapist_id, link.clinic_id) not in linked_again
    ]
    return sorted(ended, key=lambda link: link.ended_at or datetime.min, reverse=True)


def links_ended_by_clinic_for_person(person: User, *, since: datetime | None = None) -> list[Link]:
    """Links that ended because the therapist left the clinic: the person did not choose it, so they are told."""
    links = Link.objects.filter(person=person, ended_because=Link.EndedBecause.THERAPIST_LEFT)
    if since is not None:
        links = links.filter(ended_at__gte=since)
    return list(links.select_related("clinic").order_by("-ended_at"))


def clients_for(membership: Membership) -> QuerySet[Link]:
    # By address, as the page shows them: in the order they linked, a therapist with 25 clients
    # had to read the whole list to find one (nobody remembers who said yes first).
    return (
        Link.objects.filter(therapist=membership.user, clinic=membership.clinic, ended_at__isnull=True)
        .select_related("person")
        # Whether they shared something not opened yet ("shared something new" on their line).
        .annotate(has_unopened=Exists(SharedItem.objects.filter(link=OuterRef("pk"), opened_at__isnull=True)))
        .order_by("person__email", "created_at")
    )


def had_clients(membership: Membership) -> bool:
    """Someone has been linked with this therapist at their clinic, even if nobody is now.

    A link ended by its person stays; one whose person deleted their account goes with it, but the
    code they said yes to stays, used: a therapist whose only client left is not welcomed as new."""
    mine = {"therapist": membership.user, "clinic": membership.clinic}
    return Link.objects.filter(**mine).exists() or Invitation.objects.filter(**mine, used_at__isnull=False).exists()


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


# Library reflections meant for a moment when it comes (after a setback, during an urge), not for
# a day: a date to aim for makes no sense there. The library has no field saying so yet.
FOR_A_MOMENT = frozenset({"after-a-setback", "ride-the-wave", "understanding-what-happened"})

# One set of words for both sides: the person reads exactly what their therapist is shown.
STATUS_LABELS = {"done": _("Finished"), "started": _("Started"), "waiting": _("Not started")}


def is_for_a_moment(sequence: Sequence) -> bool:
    return not sequence.clinic_key and sequence.slug in FOR_A_MOMENT


# --- Sharing ----------------------------------------------------------------------------------


def shared_items_for_therapist(membership: Membership, *, limit: int = 50) -> QuerySet[SharedItem]:
    """The newest copies shared with this therapist at their clinic (each says if it was opened).

    The newest are picked inside the query, by their ids: asked the other way round, SQLite
    sorted every copy ever shared, with its text, to keep the newest, so the clients page slowed
    as sharing went on."""
    mine = SharedItem.objects.filter(
        link__therapist=membership.user, link__clinic=membership.clinic, link__ended_at__isnull=True
    )
    newest = mine.order_by("-shared_at", "-id").values("pk")[:limit]
    return SharedItem.objects.filter(pk__in=newest).select_related("link__person").order_by("-shared_at", "-id")


def shared_items_for_person(person: User) -> QuerySet[SharedItem]:
    """What the person shares now, with the entries they are copies of (in the same query): the
    person's own page names each by its title (sharing.copies.copies_name_entries)."""
    return SharedItem.objects.filter(link__person=person, link__ended_at__isnull=True).select_related("link", "entry")


def share_log_for_person(person: User, links: list[Link]) -> QuerySet[ShareEvent]:
    """The newest 200 lines of the person's log, over `links`, their own (the page has read them).

    Asked by the links' ids, so SQLite reads a person with one link's log in the order of its
    index and stops at 200; asked through the join alone, it sorted the whole log to keep 200."""
    mine = ShareEvent.objects.filter(link__person=person, link_id__in=[link.pk for link in links])
    return mine.select_related("link").order_by("-at", "-id")[:200]


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


def staff_invite_for_code(code: str) -> StaffInvite | None:
    """A clinic's invite to join it as staff, while its code still works."""
    invite = invite_find(code)
    if invite is None:
        return None
    staff_invite = StaffInvite.objects.filter(invite=invite).select_related("clinic", "invite").first()
    if staff_invite is not None:
        # The code came with the request (the database has only its hash); the join page's forms carry it on.
        staff_invite.invite.code = code_letters_only(code)
    return staff_invite


def staff_signup_welcome(invite: InviteCode) -> SignupWelcome | None:
    """The sign-up page's words for someone a clinic invited as staff (None for any other invite)."""
    staff_invite = StaffInvite.objects.filter(invite=invite).select_related("clinic").first()
    if staff_invite is None:
        return None
    clinic = staff_invite.clinic.name
    # Someone who has an account already signs in and comes back to this invite, to join with it.
    # With the code at hand, back to the invite's own page; without it, to the one the session names,
    # which shows the invite only to the account whose address sign-up was tried with.
    back = f"{reverse('care:join')}?{urlencode({'code': invite.code})}" if invite.code else reverse("care:join_pending")
    sign_in_url = f"{reverse('account_login')}?{urlencode({'next': back})}"
    if staff_invite.role == Membership.Role.THERAPIST:
        return SignupWelcome(
            heading=str(_("You're joining %(clinic)s as a therapist") % {"clinic": clinic}),
            lead=stop_once_text(
                _("Your clients will see you as %(name)s. After you confirm your email, you land on your clients page.")
                % {"name": staff_invite.display_name},
                staff_invite.display_name,
            ),
            sign_in_url=sign_in_url,
        )
    return SignupWelcome(
        heading=str(_("You're joining %(clinic)s as a clinic admin") % {"clinic": clinic}),
        lead=stop_once_text(
            _("You are shown as %(name)s. After you confirm your email, you land on your clinic's audit log.")
            % {"name": staff_invite.display_name},
            staff_invite.display_name,
        ),
        sign_in_url=sign_in_url,
    )


def former_clinics_of_therapist(user: User) -> list[str]:
    """Names of the clinics where this account once had clients, for telling them why a page is gone."""
    names = Clinic.objects.filter(links__therapist=user).order_by("name").values_list("name", flat=True).distinct()
    return list(names)

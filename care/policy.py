"""The settings a clinic can choose in the admin: sign-up, the quick-exit site, the idle lock.

The server's environment gives the defaults (config/site_policy.py, which every app reads); the
clinic app fills in its choices there through a provider registered in care/apps.py. On a clinic's
own server (exactly one clinic), that clinic's choices apply to every page, signed in or not. On a
server shared by several clinics, a person follows the clinics they belong to or are linked with;
sign-up, which happens before anyone belongs anywhere, is by invite as soon as the server or any
clinic asks for it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts.invites import code_letters_only, invite_in_session, invite_meant_for
from accounts.models import InviteCode
from care.models import Clinic, Invitation, Membership, StaffInvite, invitation_code_hash
from care.selectors import site_clinics
from config.site_policy import Policy

# The id of a therapist's invitation opened before signing in, never its code: sessions are rows
# in the database too, so a copied database must hold no code that works. A session from before
# this held the code under the same key; that is read as nothing (the person opens the link again).
INVITATION_SESSION_KEY = "waypoint_care_invitation"


def clinic_policy(user: Any, policy: Policy) -> Policy:
    """The server's policy, with the choices of the clinics that apply to this person."""
    choices = site_clinics()
    invite_only = policy.invite_only or choices["invite_only"]
    quick_exit_url = policy.quick_exit_url
    idle_minutes = policy.idle_timeout_minutes
    region = policy.region
    if choices["only"] is not None:
        quick_exit_url = choices["only"]["quick_exit_url"] or quick_exit_url
        idle_minutes = choices["only"]["idle_timeout_minutes"] or idle_minutes
        region = choices["only"].get("region") or region
    elif len(choices["names"]) > 1 and user is not None and user.is_authenticated:
        mine = list(
            Clinic.objects.filter(Q(memberships__user=user) | Q(links__person=user, links__ended_at__isnull=True))
            .order_by("pk")
            .distinct()
            .values_list("quick_exit_url", "idle_timeout_minutes", "region")
        )
        urls = [url for url, _minutes, _region in mine if url]
        # Someone linked with two clinics gets the shorter lock: the stricter choice protects them.
        minutes = [m for _url, m, _region in mine if m]
        regions = [r for _url, _minutes, r in mine if r]
        quick_exit_url = urls[0] if urls else quick_exit_url
        idle_minutes = min(minutes) if minutes else idle_minutes
        region = regions[0] if regions else region
    return Policy(
        invite_only=invite_only,
        quick_exit_url=quick_exit_url,
        idle_timeout_minutes=idle_minutes,
        region=region,
        one_clinic=choices["only"] is not None,
    )


def invitation_for_sign_up(code: str) -> Invitation | None:
    """A therapist's invitation that can still open sign-up: usable, and not yet used for that."""
    invitation = Invitation.objects.filter(code_hash=invitation_code_hash(code)).select_related("clinic").first()
    if invitation is None or not invitation.is_usable or invitation.signed_up_id is not None:
        return None
    return invitation


def invitation_to_session(request: HttpRequest, invitation: Invitation) -> None:
    """Keep which invitation was opened, so sign-up and sign-in lead back to it."""
    value = str(invitation.pk)
    # Unchanged on a second visit: the session row is not written again.
    if request.session.get(INVITATION_SESSION_KEY) != value:
        request.session[INVITATION_SESSION_KEY] = value


def _invitation_id(value: object) -> UUID | None:
    if not isinstance(value, str):
        return None
    try:
        return UUID(value)
    except ValueError:  # a code kept by an older version, or anything else: not an id
        return None


def invitation_from_session(request: HttpRequest) -> Invitation | None:
    """A therapist's invitation opened before signing in, while it can still be used."""
    session = getattr(request, "session", None)
    invitation_id = _invitation_id(session.get(INVITATION_SESSION_KEY)) if session is not None else None
    if invitation_id is None:
        return None
    invitation = Invitation.objects.filter(pk=invitation_id).select_related("clinic").first()
    if invitation is None or not invitation.is_usable:
        return None
    return invitation


def invitation_opens_sign_up(request: HttpRequest) -> bool:
    """A therapist's link opened before signing up lets this person make an account, once."""
    invitation = invitation_from_session(request)
    return invitation is not None and invitation.signed_up_id is None


def invitation_waiting(request: HttpRequest) -> Invitation | None:
    """The invitation this browser opened before signing in; or else, signed in, the one this account
    was created through and has not answered yet. On a phone, the confirmation email's link often
    opens in the mail app's own browser, which never saw the therapist's link."""
    invitation = invitation_from_session(request)
    user = getattr(request, "user", None)
    if invitation is not None or user is None or not user.is_authenticated:
        return invitation
    return (
        Invitation.objects.filter(signed_up_id=user.pk, used_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("clinic")
        .order_by("-created_at")
        .first()
    )


def invitation_url_after_sign_in(request: HttpRequest) -> str:
    """Someone who came in through a therapist's link goes back to it, to say yes or no."""
    # The page that reads the invitation from the session: no code in the address or its history.
    return reverse("care:accept_pending") if invitation_waiting(request) is not None else ""


def staff_first_page(role: str) -> str:
    """Where a therapist or a clinic admin starts: their clients, or the clinic's audit log."""
    return reverse("care:dashboard" if role == Membership.Role.THERAPIST else "care:audit")


def staff_invite_from_session(request: HttpRequest) -> StaffInvite | None:
    """The clinic's invite this browser pressed "Create your account" on, even once used.

    Someone who has an account already is only emailed that they have one, and signs in instead:
    the invite waits in the session, by its id, for them to join with it then."""
    invite = invite_in_session(request)
    if invite is None:
        return None
    return StaffInvite.objects.filter(invite=invite).select_related("clinic", "invite").first()


def staff_invite_url_after_sign_in(request: HttpRequest) -> str:
    """Someone who signs in with a clinic's invite waiting in this browser goes back to it, to join."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    staff_invite = staff_invite_from_session(request)
    if staff_invite is None or not staff_invite.invite.is_usable:
        return ""
    # Only the account whose address sign-up was tried with: on a shared browser, whoever signs in
    # next is not shown someone else's invite to join with (they may still follow its own link).
    return reverse("care:join_pending") if invite_meant_for(request, user) else ""


def staff_url_after_first_sign_in(request: HttpRequest) -> str:
    """Someone a clinic invited as staff starts on their clinic page the first time they sign in.

    Sign-up carries them there with its `next`, but only in the browser that signed up: a staff
    member who confirms their email on their phone and then signs in at their desk lost it, and
    landed on a personal journal's first page. The first sign-in is the one before the country
    question is answered; it is still asked, first.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.region_asked or user.region:
        return ""
    if request.POST.get("next") or request.GET.get("next"):
        return ""  # a page they asked for comes first, as for everyone
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    if not roles:
        return ""
    role = Membership.Role.THERAPIST if Membership.Role.THERAPIST in roles else Membership.Role.ADMIN
    return f"{reverse('accounts:region_question')}?{urlencode({'next': staff_first_page(role)})}"


def invite_code_route(request: HttpRequest, code: str, invite: InviteCode | None) -> str:
    """Where a code typed on the invite page leads when it is the clinic's: "" when it is not."""
    if invite is not None:
        # A clinic's staff code has its own path: the join page says what joining means.
        return (
            f"{reverse('care:join')}?{urlencode({'code': code_letters_only(code)})}"
            if hasattr(invite, "staff_invite")
            else ""
        )
    # A therapist's code, read out in a session, works here too: it leads to their invitation.
    invitation = invitation_for_sign_up(code)
    if invitation is None:
        return ""
    invitation_to_session(request, invitation)
    return reverse("care:accept_pending")

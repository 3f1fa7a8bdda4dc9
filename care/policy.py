"""The settings a clinic can choose in the admin: sign-up, the quick-exit site, the idle lock.

The server's environment gives the defaults. On a clinic's own server (exactly one clinic),
that clinic's choices apply to every page, signed in or not. On a server shared by several
clinics, a person follows the clinics they belong to or are linked with; sign-up, which happens
before anyone belongs anywhere, is by invite as soon as the server or any clinic asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest

from accounts.invites import invite_from_session
from care.models import Clinic, Invitation
from care.selectors import SITE_CLINICS_CACHE_KEY, site_clinics
from care.services import code_clean

INVITATION_SESSION_KEY = "waypoint_care_invitation"
_REQUEST_ATTR = "_waypoint_clinic_policy"


@dataclass(frozen=True)
class Policy:
    invite_only: bool
    quick_exit_url: str
    idle_timeout_minutes: int
    # The clinic's country for crisis lines; empty when no clinic chose one.
    region: str = ""


def clinic_caches_clear(**kwargs: Any) -> None:
    cache.delete(SITE_CLINICS_CACHE_KEY)


def _policy(user: Any) -> Policy:
    choices = site_clinics()
    invite_only = settings.SIGNUP_MODE == "invite" or choices["invite_only"]
    quick_exit_url: str = settings.QUICK_EXIT_URL
    idle_minutes: int = settings.SESSION_IDLE_TIMEOUT_MINUTES
    region = ""
    if choices["only"] is not None:
        quick_exit_url = choices["only"]["quick_exit_url"] or quick_exit_url
        idle_minutes = choices["only"]["idle_timeout_minutes"] or idle_minutes
        region = choices["only"].get("region") or ""
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
        region = regions[0] if regions else ""
    return Policy(
        invite_only=invite_only, quick_exit_url=quick_exit_url, idle_timeout_minutes=idle_minutes, region=region
    )


def policy_for(request: HttpRequest) -> Policy:
    """The settings that apply to this request, worked out once per request."""
    policy = getattr(request, _REQUEST_ATTR, None)
    if policy is None:
        policy = _policy(getattr(request, "user", None))
        setattr(request, _REQUEST_ATTR, policy)
    return policy


def invitation_for_sign_up(code: str) -> Invitation | None:
    """A therapist's invitation that can still open sign-up: usable, and not yet used for that."""
    invitation = Invitation.objects.filter(code=code_clean(code)).select_related("clinic").first()
    if invitation is None or not invitation.is_usable or invitation.signed_up_id is not None:
        return None
    return invitation


def invitation_from_session(request: HttpRequest) -> Invitation | None:
    """A therapist's invitation opened before signing in, kept so sign-in and sign-up lead back."""
    code = request.session.get(INVITATION_SESSION_KEY) if hasattr(request, "session") else None
    if not code:
        return None
    invitation = Invitation.objects.filter(code=code).first()
    return invitation if invitation is not None and invitation.is_usable else None


def signup_open(request: HttpRequest) -> bool:
    if not policy_for(request).invite_only:
        return True
    if invite_from_session(request) is not None:
        return True
    invitation = invitation_from_session(request)
    return invitation is not None and invitation.signed_up_id is None

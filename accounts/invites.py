"""Invite codes: the one way in when a clinic runs Waypoint with SIGNUP_MODE=invite."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import InviteCode, User

SESSION_KEY = "waypoint_invite_code"


_NOT_IN_A_CODE = re.compile(r"[^A-Z0-9]")


def code_letters_only(code: str) -> str:
    """Codes are made of capital letters and digits. Spaces and dashes someone types, and anything
    a database refuses (PostgreSQL rejects a NUL byte, which the fuzz suite sent), fall away."""
    return _NOT_IN_A_CODE.sub("", code.upper())


def invite_find(code: str) -> InviteCode | None:
    cleaned = code_letters_only(code)
    invite = InviteCode.objects.filter(code=cleaned).first()
    if invite is None or not invite.is_usable:
        return None
    return invite


def invite_from_session(request: HttpRequest) -> InviteCode | None:
    code = request.session.get(SESSION_KEY)
    return invite_find(code) if code else None


@transaction.atomic
def invite_redeem(*, request: HttpRequest, user: User) -> None:
    code = request.session.pop(SESSION_KEY, None)
    if not code:
        return
    updated = InviteCode.objects.filter(code=code, used_at__isnull=True, expires_at__gt=timezone.now()).update(
        used_at=timezone.now(), used_by=user
    )
    if not updated:
        raise PermissionError("This invite code has already been used.")


@dataclass(frozen=True)
class SignupWelcome:
    """What the sign-up page says in place of the journal welcome, for someone an invite is for."""

    heading: str
    lead: str


# Functions invite -> welcome, registered by the app that made the invite (from its ready()), so a
# clinic's staff read that they are joining it while accounts never imports the clinic app.
_signup_welcome_providers: list[Callable[[InviteCode], SignupWelcome | None]] = []


def signup_welcome_provider_register(provider: Callable[[InviteCode], SignupWelcome | None]) -> None:
    if provider not in _signup_welcome_providers:
        _signup_welcome_providers.append(provider)


def signup_welcome(request: HttpRequest) -> SignupWelcome | None:
    invite = invite_from_session(request)
    if invite is None:
        return None
    for provider in _signup_welcome_providers:
        welcome = provider(invite)
        if welcome is not None:
            return welcome
    return None

"""Invite codes: the one way in when a clinic runs Waypoint with SIGNUP_MODE=invite."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from allauth.account.models import EmailAddress
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import INVITE_CODE_LENGTH, InviteCode, User
from accounts.secret_codes import code_new, keyed_hash

# The id of the invite someone typed, never the code: sessions are stored in the database too.
SESSION_KEY = "waypoint_invite"

# Codes and links of an app above (the clinic app's invitations and staff codes) lead to pages of
# their own. That app registers here, in its AppConfig.ready, where each leads.
# (request, the code typed, the invite code it matched or None) -> where it leads, or "".
InviteRoute = Callable[[HttpRequest, str, InviteCode | None], str]
# (request) -> where someone goes right after signing in or up, or "" to go on as usual.
AfterSignIn = Callable[[HttpRequest], str]
_invite_routes: list[InviteRoute] = []
_after_sign_in: list[AfterSignIn] = []


def invite_route_register(route: InviteRoute) -> None:
    if route not in _invite_routes:
        _invite_routes.append(route)


def after_sign_in_register(where: AfterSignIn) -> None:
    if where not in _after_sign_in:
        _after_sign_in.append(where)


def invite_route(*, request: HttpRequest, code: str, invite: InviteCode | None) -> str:
    return next((url for route in _invite_routes if (url := route(request, code, invite))), "")


def url_after_sign_in(request: HttpRequest) -> str:
    return next((url for where in _after_sign_in if (url := where(request))), "")


_NOT_IN_A_CODE = re.compile(r"[^A-Z0-9]")


def code_letters_only(code: str) -> str:
    """Codes are made of capital letters and digits. Spaces and dashes someone types, and anything
    a database refuses (PostgreSQL rejects a NUL byte, which the fuzz suite sent), fall away."""
    return _NOT_IN_A_CODE.sub("", code.upper())


# What an invite code's hash is keyed by; fixed once invites exist (migration 0004 uses it).
INVITE_CODE_PURPOSE = "accounts.invite"


def invite_code_hash(code: str) -> str:
    # Keyed by the server's secret: ten letters are too few for a plain hash to hide them.
    return keyed_hash(INVITE_CODE_PURPOSE, code_letters_only(code))


def invite_create(*, note: str = "", expires_at: datetime | None = None) -> InviteCode:
    """A new invite code. Its `code` is on the returned object only: the database keeps a hash."""
    code = code_new(INVITE_CODE_LENGTH)
    invite = InviteCode(code_hash=invite_code_hash(code), note=note)
    if expires_at is not None:
        invite.expires_at = expires_at
    invite.save(force_insert=True)
    invite.code = code
    return invite


def invite_find(code: str) -> InviteCode | None:
    invite = InviteCode.objects.filter(code_hash=invite_code_hash(code)).first()
    if invite is None or not invite.is_usable:
        return None
    return invite


def invite_to_session(request: HttpRequest, invite: InviteCode) -> None:
    request.session[SESSION_KEY] = invite.pk


def invite_in_session(request: HttpRequest) -> InviteCode | None:
    """The invite this browser opened sign-up with, even once used or expired."""
    invite_id = request.session.get(SESSION_KEY)
    return InviteCode.objects.filter(pk=invite_id).first() if isinstance(invite_id, int) else None


# Sign-up sent, while an invite waited in this browser, with an address that has an account: the
# email says so, and signing in leads back to the invite, but only for that account. Someone else
# signing in later on a shared browser is not led to an invite they were never given (as a keyed
# hash: the session never holds the address).
ADDRESS_SESSION_KEY = "waypoint_invite_address"


def _address_hash(email: str) -> str:
    return keyed_hash("accounts.invite-address", email.strip().casefold())


def invite_address_note(request: HttpRequest, email: str) -> None:
    session = getattr(request, "session", None)
    if session is not None and session.get(SESSION_KEY) is not None:
        session[ADDRESS_SESSION_KEY] = _address_hash(email)


def invite_meant_for(request: HttpRequest, user: User) -> bool:
    """The invite in this browser's session was tried with an address of this account."""
    noted = request.session.get(ADDRESS_SESSION_KEY)
    if not noted:
        return False
    # The account's own address and those it confirmed: an address only added to another account,
    # never confirmed, would not lead that account to the invite.
    confirmed = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    addresses = [user.email, *confirmed]
    return any(_address_hash(address) == noted for address in addresses if address)


def invite_from_session(request: HttpRequest) -> InviteCode | None:
    invite = invite_in_session(request)
    return invite if invite is not None and invite.is_usable else None


def invite_opens_sign_up(request: HttpRequest) -> bool:
    return invite_from_session(request) is not None


@transaction.atomic
def invite_redeem(*, request: HttpRequest, user: User) -> None:
    invite_id = request.session.pop(SESSION_KEY, None)
    request.session.pop(ADDRESS_SESSION_KEY, None)
    if not isinstance(invite_id, int):
        return
    updated = InviteCode.objects.filter(pk=invite_id, used_at__isnull=True, expires_at__gt=timezone.now()).update(
        used_at=timezone.now(), used_by=user
    )
    if not updated:
        raise PermissionError("This invite code has already been used.")


@dataclass(frozen=True)
class SignupWelcome:
    """What the sign-up page says in place of the journal welcome, for someone an invite is for."""

    heading: str
    lead: str
    # Where the page's "Sign in" leads instead, for someone who has an account already ("" for the usual).
    sign_in_url: str = ""
    # The invite's code, when the page was opened with it: the form carries it on, so the page shown
    # again after a mistake in the form still signs in back to the invite's own page.
    code: str = ""


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
    # The code the invite's own page sent along (in the query, which the logs leave out): its
    # "Sign in" can then lead back to that page, for whoever holds the code, not for anyone the
    # browser is shared with.
    code = request.GET.get("code") or request.POST.get("code") or ""
    if code and invite_code_hash(code) == invite.code_hash:
        invite.code = code_letters_only(code)
    for provider in _signup_welcome_providers:
        welcome = provider(invite)
        if welcome is not None:
            return replace(welcome, code=invite.code)
    return None

"""Keeping a locked journal open between requests (#17), split between the session and the cookie.

After the person types their passphrase (or recovery key), the server session keeps
`seal(S, lock key)` and only their browser keeps S, in its own HttpOnly cookie. A copy of the
session table lacks S; the cookie alone lacks the sealed key. Signing out, leaving quickly, the
idle lock and "sign out of other sessions" all end the session, and with it the sealed half.

    lock_key_remember(request, lock_key)   # after the passphrase opened it
    lock_key_forget(request)               # "lock my journal now"
    lock_key_from_request(request)         # the lock key, or None

`JournalUnlockedMiddleware` (journal/lock_middleware.py) opens it for each request and writes
the cookie these functions ask for.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from journal.lock_keys import WrongSecret, session_open, session_seal
from journal.lock_state import open_lock_key
from journal.models import JournalLock
from journal.server_wraps import DecryptionError

SESSION_KEY = "waypoint_journal_unlocked"
# What the response should do with the cookie: a new secret to set, or "" to delete it.
_COOKIE_CHANGE = "_waypoint_unlock_cookie"


def cookie_name() -> str:
    # `__Host-` needs Secure; `make run` serves plain HTTP on loopback, where it cannot be set.
    return "__Host-waypoint-unlocked" if settings.SESSION_COOKIE_SECURE else "waypoint-unlocked"


def lock_key_remember(request: HttpRequest, lock_key: bytes) -> None:
    """Keep the journal open for the rest of this session (this browser only)."""
    cookie_secret, sealed = session_seal(lock_key, user_id=request.user.pk)
    request.session[SESSION_KEY] = base64.b64encode(sealed).decode("ascii")
    setattr(request, _COOKIE_CHANGE, cookie_secret)


def lock_key_forget(request: HttpRequest) -> None:
    """Lock the journal again in this session; the person stays signed in."""
    if SESSION_KEY in request.session:
        del request.session[SESSION_KEY]
    setattr(request, _COOKIE_CHANGE, "")


def lock_open_elsewhere(request: HttpRequest) -> bool:
    """Whether another browser signed in as this person still holds their journal open (the
    session half of its key). Only reads: each other session is loaded, never saved."""
    from allauth.usersessions.models import UserSession

    others = UserSession.objects.filter(user_id=request.user.pk).exclude(session_key=request.session.session_key)
    store = type(request.session)
    return any(store(key).get(SESSION_KEY) for key in others.values_list("session_key", flat=True))


def lock_key_from_request(request: HttpRequest) -> bytes | None:
    """The lock key, when this session and this browser's cookie hold its two halves; else None."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    sealed = request.session.get(SESSION_KEY)
    cookie_secret = request.COOKIES.get(cookie_name())
    if not sealed or not cookie_secret:
        return None
    try:
        return session_open(cookie_secret, base64.b64decode(sealed), user_id=user.pk)
    except (WrongSecret, DecryptionError, ValueError):
        return None


def unlock_url(next_path: str = "") -> str:
    """The unlock page, coming back to `next_path` (a path on this site) once the journal is open."""
    url = reverse("journal:unlock")
    return f"{url}?{urlencode({'next': next_path})}" if next_path else url


def journal_locked_here(request: HttpRequest) -> bool:
    """Whether this person's journal has a lock that this browser has not opened (one query at most)."""
    user: Any = getattr(request, "user", None)
    # The key JournalUnlockedMiddleware opened for this request, not a second opening of the cookie.
    if user is None or not user.is_authenticated or open_lock_key(user.pk) is not None:
        return False
    return JournalLock.objects.filter(user_id=user.pk).exists()


def lock_cookie_write(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Set or delete the cookie half as lock_key_remember or lock_key_forget asked."""
    change = getattr(request, _COOKIE_CHANGE, None)
    name = cookie_name()
    if change:
        # A browser-session cookie: it does not outlive the browser, whatever the session does.
        response.set_cookie(
            name, change, secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax", path="/"
        )
    elif name in request.COOKIES and (change == "" or (change is None and not _session_half(request))):
        # Forgotten, or its session half is gone (the idle lock, "sign out of other sessions",
        # a new sign-in): a cookie that opens nothing any more is not kept either.
        response.delete_cookie(name, path="/", samesite="Lax")
    return response


def _session_half(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return session is not None and bool(session.get(SESSION_KEY))


def _forget_on_sign_out(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    # Signing out, leaving quickly and the idle lock all end the session, and the sealed half
    # with it; this also deletes the cookie half in the same response.
    if request is not None and hasattr(request, "session"):
        lock_key_forget(request)


user_logged_out.connect(_forget_on_sign_out, dispatch_uid="waypoint-journal-lock-forget")

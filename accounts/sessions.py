"""Sessions that a copy of the database (or a backup) cannot use to sign anyone in.

The browser's cookie holds a random token. The database holds only a keyed hash of it (HMAC
under a subkey of SECRET_KEY, which is never in the database or a backup), and that hash is
what Django and allauth call `session_key`: the session table, allauth's "where you are signed
in" list and everything else that stores a session key store the hash. Sending a stored value
back as a cookie does nothing, because the server hashes whatever the cookie holds.

Set SESSION_ENGINE = "accounts.sessions" and put SessionMiddleware from here in place of
Django's; the pair only works together.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import get_random_string, salted_hmac

_SESSION_ID_SALT = "waypoint.accounts.sessions.session-id"
_TOKEN_LENGTH = 32  # as Django's own keys: about 165 random bits
_STORED_LENGTH = 40  # the session table's (and allauth's) session_key column


def session_id_for(token: str) -> str:
    """The stored id of the session a cookie token opens."""
    return salted_hmac(_SESSION_ID_SALT, token, algorithm="sha256").hexdigest()[:_STORED_LENGTH]


class SessionStore(DatabaseSessionStore):
    """Django's database sessions, keyed by the hash of the cookie token instead of the token."""

    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        # Known only while handling the request that carried it, or that made it.
        self.token: str | None = None

    @classmethod
    def from_cookie(cls, token: str | None) -> SessionStore:
        store = cls(session_id_for(token) if token else None)
        store.token = token
        return store

    def _get_new_session_key(self) -> str:
        # Called for every new session and every cycle_key() (sign-in), so each gets a fresh token.
        while True:
            token = get_random_string(_TOKEN_LENGTH, VALID_KEY_CHARS)
            session_id = session_id_for(token)
            if not self.exists(session_id):
                self.token = token
                return session_id


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, reading and writing the token in the cookie."""

    def process_request(self, request: HttpRequest) -> None:
        request.session = SessionStore.from_cookie(request.COOKIES.get(settings.SESSION_COOKIE_NAME))

    def process_response(self, request: HttpRequest, response: HttpResponse) -> Any:
        response = super().process_response(request, response)
        name = settings.SESSION_COOKIE_NAME
        cookie = response.cookies.get(name)
        session = getattr(request, "session", None)
        # Django wrote session_key (the stored hash) into the cookie; the browser gets the token.
        if cookie is not None and cookie.value and session is not None and cookie.value == session.session_key:
            if session.token:
                cookie.set(name, session.token, session.token)
            else:
                del response.cookies[name]
        return response

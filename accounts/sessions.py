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

import copy
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import VALID_KEY_CHARS, UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.base_session import AbstractBaseSession
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import connections, router, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
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
        # The session as this request read it: saving writes only what the request changed.
        self._as_read: dict[str, Any] | None = None

    def _get_session_from_db(self) -> AbstractBaseSession | None:
        """Django's read of the session (its key, not expired), the one query every signed-in
        request makes, written out in SQL: the ORM built the same SELECT anew on every request,
        ~0.2 ms of CPU, about a twentieth of the cheapest signed-in page (issue #16)."""
        model = self.model
        connection = connections[router.db_for_read(model)]
        table, data, key, expiry = map(
            connection.ops.quote_name, (model._meta.db_table, "session_data", "session_key", "expire_date")
        )
        sql = f"SELECT {data} FROM {table} WHERE {key} = %s AND {expiry} > %s"  # noqa: S608 - Django's own names
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django does: an unknown or expired session starts afresh
            return None
        return model(session_key=str(self.session_key), session_data=row[0])

    def load(self) -> dict[str, Any]:
        data = super().load()
        self._as_read = copy.deepcopy(data)
        return data

    def save(self, must_create: bool = False) -> None:
        """Write this request's changes over the stored session as it is now, not as it was read.

        Two requests of one person often overlap: typing sends "still here" (waypoint.js) while
        the form being typed in is sent, and Django's save wrote the whole session as each had read
        it, so the later save undid the other's (a journal unlocked a moment before was locked
        again). A session ended meanwhile (signed out, signed in afresh) is still an error, as in
        Django, never brought back.
        """
        if must_create or self.session_key is None or self._as_read is None:
            super().save(must_create=must_create)
            # The row now holds all of it (a new session, or cycle_key's new key): a later save in
            # this request compares with that, not with a session read under a key now gone.
            self._as_read = copy.deepcopy(dict(self.items()))
            return
        data = dict(self.items())
        using = router.db_for_write(self.model)
        with transaction.atomic(using=using):
            row = self.model.objects.using(using).select_for_update().filter(session_key=self.session_key).first()
            if row is None:
                raise UpdateError
            stored = self.decode(row.session_data)
            for key in self._as_read.keys() - data.keys():
                stored.pop(key, None)
            for key, value in data.items():
                if key not in self._as_read or self._as_read[key] != value:
                    stored[key] = value
            row.session_data = self.encode(stored)
            row.expire_date = self.get_expiry_date()
            row.save(using=using, update_fields=["session_data", "expire_date"])
        self._as_read = copy.deepcopy(data)

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

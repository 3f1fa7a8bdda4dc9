"""An unlocked journal is split between the session store and this browser's cookie (#17):
neither half opens anything alone, nor with another person's half, nor after the request."""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import Client, RequestFactory

from accounts.sessions import SessionStore, session_id_for
from journal import lock_services
from journal.lock_middleware import JournalUnlockedMiddleware
from journal.lock_session import SESSION_KEY, cookie_name, lock_key_from_request
from journal.lock_state import open_lock_key
from tests.journal.lock_helpers import (  # noqa: F401  (fixtures)
    PASSPHRASE,
    Locked,
    journal_is_open,
    locked_alice_fixture,
    unlock,
    unlock_cookie,
)
from tests.journal.locking import FAST


def _unlocked_browser(locked: Locked) -> Client:
    browser = Client()
    browser.force_login(locked.user)
    assert unlock(browser).status_code == 302
    assert journal_is_open(browser)
    return browser


def _session_token(browser: Client) -> str:
    return browser.cookies[settings.SESSION_COOKIE_NAME].value


def _request_with(user: Any, *, session_token: str | None, cookie: str | None) -> Any:
    request = RequestFactory().get("/journal/")
    request.user = user
    request.session = SessionStore.from_cookie(session_token)
    if cookie is not None:
        request.COOKIES[cookie_name()] = cookie
    return request


def test_the_session_row_without_the_cookie_opens_nothing(locked_alice: Locked) -> None:
    browser = _unlocked_browser(locked_alice)
    token, cookie = _session_token(browser), unlock_cookie(browser)
    assert cookie
    stored = Session.objects.get(session_key=session_id_for(token)).get_decoded()
    assert stored[SESSION_KEY]  # the sealed half is there...
    assert cookie not in str(stored)  # ...and the cookie's secret is not
    lock_key = lock_services.lock_open_with_passphrase(user=locked_alice.user, passphrase=PASSPHRASE)
    assert base64.b64encode(lock_key).decode() not in str(stored) and lock_key.hex() not in str(stored)

    # The same session, from a browser without the cookie: the journal stays locked.
    copy = Client()
    copy.cookies[settings.SESSION_COOKIE_NAME] = token
    assert not journal_is_open(copy)


def test_the_cookie_alone_opens_nothing(locked_alice: Locked) -> None:
    cookie = unlock_cookie(_unlocked_browser(locked_alice))
    other = Client()
    other.force_login(locked_alice.user)  # the same person, another session without the sealed half
    other.cookies[cookie_name()] = cookie or ""
    assert not journal_is_open(other)
    assert unlock_cookie(other) is None  # and the cookie that opens nothing is deleted


def test_another_persons_halves_open_nothing(locked_alice: Locked, bob: Any) -> None:
    lock_services.lock_turn_on(user=bob, passphrase="bobs own passphrase", params=FAST)
    alices = _unlocked_browser(locked_alice)
    token, cookie = _session_token(alices), unlock_cookie(alices)
    assert lock_key_from_request(_request_with(locked_alice.user, session_token=token, cookie=cookie))
    # Alice's session and cookie, presented for Bob: sealed for her, they open nothing of his.
    assert lock_key_from_request(_request_with(bob, session_token=token, cookie=cookie)) is None
    # Bob's own session with Alice's cookie: nothing either.
    bobs = Client()
    bobs.force_login(bob)
    unlock(bobs, "bobs own passphrase")
    bobs.cookies[cookie_name()] = cookie or ""
    assert bobs.get("/journal/")["Location"].startswith("/journal/unlock/")


def test_the_key_is_held_for_the_request_only(locked_alice: Locked) -> None:
    alices = _unlocked_browser(locked_alice)
    request = _request_with(locked_alice.user, session_token=_session_token(alices), cookie=unlock_cookie(alices))
    seen: list[bytes | None] = []

    def view(_request: Any) -> HttpResponse:
        seen.append(open_lock_key(locked_alice.user.pk))
        return HttpResponse()

    JournalUnlockedMiddleware(view)(request)
    assert seen[0] is not None
    assert open_lock_key(locked_alice.user.pk) is None  # gone once the response is made

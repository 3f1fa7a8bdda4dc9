"""A locked journal for the tests: Alice's lock on, an entry in it; and Alice signed in to it in the
browser, for the browser tests.

Import a fixture by its function name (locked_alice_fixture, locked_signed_in_fixture); pytest
knows them as locked_alice and signed_in.
Argon2id is cheap in every test (tests/conftest.py); tests/journal/locking.py has the rest.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Page

from journal import lock_services
from journal.lock_session import cookie_name
from journal.models import Entry
from journal.services import entry_create
from tests.e2e.conftest import close_pages_without_beacons, sign_in
from tests.journal.locking import FAST, PASSPHRASE


@dataclass
class Locked:
    user: Any
    entry: Entry
    recovery_key: str


@pytest.fixture(name="locked_alice")
def locked_alice_fixture(alice: Any) -> Locked:
    entry = entry_create(author=alice, title="Tuesday by the sea", body="I rang Sam before it got worse")
    recovery_key, _lock_key = lock_services.lock_turn_on(user=alice, passphrase=PASSPHRASE, params=FAST)
    return Locked(user=alice, entry=entry, recovery_key=recovery_key)


def unlock(client: Client, passphrase: str = PASSPHRASE, **extra: str) -> Any:
    return client.post("/journal/unlock/", {"passphrase": passphrase, **extra})


def journal_is_open(client: Client) -> bool:
    response = client.get("/journal/")
    if response.status_code == 302:
        assert response["Location"].startswith("/journal/unlock/"), response["Location"]
        return False
    assert response.status_code == 200
    return "Tuesday by the sea" in response.content.decode()


def unlock_cookie(client: Client) -> str | None:
    cookie = client.cookies.get(cookie_name())
    return cookie.value if cookie is not None and cookie.value else None


def page_without_tokens(response: Any) -> str:
    """A page as the person reads it: the CSRF token (new in every response) and any nonce taken out."""
    page = response.content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', page)
    page = re.sub(r'"X-CSRFToken": "[^"]*"', '"X-CSRFToken"', page)
    return re.sub(r'nonce="[^"]*"', "nonce", page)


def page_text(response: Any) -> str:
    """The page as a person reads it: entities like &#x27; turned back into their characters."""
    return html.unescape(response.content.decode())


def confirmed_note(response: Any) -> str:
    """The signed note a lock page carries once the person confirmed it's them (re-authentication)."""
    found = re.search(r'name="confirmed" value="([^"]+)"', response.content.decode())
    assert found, "the page carries no note that the person confirmed it's them"
    return found.group(1)


@pytest.fixture(name="signed_in")
def locked_signed_in_fixture(page: Page, live_server: Any, locked_alice: Locked) -> Iterator[Page]:
    """The browser signed in as Alice, whose journal is locked (the unlock page comes next)."""
    sign_in(page, live_server.url, locked_alice.user.email)
    yield page
    close_pages_without_beacons(page)

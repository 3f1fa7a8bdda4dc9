"""A locked journal for the request-side tests: Alice's lock on, an entry in it.

Import the fixture by its function name (locked_alice_fixture); pytest knows it as locked_alice.
Argon2id is cheap in every test (tests/conftest.py); tests/journal/locking.py has the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from journal import lock_services
from journal.lock_session import cookie_name
from journal.models import Entry
from journal.services import entry_create
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

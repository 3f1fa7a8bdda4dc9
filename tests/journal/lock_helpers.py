"""A locked journal for the request-side tests: cheap Argon2id, Alice's lock on, an entry in it.

Import the fixtures by their function names (fast_kdf_fixture, locked_alice_fixture); pytest
knows them as _fast_kdf and locked_alice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from journal import lock_services
from journal.lock_keys import KdfParams
from journal.lock_session import cookie_name
from journal.models import Entry
from journal.services import entry_create

PASSPHRASE = "the tide comes back in"


@dataclass(frozen=True)
class FastKdf(KdfParams):
    """Argon2id at 1 MiB and one pass: the real cost is stored per seal, so tests stay fast."""

    memory_kib: int = 1024
    iterations: int = 1


@dataclass
class Locked:
    user: Any
    entry: Entry
    recovery_key: str


@pytest.fixture(autouse=True, name="_fast_kdf")
def fast_kdf_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every new seal a page makes (a recovery's new passphrase) uses the cheap cost too.
    monkeypatch.setattr(lock_services, "KdfParams", FastKdf)


@pytest.fixture(name="locked_alice")
def locked_alice_fixture(alice: Any) -> Locked:
    entry = entry_create(author=alice, title="Tuesday by the sea", body="I rang Sam before it got worse")
    recovery_key, _lock_key = lock_services.lock_turn_on(user=alice, passphrase=PASSPHRASE, params=FastKdf())
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

"""Search with the journal locked: the page opens the lock first, as the timeline does, and a search
sent from a page left open as the journal locked says so beside the words looked for. It used to
show a bare search box (and, sent, the writing pages' "this is not saved yet")."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.journal.lock_helpers import Locked, locked_alice_fixture, page_text, unlock  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

LOCKED = "Your journal is locked, so it can't be searched until you open it with your passphrase."


@pytest.fixture
def client_locked(client: Client, locked_alice: Locked) -> Client:
    client.force_login(locked_alice.user)
    return client


def test_the_search_page_opens_the_lock_first_and_comes_back(client_locked: Client) -> None:
    response = client_locked.get("/journal/search/")
    assert response.status_code == 302
    assert response["Location"] == "/journal/unlock/?next=%2Fjournal%2Fsearch%2F"


@pytest.mark.parametrize("htmx", [False, True])
def test_a_search_sent_while_locked_says_so_beside_the_words(client_locked: Client, htmx: bool) -> None:
    headers: dict[str, Any] = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client_locked.post("/journal/search/", {"q": "sea"}, **headers)
    assert response.status_code == 200
    text = page_text(response)
    assert LOCKED in text
    assert "not saved" not in text  # nothing was being saved
    assert 'href="/journal/unlock/?next=%2Fjournal%2Fsearch%2F"' in text
    assert "Open your journal, then search again" in text
    assert "Tuesday by the sea" not in text
    if not htmx:
        assert 'value="sea"' in text  # the words looked for stay in the box


def test_once_open_the_search_finds_the_entry(client_locked: Client) -> None:
    unlock(client_locked)
    response = client_locked.post("/journal/search/", {"q": "sea"})
    text = page_text(response)
    assert "Tuesday by the sea" in text
    assert LOCKED not in text

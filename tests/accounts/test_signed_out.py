"""A save sent after the session ended elsewhere (signed out in another tab, on another device, or
the session gone on the server) gives the person's words back, never the sign-in page in their place."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from django.test import Client, override_settings

from accounts.middleware import LAST_SEEN_KEY
from safety.selectors import coping_list_for_owner

SOME_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")
HX = {"HX-Request": "true"}

# Each place a person writes whose form is a plain one (or becomes one without JavaScript), with
# what it sends and the words it holds. The ids need not exist: nobody is signed in to own them.
SAVES = [
    ("/reflections/today/", {"body": "Today I noticed the light"}),
    ("/safety/plan/warning_signs/", {"body": "When I stop answering texts", "obstacles": "Late nights"}),
    ("/safety/plan/people/contacts/", {"name": "Sam next door", "phone": "0123 456"}),
    ("/safety/coping/add/", {"group": "comfort", "text": "A warm shower"}),
    (f"/safety/coping/{SOME_ID}/", {"text": "Music with the lights low"}),
    ("/look-back/victories/add/", {"kind": "other", "about_on": "2026-03-04", "note": "I asked for help"}),
    (f"/look-back/victories/{SOME_ID}/", {"note": "I went outside"}),
    (f"/care/clients/{SOME_ID}/homework/", {"sequence": "1", "note": "Only if it feels okay"}),
]


def _words(data: dict[str, str]) -> list[str]:
    return [value for name, value in data.items() if name not in {"group", "kind", "about_on", "sequence"}]


@pytest.mark.parametrize(("url", "data"), SAVES)
def test_a_save_after_signing_out_elsewhere_gives_the_words_back(db: None, url: str, data: dict[str, str]) -> None:
    response = Client().post(url, data)
    page = response.content.decode()
    assert response.status_code == 401, response.get("Location")
    assert "You were signed out" in page
    for words in _words(data):
        assert words in page
    # With JavaScript, a form htmx sends keeps its words on the page and only needs to be told.
    response = Client().post(url, data, headers=HX)
    assert (response.status_code, response["HX-Trigger"]) == (401, "waypoint:locked")


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=30)
def test_a_coping_idea_added_after_the_idle_lock_is_kept(alice_client: Client, alice: Any) -> None:
    """Without JavaScript the Add is the first request after the lock: it lands, then the lock."""
    alice_client.get("/")
    session = alice_client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 45 * 60
    session.save()
    response = alice_client.post("/safety/coping/add/", {"group": "comfort", "text": "A warm shower"})
    assert response["Location"] == "/account/locked/?saved=1"
    assert "A warm shower" in [item.text for group in coping_list_for_owner(alice) for item in group.shown]

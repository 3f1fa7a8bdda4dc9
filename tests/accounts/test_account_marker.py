"""A page drawn for one account never saves into another (config/account_marker.py).

On a shared device the idle lock keeps a page with someone's unsent words on screen. If someone
else signs in meanwhile, in another tab, that page's Save must not land in their journal."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from config.account_marker import account_marker
from journal.models import Entry


def _page_mark(client: Client) -> str:
    found = re.search(r'data-account="([0-9a-f]+)"', client.get("/").content.decode())
    assert found, "every signed-in page carries whose page it is"
    return found.group(1)


def test_each_page_names_its_account_with_a_mark_that_says_nothing_about_who(
    alice: Any, bob: Any, alice_client: Client, bob_client: Client
) -> None:
    alices, bobs = _page_mark(alice_client), _page_mark(bob_client)
    assert alices == account_marker(alice.pk) and alices != bobs
    assert str(alice.pk) not in alices and alice.email not in alices
    assert alice_client.get("/account/idle-status/").json()["account"] == alices


def test_a_save_from_a_page_drawn_for_someone_else_lands_nowhere_and_keeps_the_page(
    alice: Any, bob: Any, alice_client: Client, bob_client: Client
) -> None:
    alices = _page_mark(alice_client)
    # Alice's page, sent from the browser where Bob has signed in since.
    sent = bob_client.post("/reflections/today/", {"body": "Alice's words", "waypoint_account": alices})
    assert sent.status_code == 302 and sent["Location"].startswith("/account/locked/")
    htmx = bob_client.post(
        "/reflections/today/", {"body": "Alice's words"}, headers={"HX-Request": "true", "X-Waypoint-Account": alices}
    )
    assert htmx.status_code == 401 and htmx["HX-Trigger"] == "waypoint:locked"
    assert not Entry.objects.exists()
    # Bob is still signed in, and his own pages save as always.
    assert bob_client.get("/").status_code == 200
    bobs = _page_mark(bob_client)
    assert bob_client.post("/reflections/today/", {"body": "Bob's words", "waypoint_account": bobs}).status_code == 302
    assert bob_client.post("/reflections/today/", {"body": "No mark at all (no JavaScript)"}).status_code == 302
    assert Entry.objects.filter(owner=bob).count() == 2 and not Entry.objects.filter(owner=alice).exists()

"""Care for the body on the page of an entry that notes a setback tonight (safety/apps.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from journal.services import entry_create

CARE = 'href="/safety/after/"'


def _page(client: Client, entry: Any) -> str:
    return client.get(f"/journal/{entry.id}/").content.decode()


def test_a_setback_noted_tonight_offers_the_first_minutes(alice: Any, alice_client: Client) -> None:
    entry = entry_create(author=alice, body="It happened again tonight.", setback=True)
    html = _page(alice_client, entry)
    assert CARE in html
    assert "If you have hurt yourself: the first minutes" in html


def test_written_after_midnight_about_last_night_it_still_offers_it(alice: Any, alice_client: Client) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    entry = entry_create(author=alice, body="Last night.", setback=True, written_on=yesterday)
    assert CARE in _page(alice_client, entry)


def test_an_old_setback_or_a_day_without_one_is_left_as_it_was(alice: Any, alice_client: Client) -> None:
    weeks_ago = timezone.localdate() - timedelta(days=9)
    old = entry_create(author=alice, body="A while ago.", setback=True, written_on=weeks_ago)
    plain = entry_create(author=alice, body="A hard day, nothing more.")
    assert CARE not in _page(alice_client, old)
    assert CARE not in _page(alice_client, plain)

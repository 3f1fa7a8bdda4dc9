from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from journal.models import Entry
from journal.selectors import entry_texts
from journal.services import entry_create, entry_trash

ENTRY_URLS = [
    ("get", "journal:entry"),
    ("get", "journal:entry_edit"),
    ("post", "journal:entry_edit"),
    ("post", "journal:entry_trash"),
    ("get", "journal:print_entry"),
]


@pytest.mark.parametrize("htmx", [False, True], ids=["full page", "htmx fragment"])
@pytest.mark.parametrize(("method", "name"), ENTRY_URLS)
def test_another_persons_entry_is_not_found(alice_client: Client, bob: Any, method: str, name: str, htmx: bool) -> None:
    bobs = entry_create(author=bob, title="Bob's", body="bob's private words")
    headers = {"HX-Request": "true"} if htmx else {}
    url = reverse(name, args=[bobs.id])
    data = {"entry_id": str(bobs.id), "version": 1, "body": "x", "written_on": "2026-01-01", "kind": "free"}
    response = getattr(alice_client, method)(url, data if method == "post" else None, headers=headers)
    assert response.status_code == 404
    assert b"bob's private words" not in response.content
    assert Entry.objects.get(pk=bobs.pk).trashed_at is None
    assert entry_texts(user=bob, entry=Entry.objects.get(pk=bobs.pk)).body == "bob's private words"


@pytest.mark.parametrize("htmx", [False, True], ids=["full page", "htmx fragment"])
def test_another_persons_trashed_entry_cannot_be_restored_or_autosaved(
    alice_client: Client, bob: Any, htmx: bool
) -> None:
    bobs = entry_trash(entry=entry_create(author=bob, body="bob's"))
    headers = {"HX-Request": "true"} if htmx else {}
    assert alice_client.post(reverse("journal:entry_restore", args=[bobs.id]), headers=headers).status_code == 404
    # A trashed entry's own page and its trash page say "in the trash" to its owner only.
    for name in ("journal:entry", "journal:entry_trash"):
        assert alice_client.get(reverse(name, args=[bobs.id]), headers=headers).status_code == 404
        assert alice_client.post(reverse("journal:entry_trash", args=[bobs.id]), headers=headers).status_code == 404
    data = {"entry_id": str(bobs.id), "version": 1, "body": "x", "written_on": "2026-01-01", "kind": "free"}
    assert alice_client.post(reverse("journal:autosave"), data, headers=headers).status_code == 404
    assert alice_client.post(reverse("journal:new"), data, headers=headers).status_code == 404
    assert Entry.objects.get(pk=bobs.pk).trashed_at is not None


def test_days_calendar_and_print_show_only_your_own(alice_client: Client, bob: Any) -> None:
    bobs = entry_create(author=bob, title="Bob's day", body="bob's words")
    day = bobs.written_on
    pages = [
        reverse("journal:day", args=[day.year, day.month, day.day]),
        reverse("journal:calendar") + f"?month={day:%Y-%m}",
        reverse("journal:print_range") + f"?start={day}&end={day}",
        reverse("journal:trash"),
    ]
    for url in pages:
        page = alice_client.get(url).content.decode()
        assert "bob&#x27;s words" not in page and "Bob&#x27;s day" not in page, url
    calendar = alice_client.get(pages[1]).content.decode()
    assert "journal-day-with" not in calendar


def test_signed_out_people_are_sent_to_sign_in(client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, body="x")
    for url in ["/journal/", f"/journal/{entry.id}/", "/journal/new/", "/journal/search/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url

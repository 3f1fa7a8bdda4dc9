"""Starring an entry: only its owner can, only by POST, and nothing of the entry is revealed."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from journal.models import Entry
from journal.services import entry_create, entry_trash
from tests.factories import UserFactory
from tests.journal.test_privacy import _database_bytes


def test_the_owner_stars_and_unstars_from_the_entry_page(alice_client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, title="Seeing the sea", body="x")
    page = alice_client.get(f"/journal/{entry.id}/").content.decode()
    assert f'action="/look-back/starred/{entry.id}/"' in page and "Star this to remember it" in page

    response = alice_client.post(f"/look-back/starred/{entry.id}/", {"starred": "1"})
    assert response.status_code == 302 and response["Location"] == f"/journal/{entry.id}/"
    entry.refresh_from_db()
    assert entry.starred_at is not None and entry.version == 1  # an open editor saves without a conflict
    page = alice_client.get(f"/journal/{entry.id}/").content.decode()
    assert "Remove the star" in page
    assert "Seeing the sea" in alice_client.get("/look-back/?span=all").content.decode()

    alice_client.post(f"/look-back/starred/{entry.id}/", {"starred": "0"})
    entry.refresh_from_db()
    assert entry.starred_at is None
    assert "Seeing the sea" not in alice_client.get("/look-back/?span=all").content.decode()


def test_starring_twice_keeps_the_first_time(alice_client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, body="x")
    alice_client.post(f"/look-back/starred/{entry.id}/", {"starred": "1"})
    first = Entry.objects.get(pk=entry.pk).starred_at
    alice_client.post(f"/look-back/starred/{entry.id}/", {"starred": "1"})
    assert Entry.objects.get(pk=entry.pk).starred_at == first


def test_with_htmx_only_the_star_form_comes_back(alice_client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, body="x")
    response = alice_client.post(f"/look-back/starred/{entry.id}/", {"starred": "1"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<form id="entry-star"')
    assert 'id="entry-star-button"' in html and "Remove the star" in html


def test_someone_elses_entry_is_not_found(bob_client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, body="x")
    assert bob_client.post(f"/look-back/starred/{entry.id}/", {"starred": "1"}).status_code == 404
    assert bob_client.post(f"/look-back/starred/{uuid.uuid4()}/", {"starred": "1"}).status_code == 404
    assert Entry.objects.get(pk=entry.pk).starred_at is None


def test_a_trashed_entry_cannot_be_starred(alice_client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, body="x")
    entry_trash(entry=entry)
    assert alice_client.post(f"/look-back/starred/{entry.id}/", {"starred": "1"}).status_code == 404


def test_a_get_never_stars_anything(alice_client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, body="x")
    assert alice_client.get(f"/look-back/starred/{entry.id}/?starred=1").status_code == 405
    assert Entry.objects.get(pk=entry.pk).starred_at is None


def test_a_visitor_cannot_star(client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, body="x")
    assert client.post(f"/look-back/starred/{entry.id}/", {"starred": "1"}).status_code == 302
    assert Entry.objects.get(pk=entry.pk).starred_at is None


@pytest.mark.django_db(transaction=True)
def test_a_starred_title_is_never_readable_in_the_database(tmp_path: Path) -> None:
    sentinel = "heron-window-" + uuid.uuid4().hex[:12]
    person: Any = UserFactory()
    client = Client()
    client.force_login(person)
    entry = entry_create(author=person, title=f"title {sentinel}", body=f"body {sentinel}", mood=2, urge=6)
    assert client.post(f"/look-back/starred/{entry.id}/", {"starred": "1"}).status_code == 302
    assert sentinel in client.get("/look-back/?span=all").content.decode()
    raw = _database_bytes(tmp_path)
    assert person.email.encode() in raw  # the dump is real
    assert sentinel.encode() not in raw
    assert sentinel.encode().hex().encode() not in raw
    assert sentinel.encode("utf-16-le") not in raw

"""Saving an entry someone holds a copy of: "Saved" says the copy stays as it was, never "private"."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from care import services
from care.models import Link
from supporters import services as supporter_services
from tests.care.conftest import write
from tests.journal.test_editor import form_data

pytestmark = pytest.mark.django_db

PRIVATE = "Saved. It stays private unless you share it."
COPY_STAYS = "Saved. The copy you shared stays as it was until you share it again."


def _edit(client: Client, entry: Any, body: str) -> str:
    data = form_data(entry.id, entry.version, body=body, written_on=entry.written_on.isoformat())
    response = client.post(f"/journal/{entry.id}/edit/", data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_saving_an_entry_shared_with_a_therapist_says_their_copy_stays_as_it_was(
    link: Link, alice: Any, alice_client: Client
) -> None:
    entry = write(alice, "a line I might take out")
    services.share_entry(link=link, entry=entry)
    page = _edit(alice_client, entry, "the line is gone now")
    assert COPY_STAYS in page
    assert PRIVATE not in page
    assert "still sees the copy you shared" in page  # the share note beside it agrees


def test_saving_an_entry_shared_with_a_supporter_says_their_copy_stays_as_it_was(
    alice: Any, alice_client: Client
) -> None:
    entry = write(alice, "words for Robin")
    robin = supporter_services.supporter_add(owner=alice, name="Robin")
    supporter_services.share_entry(supporter=robin, entry=entry)
    page = _edit(alice_client, entry, "different words")
    assert COPY_STAYS in page
    assert PRIVATE not in page


def test_saving_an_entry_nobody_holds_a_copy_of_still_says_it_stays_private(
    link: Link, alice: Any, alice_client: Client
) -> None:
    entry = write(alice, "just mine")
    page = _edit(alice_client, entry, "still just mine")
    assert PRIVATE in page
    assert COPY_STAYS not in page

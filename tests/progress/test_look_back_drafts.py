"""A draft (what autosave kept, not yet saved) stays off the look back and the summary shared from it."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from care.models import Link, SharedItem
from journal.services import entry_create
from progress import look_back_services
from supporters.models import SupporterShare
from supporters.services import link_make, supporter_add
from tests.care.conftest import client_for

FINISHED = "The walk by the sea"
DRAFT = "Half a thought about Sunday"


@pytest.fixture
def draft_id(alice: Any, alice_client: Client) -> uuid.UUID:
    """A finished starred entry, and a starred draft written through the editor's autosave."""
    day = timezone.localdate() - timedelta(days=3)
    finished = entry_create(author=alice, title=FINISHED, body="x", written_on=day, mood=4, urge=2)
    look_back_services.entry_star(entry=finished, starred=True)
    entry_id = uuid.uuid4()
    fields = {"entry_id": str(entry_id), "version": "0", "title": DRAFT, "body": "not finished"}
    fields |= {"written_on": day.isoformat(), "kind": "free", "mood": "1", "urge": "9", "tags": ""}
    alice_client.post("/journal/autosave/", fields, headers={"HX-Request": "true"})
    alice_client.post(reverse("progress:entry_star", args=[entry_id]), {"starred": "1"})
    return entry_id


def test_the_look_back_counts_and_lists_finished_entries_only(alice_client: Client, draft_id: uuid.UUID) -> None:
    page = alice_client.get("/look-back/", {"span": "4w"}).content.decode()
    assert FINISHED in page and DRAFT not in page
    assert "<strong>1</strong> entry written" in page


def test_the_summary_holds_no_word_of_a_draft(alice_client: Client, draft_id: uuid.UUID) -> None:
    page = alice_client.get("/look-back/summary/", {"span": "4w"}).content.decode()
    assert FINISHED in page and DRAFT not in page
    assert "<li>1 entry written</li>" in page


def test_a_summary_shared_with_a_supporter_holds_no_draft(
    alice: Any, alice_client: Client, client: Client, draft_id: uuid.UUID
) -> None:
    supporter = supporter_add(owner=alice, name="Sam")
    alice_client.post(
        reverse("supporters:share_summary"), {"span": "4w", "chosen": "1", "t": "1", "supporter": supporter.id}
    )
    assert SupporterShare.objects.get().kind == "summary"
    url = reverse("supporters:read", args=[link_make(supporter=supporter, days=7, with_code=False).token])
    client.post(url, {"open": "1"})
    page = client.get(url).content.decode()
    assert FINISHED in page and DRAFT not in page


def test_a_summary_shared_with_a_therapist_holds_no_draft(
    library: None, link: Link, alice: Any, theo: Any, alice_client: Client, draft_id: uuid.UUID
) -> None:
    alice_client.post(reverse("care:share_summary"), {"span": "4w", "link": link.id})
    item = SharedItem.objects.get()
    shown = client_for(theo).get(reverse("care:shared_item", args=[link.id, item.id])).content.decode()
    assert FINISHED in shown and DRAFT not in shown


def test_a_starred_draft_says_when_it_joins_the_look_back(alice_client: Client, draft_id: uuid.UUID) -> None:
    entry_page = reverse("journal:entry", args=[draft_id])
    note = "It goes on your look back once you finish it and press Save."
    assert note in alice_client.get(entry_page).content.decode()
    # Saving it finishes it: then it is on the look back like any other starred entry.
    fields = {"entry_id": str(draft_id), "version": "1", "title": DRAFT, "body": "finished now"}
    fields |= {"written_on": (timezone.localdate() - timedelta(days=3)).isoformat(), "kind": "free"}
    fields |= {"mood": "", "urge": "", "tags": ""}
    assert alice_client.post("/journal/new/", fields).status_code == 302
    assert "It is on your look back." in alice_client.get(entry_page).content.decode()
    page = alice_client.get("/look-back/", {"span": "4w"}).content.decode()
    assert DRAFT in page and "<strong>2</strong> entries written" in page

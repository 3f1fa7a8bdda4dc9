"""What the gentle check leaves in the session table, read as anyone holding a copy of it reads it.

Django signs a session's data but does not encrypt it: without SECRET_KEY, a copy of the table
still decodes to the session's JSON. The check's answer must be no more readable than that.
"""

from __future__ import annotations

import json
import time
import uuid
import zlib
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from journal.models import Entry
from safety.gentle_check import MARKER_LIFETIME, SESSION_KEY

# Where the session once held which editor page made each entry's newest version.
PAGE_WRITES = "journal_page_writes"

pytestmark = pytest.mark.usefixtures("crisis_resources")

PANEL = 'id="gentle-check-heading"'
HARD = "Tonight I want to end my life."
QUIET = "A quiet evening, soup and an early night."


def _save(client: Client, body: str, **headers: Any) -> Any:
    data = {
        "entry_id": str(uuid.uuid4()),
        "version": "0",
        "title": "",
        "body": body,
        "written_on": timezone.localdate().isoformat(),
        "kind": "free",
    }
    return client.post("/journal/new/", data, **headers)


def as_a_copy_reads_it(session_data: str) -> str:
    """A stored session's JSON, read without SECRET_KEY: base64, sometimes zlib, then the signature."""
    payload = session_data.split(":", 1)[0]
    raw = signing.b64_decode(payload.lstrip(".").encode())
    return (zlib.decompress(raw) if payload.startswith(".") else raw).decode()


def stored_session() -> str:
    [row] = Session.objects.all()
    return as_a_copy_reads_it(row.session_data)


def test_a_copy_of_the_session_table_reads_the_same_after_a_hard_save_as_after_a_quiet_one(
    alice_client: Client,
) -> None:
    _save(alice_client, "Warming up: the first save makes keys and preferences.")
    alice_client.get("/")
    _save(alice_client, QUIET)
    after_quiet = stored_session()
    alice_client.get("/")
    _save(alice_client, HARD)
    after_hard = stored_session()

    quiet, hard = json.loads(after_quiet), json.loads(after_hard)
    assert quiet.keys() == hard.keys()
    assert SESSION_KEY in quiet
    assert quiet[SESSION_KEY] is not True and hard[SESSION_KEY] is not True
    assert len(quiet[SESSION_KEY]) == len(hard[SESSION_KEY]) and quiet[SESSION_KEY] != hard[SESSION_KEY]
    # Which editor page made each entry's newest version (journal/editor_views.py) is on the
    # entry's row, not in the session: a page's random id, hard or quiet alike, nothing of the words.
    assert PAGE_WRITES not in quiet and PAGE_WRITES not in hard
    pages = Entry.objects.values_list("made_by_page", flat=True)
    assert len(pages) == 3 and all(isinstance(page, uuid.UUID) for page in pages)
    # As a copy holds it, the whole session is the same length either way.
    assert len(json.dumps(quiet)) == len(json.dumps(hard))
    assert "true" not in after_hard


def test_the_next_page_takes_the_answer_either_way_and_the_pages_after_it_write_nothing(
    alice_client: Client,
) -> None:
    for body in (QUIET, HARD):
        location = _save(alice_client, body)["Location"]
        with CaptureQueriesContext(connection) as next_page:
            html = alice_client.get(location).content.decode()
        assert (PANEL in html) is (body == HARD)
        assert SESSION_KEY not in stored_session()
        assert [q for q in next_page.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]
        with CaptureQueriesContext(connection) as page_after:
            assert PANEL not in alice_client.get(location).content.decode()
        assert not [q for q in page_after.captured_queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]


def test_a_hard_save_whose_page_never_came_brings_no_panel_minutes_later(
    alice_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The tab closed before the page after the save; the phone is picked up again later.
    location = _save(alice_client, HARD)["Location"]
    later = time.time() + MARKER_LIFETIME + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert PANEL not in alice_client.get(location).content.decode()
    assert SESSION_KEY not in stored_session()


def test_the_panel_shows_on_a_page_opened_soon_after_the_save(alice_client: Client) -> None:
    location = _save(alice_client, HARD)["Location"]
    assert PANEL in alice_client.get(location).content.decode()


def test_an_answer_sealed_for_someone_else_brings_no_panel(
    alice_client: Client, bob_client: Client, alice: Any
) -> None:
    _save(alice_client, HARD)
    sealed = alice_client.session[SESSION_KEY]
    session = bob_client.session
    session[SESSION_KEY] = sealed
    session.save()
    assert PANEL not in bob_client.get("/").content.decode()

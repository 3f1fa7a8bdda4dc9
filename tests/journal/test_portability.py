from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from typing import Any

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from journal.models import Entry
from journal.portability import JSON_NAME, SCHEMA, SCHEMA_VERSION, export_archive
from journal.selectors import all_entries
from journal.services import entry_create, entry_trash


def _entries(alice: Any) -> None:
    entry_create(
        author=alice,
        title="Backdated",
        body="About yesterday.\nSecond line.",
        written_on=date(2026, 1, 1),
        mood=3,
        urge=4,
        tags=["sleep", "night"],
    )
    entry_create(author=alice, body="A reflection", kind=Entry.Kind.REFLECTION)
    entry_trash(entry=entry_create(author=alice, body="In the trash"))


def test_export_asks_who_you_are_first(alice_client: Client, alice: Any) -> None:
    _entries(alice)
    response = alice_client.post("/journal/export/download/")
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]


def test_export_is_a_zip_of_markdown_and_versioned_json(fresh_alice_client: Client, alice: Any) -> None:
    _entries(alice)
    response = fresh_alice_client.post("/journal/export/download/")
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
        document = json.loads(zf.read(JSON_NAME))
        markdown = [zf.read(name).decode() for name in zf.namelist() if name.endswith(".md")]
    assert (document["schema"], document["schema_version"]) == (SCHEMA, SCHEMA_VERSION)
    assert len(document["entries"]) == 3
    backdated = next(m for m in markdown if "Backdated" in m)
    front = yaml.safe_load(backdated.split("---\n")[1])
    assert front["title"] == "Backdated"
    assert front["written_on"] == "2026-01-01"
    assert front["tags"] == ["night", "sleep"]
    assert "About yesterday.\nSecond line." in backdated


def test_importing_your_export_brings_everything_back_and_twice_adds_nothing(alice: Any, bob: Any) -> None:
    _entries(alice)
    archive = export_archive(user=alice)
    client = Client()
    client.force_login(bob)
    upload = SimpleUploadedFile("waypoint.zip", archive, content_type="application/zip")
    response = client.post("/journal/import/", {"archive": upload}, follow=True)
    assert "3 entries are back" in response.content.decode()
    upload = SimpleUploadedFile("waypoint.zip", archive, content_type="application/zip")
    response = client.post("/journal/import/", {"archive": upload}, follow=True)
    assert "already in your journal" in response.content.decode()

    views = {v.body: v for v in all_entries(user=bob)}
    assert len(views) == 3
    backdated = views["About yesterday.\nSecond line."]
    assert (backdated.title, backdated.entry.written_on, backdated.mood, backdated.urge) == (
        "Backdated",
        date(2026, 1, 1),
        3,
        4,
    )
    assert backdated.tags == ["night", "sleep"]
    assert views["A reflection"].entry.kind == Entry.Kind.REFLECTION
    assert views["In the trash"].entry.trashed_at is not None


def test_a_file_that_is_not_an_export_gets_a_kind_message(alice_client: Client) -> None:
    upload = SimpleUploadedFile("notes.txt", b"just some notes", content_type="text/plain")
    page = alice_client.post("/journal/import/", {"archive": upload}).content.decode()
    assert "doesn&#x27;t look like a Waypoint export" in page
    assert not Entry.objects.exists()


def test_a_damaged_export_imports_nothing(alice_client: Client) -> None:
    document = {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, "entries": [{"id": "nope", "body": 3}]}
    upload = SimpleUploadedFile("w.json", json.dumps(document).encode(), content_type="application/json")
    page = alice_client.post("/journal/import/", {"archive": upload}).content.decode()
    assert "nothing was imported" in page
    assert not Entry.objects.exists()

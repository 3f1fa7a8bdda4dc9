"""Stars and noted setbacks travel in "Download everything" and come back on import as they were."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime
from typing import Any

import pytest

from journal.models import Entry
from journal.portability import JSON_NAME, SCHEMA, SCHEMA_VERSION, export_archive, import_archive
from journal.selectors import entry_texts
from journal.services import entry_create

pytestmark = pytest.mark.django_db

STARRED_AT = datetime(2026, 2, 4, 9, 30, tzinfo=UTC)


def _journal(person: Any) -> tuple[Entry, Entry, Entry]:
    starred = entry_create(author=person, title="Tea with Sam", body="x", written_on=date(2026, 2, 3), mood=4)
    setback = entry_create(author=person, body="y", written_on=date(2026, 2, 5), mood=1, urge=9, setback=True)
    plain = entry_create(author=person, body="z", written_on=date(2026, 2, 6))
    Entry.objects.filter(pk=starred.pk).update(starred_at=STARRED_AT)
    return starred, setback, plain


def _by_body(person: Any) -> dict[str, tuple[datetime | None, bool]]:
    return {
        (view := entry_texts(user=person, entry=entry)).body: (entry.starred_at, view.setback)
        for entry in Entry.objects.filter(owner=person)
    }


def test_stars_and_setbacks_survive_export_then_import(alice: Any, bob: Any) -> None:
    _journal(alice)
    archive = export_archive(user=alice)

    import_archive(user=bob, upload=io.BytesIO(archive))
    assert _by_body(bob) == {"x": (STARRED_AT, False), "y": (None, True), "z": (None, False)}
    # Importing the same file again adds nothing and changes nothing.
    import_archive(user=bob, upload=io.BytesIO(archive))
    assert Entry.objects.filter(owner=bob).count() == 3


def test_the_readable_copy_says_which_were_starred_or_noted_and_no_more(alice: Any) -> None:
    starred, setback, plain = _journal(alice)
    with zipfile.ZipFile(io.BytesIO(export_archive(user=alice))) as zf:
        files = {name: zf.read(name).decode() for name in zf.namelist()}
    records = {r["body"]: r for r in json.loads(files[JSON_NAME])["entries"]}
    assert (records["x"]["starred_at"], records["x"]["setback"]) == (STARRED_AT.isoformat(), False)
    assert (records["y"]["starred_at"], records["y"]["setback"]) == (None, True)
    markdown = {name: text for name, text in files.items() if name.startswith("entries/")}
    by_id = {str(e.id)[:8]: e for e in (starred, setback, plain)}
    for name, text in markdown.items():
        entry = by_id[name.rsplit("-", 1)[1].removesuffix(".md")]
        assert ("starred: true" in text) == (entry == starred)
        assert ("setback: true" in text) == (entry == setback)


def test_an_export_from_before_stars_imports_unstarred_and_unmarked(alice: Any) -> None:
    record = {"id": "0b6f4a52-7c4e-4e39-9d0a-5a0c2f3b9a11", "body": "Words", "written_on": "2026-01-02"}
    document = {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, "entries": [record]}
    import_archive(user=alice, upload=io.BytesIO(json.dumps(document).encode()))
    assert _by_body(alice) == {"Words": (None, False)}

"""Words kept from another tab travel in the export, labelled as not chosen about yet, and come
back with an import (journal/portability_kept.py): exporting then deleting the account no longer
loses them."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from journal.kept_words import kept_words_keep, kept_words_open
from journal.models import Entry, KeptWords
from journal.portability import JSON_NAME, export_archive, import_archive
from journal.services import EntryContent, entry_create, entry_trash, entry_update

WORDS = "Written in the phone's tab, late.\n# not a heading"


def _kept(alice: Any, *, trashed: bool = False) -> KeptWords:
    entry = entry_create(author=alice, title="Tuesday", body="The start.")
    saved = entry_update(
        entry=entry, expected_version=1, content=EntryContent("Tuesday", "Saved on the laptop.", entry.written_on)
    )
    kept = kept_words_keep(
        entry=saved, page=uuid.uuid4(), content=EntryContent("Tonight", WORDS, entry.written_on, mood=2, tags=["sleep"])
    )
    if trashed:
        entry_trash(entry=Entry.objects.get(pk=entry.pk))
    return kept


def _files(alice: Any) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(export_archive(user=alice))) as zf:
        return {name: zf.read(name).decode() for name in zf.namelist()}


def test_the_export_page_says_kept_words_come_along(alice_client: Client, alice: Any) -> None:
    _kept(alice)
    page = alice_client.get("/journal/export/").content.decode()
    assert "Words kept from 1 other tab, which you haven&#x27;t chosen about yet" in page


def test_kept_words_are_in_the_json_and_in_a_markdown_file_that_says_what_they_are(alice: Any) -> None:
    kept = _kept(alice, trashed=True)  # the trash comes along, and so do the words kept with it
    files = _files(alice)
    (record,) = json.loads(files[JSON_NAME])["kept_words"]
    assert record["entry_id"] == str(kept.entry_id)
    assert (record["title"], record["body"], record["mood"], record["tags"]) == ("Tonight", WORDS, 2, ["sleep"])

    (name,) = [n for n in files if n.startswith("kept-words/")]
    text = files[name]
    front = yaml.safe_load(text.split("---\n")[1])
    entry_file = f"entries/{kept.entry.written_on.isoformat()}-{str(kept.entry_id)[:8]}.md"
    assert entry_file in files  # it names the entry's own file, which is there
    assert front["kept_from_another_tab"] is True and front["not_chosen_yet"] is True
    assert (front["entry"], front["title"]) == (entry_file, "Tonight")
    assert "> Words kept from another tab, not chosen about yet." in text
    # The words as written, escaped for a Markdown reader as an entry's are.
    assert text.endswith("Written in the phone's tab, late.\n\\# not a heading\n")
    # The entry's own file still holds the entry as saved, not the kept words.
    assert "Saved on the laptop." in files[entry_file] and "phone" not in files[entry_file]


def test_importing_brings_kept_words_back_beside_their_entry_and_twice_adds_nothing(
    alice: Any, bob: Any, bob_client: Client
) -> None:
    _kept(alice)
    archive = export_archive(user=alice)
    response = bob_client.post("/journal/import/", {"archive": SimpleUploadedFile("w.zip", archive)}, follow=True)
    (message,) = [str(m) for m in response.context["messages"]]
    assert message == "Brought back: 1 journal entry, words kept from 1 other tab."
    again = import_archive(user=bob, upload=io.BytesIO(archive))
    assert (again.added, again.already_here) == ([], 2)

    (kept,) = KeptWords.objects.filter(owner=bob)
    assert kept.entry.owner_id == bob.pk
    expected = EntryContent("Tonight", WORDS, kept.entry.written_on, mood=2, tags=["sleep"])
    assert kept_words_open(kept).content == expected
    # Still waiting for a choice: bob's entry offers to compare them.
    page = bob_client.get(f"/journal/{kept.entry_id}/").content.decode()
    assert f'href="/journal/{kept.entry_id}/kept/{kept.id}/"' in page


def test_an_export_from_before_kept_words_still_imports(alice: Any, bob: Any) -> None:
    _kept(alice)
    with zipfile.ZipFile(io.BytesIO(export_archive(user=alice))) as zf:
        document = json.loads(zf.read(JSON_NAME))
    del document["kept_words"]
    result = import_archive(user=bob, upload=io.BytesIO(json.dumps(document).encode()))
    assert result.added == ["1 journal entry"]
    assert not KeptWords.objects.filter(owner=bob).exists()


@pytest.mark.parametrize(
    "change",
    [
        {"entry_id": str(uuid.uuid4())},  # beside an entry the file does not hold
        {"page": "not an id"},
        {"body": 5},
        {"mood": 9},
    ],
)
def test_kept_words_that_cant_be_read_import_nothing(alice: Any, bob: Any, change: dict[str, Any]) -> None:
    from journal.portability import ImportProblem

    _kept(alice)
    with zipfile.ZipFile(io.BytesIO(export_archive(user=alice))) as zf:
        document = json.loads(zf.read(JSON_NAME))
    document["kept_words"][0].update(change)
    with pytest.raises(ImportProblem, match="your words kept from another tab"):
        import_archive(user=bob, upload=io.BytesIO(json.dumps(document).encode()))
    assert not Entry.objects.filter(owner=bob).exists()


def test_an_export_asks_the_same_questions_however_many_words_are_kept(alice: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _kept(alice)
    with CaptureQueriesContext(connection) as few:
        export_archive(user=alice)
    for _ in range(3):
        _kept(alice)
    with CaptureQueriesContext(connection) as many:
        export_archive(user=alice)
    assert len(many) == len(few)


def test_kept_words_dated_after_today_are_refused_as_an_entry_would_be(alice: Any, bob: Any) -> None:
    # "Use my kept words" would set the entry to that day, which the editor and an entry's own
    # import both refuse: the file is refused whole, with the day named, and nothing is imported.
    from journal.portability import ImportProblem

    _kept(alice)
    with zipfile.ZipFile(io.BytesIO(export_archive(user=alice))) as zf:
        document = json.loads(zf.read(JSON_NAME))
    document["kept_words"][0]["written_on"] = "2999-01-01"
    with pytest.raises(ImportProblem, match="dated 2999-01-01"):
        import_archive(user=bob, upload=io.BytesIO(json.dumps(document).encode()))
    assert not Entry.objects.filter(owner=bob).exists()
    assert not KeptWords.objects.filter(owner=bob).exists()


def test_an_imported_entry_says_when_it_was_saved_not_when_it_was_imported(
    alice: Any, bob: Any, bob_client: Client
) -> None:
    # Beside words kept from another tab, "Saved on" told the moment of the import: someone moving
    # to a new server weeks later read that the entry was saved that day, after their kept words.
    kept = _kept(alice)
    saved = datetime(2026, 11, 2, 18, 5, tzinfo=UTC)
    Entry.objects.filter(pk=kept.entry_id).update(created_at=saved, updated_at=saved)
    KeptWords.objects.filter(pk=kept.pk).update(kept_at=saved + timedelta(minutes=1))
    bob_client.post("/journal/import/", {"archive": SimpleUploadedFile("w.zip", export_archive(user=alice))})
    (theirs,) = KeptWords.objects.filter(owner=bob)
    page = bob_client.get(f"/journal/{theirs.entry_id}/kept/{theirs.pk}/").content.decode()
    assert "Kept on 2 November 2026, 18:06" in page
    assert "Saved on 2 November 2026, 18:05" in page

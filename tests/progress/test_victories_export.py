"""Small victories travel in "Download everything" and come back on import, once."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from journal.export_sections import ImportProblem
from journal.portability import JSON_NAME, export_archive, export_contents, import_archive
from journal.services import entry_create
from progress import selectors, services
from progress.models import Victory, VictoryKind

pytestmark = pytest.mark.django_db


def _files(archive: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        return {name: zf.read(name).decode() for name in zf.namelist()}


def test_the_export_holds_each_victory_with_its_note_and_a_readable_list(alice: Any) -> None:
    services.victory_add(owner=alice, kind=VictoryKind.HELP, about_on=date(2026, 2, 1), note="asked Jo")
    entry = entry_create(author=alice, body="walk", written_on=date(2026, 2, 3))
    services.victory_mark_entry(owner=alice, entry=entry)
    assert "2 small victories" in export_contents(user=alice)

    files = _files(export_archive(user=alice))
    records = json.loads(files[JSON_NAME])["small_victories"]
    assert [(r["kind"], r["about_on"], r["note"]) for r in records] == [
        ("help", "2026-02-01", "asked Jo"),
        ("entry", "2026-02-03", ""),
    ]
    assert records[1]["entry_id"] == str(entry.id)
    markdown = files["small-victories.md"]
    assert markdown.index("2026-02-03: An entry I wrote") < markdown.index(
        "2026-02-01: A day I asked for help. asked Jo"
    )


def test_a_note_shows_in_the_readable_list_as_written_not_as_formatting(alice: Any) -> None:
    services.victory_add(
        owner=alice, kind=VictoryKind.OTHER, about_on=date(2026, 2, 1), note="<img src=x> *so* proud\n- then a walk"
    )
    markdown = _files(export_archive(user=alice))["small-victories.md"]
    assert "\\<img src=x> \\*so\\* proud\n  \\- then a walk" in markdown


def test_a_note_of_several_paragraphs_stays_inside_its_victory_in_the_readable_list(alice: Any) -> None:
    services.victory_add(owner=alice, kind=VictoryKind.HELP, about_on=date(2026, 2, 1), note="asked Jo")
    services.victory_add(
        owner=alice, kind=VictoryKind.OTHER, about_on=date(2026, 2, 2), note="a walk\n\nand then tea\nwith Sam"
    )
    markdown = _files(export_archive(user=alice))["small-victories.md"]
    # Every line of the note is indented under its item (a Markdown list item's own text), so the
    # second paragraph is still that victory's, and the list goes on to the next one.
    assert "- 2026-02-02: Something else. a walk\n\n  and then tea\n  with Sam\n- 2026-02-01: " in markdown


def test_importing_brings_them_back_linked_to_their_entry_and_twice_adds_nothing(alice: Any, bob: Any) -> None:
    services.victory_add(owner=alice, kind=VictoryKind.CONVERSATION, about_on=date(2026, 1, 5), note="with Sam")
    entry = entry_create(author=alice, body="a good day", written_on=date(2026, 1, 6))
    services.victory_mark_entry(owner=alice, entry=entry)
    archive = export_archive(user=alice)

    import_archive(user=bob, upload=io.BytesIO(archive))
    import_archive(user=bob, upload=io.BytesIO(archive))
    views = selectors.victories_for(owner=bob)
    assert [(v.kind, v.about_on, v.note) for v in views] == [
        ("entry", date(2026, 1, 6), ""),
        ("talk", date(2026, 1, 5), "with Sam"),
    ]
    linked = Victory.objects.get(owner=bob, entry__isnull=False)
    assert linked.entry is not None and linked.entry.owner_id == bob.pk

    # Into the same account: everything is already here.
    import_archive(user=alice, upload=io.BytesIO(archive))
    assert Victory.objects.filter(owner=alice).count() == 2


def test_a_victory_dated_before_the_journals_first_day_is_refused_kindly_and_nothing_is_written(
    alice: Any, bob: Any
) -> None:
    services.victory_add(owner=alice, kind=VictoryKind.HELP, about_on=date(2026, 2, 1), note="asked Jo")
    files = _files(export_archive(user=alice))
    document = json.loads(files[JSON_NAME])
    document["small_victories"][0]["about_on"] = "1850-01-01"  # a file changed by hand
    edited = io.BytesIO()
    with zipfile.ZipFile(edited, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, json.dumps(document) if name == JSON_NAME else text)
    with pytest.raises(ImportProblem) as refused:
        import_archive(user=bob, upload=io.BytesIO(edited.getvalue()))
    assert "small victories" in str(refused.value).lower()
    assert not Victory.objects.filter(owner=bob).exists()


def test_a_victory_whose_note_changed_since_the_export_is_kept_once_with_the_new_note(
    alice: Any, alice_client: Any
) -> None:
    # "Add a note" after the export, then the same file imported again (as the import page says is
    # fine): the victory came back a second time, without the note and without its entry.
    entry = entry_create(author=alice, body="a good day", written_on=date(2026, 1, 6))
    victory, _marked = services.victory_mark_entry(owner=alice, entry=entry)
    archive = export_archive(user=alice)
    services.victory_note_change(victory=victory, note="Proud of this one")
    upload = SimpleUploadedFile("waypoint.zip", archive)
    page = alice_client.post("/journal/import/", {"archive": upload}, follow=True).content.decode()
    assert "Some of it was different in the file (1 small victory)" in page
    assert [(v.kind, v.about_on, v.note) for v in selectors.victories_for(owner=alice)] == [
        ("entry", date(2026, 1, 6), "Proud of this one")
    ]

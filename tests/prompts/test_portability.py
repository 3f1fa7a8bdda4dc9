"""Reflections travel in the export with their answers, finished or not, and come back once."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, date, datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from journal.models import Entry
from journal.portability import JSON_NAME, export_archive
from journal.selectors import all_entries
from prompts.models import Run, Sequence
from prompts.selectors import run_answers
from prompts.services import run_start, run_step_submit
from tests.journal.conftest import reauthenticate
from tests.journal.test_portability import _download


def _finished(person: Any, setback: Sequence) -> Run:
    run = run_start(owner=person, sequence=setback)
    answers: dict[str, Any] = {}
    words = {2: "I was alone at home", 4: "Be gentle, it passes", 5: "Sleep early"}
    for position in range(len(run.definition.steps)):
        run = run_step_submit(run=run, answers=answers, answer=words.get(position), action="next")
    assert run.is_finished
    return run


def _in_progress(person: Any, setback: Sequence) -> Run:
    run = run_start(owner=person, sequence=setback)
    answers: dict[str, Any] = {}
    for answer in (None, None, "Half way through my thoughts"):
        run = run_step_submit(run=run, answers=answers, answer=answer, action="next")
    return run


def _import(client: Client, raw: bytes) -> str:
    return client.post("/journal/import/", {"archive": SimpleUploadedFile("w.zip", raw)}, follow=True).content.decode()


def _runs(person: Any) -> list[tuple[str, int, dict[str, Any], str]]:
    runs = Run.objects.filter(owner=person).select_related("version__sequence", "owner").order_by("started_at")
    return [(r.status, r.position, run_answers(r), r.started_at.isoformat()) for r in runs]


def test_finished_and_unfinished_reflections_are_in_the_export_with_their_answers(
    alice: Any, setback: Sequence
) -> None:
    _finished(alice, setback)
    _in_progress(alice, setback)
    with zipfile.ZipFile(io.BytesIO(export_archive(user=alice))) as zf:
        document = json.loads(zf.read(JSON_NAME))
        reflections = [zf.read(n).decode() for n in zf.namelist() if n.startswith("reflections/")]
    finished, unfinished = document["reflections"]
    assert finished["status"] == "finished" and finished["answers"]["4"] == "Be gentle, it passes"
    assert {"question": "What is one small thing that could help in the next 24 hours?", "answer": "Sleep early"} in (
        finished["questions_and_answers"]
    )
    assert unfinished["status"] == "in_progress" and unfinished["answers"] == {"2": "Half way through my thoughts"}
    assert any("*Not finished yet" in md and "Half way through my thoughts" in md for md in reflections)
    assert any("## What would you say to a friend" in md and "Be gentle, it passes" in md for md in reflections)


def test_an_answer_in_the_export_reads_as_written_in_a_markdown_reader(alice: Any, setback: Sequence) -> None:
    run = run_start(owner=alice, sequence=setback)
    run_step_submit(run=run, answers={}, answer=None, action="next")
    run_step_submit(run=run, answers=run_answers(run), answer=None, action="next")
    run_step_submit(run=run, answers=run_answers(run), answer="# alone\n1. at home", action="next")
    with zipfile.ZipFile(io.BytesIO(export_archive(user=alice))) as zf:
        (reflection,) = [zf.read(n).decode() for n in zf.namelist() if n.startswith("reflections/")]
    assert "\n\\# alone\n1\\. at home\n" in reflection


def test_the_file_list_of_an_export_never_names_a_reflection(alice: Any, setback: Sequence) -> None:
    _finished(alice, setback)
    with zipfile.ZipFile(io.BytesIO(export_archive(user=alice))) as zf:
        names = [n for n in zf.namelist() if n.startswith("reflections/")]
    # What a file manager shows without opening anything: a date and an id, as for entries.
    assert len(names) == 1 and re.fullmatch(r"reflections/\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.md", names[0]), names
    assert "setback" not in names[0]


def test_importing_brings_reflections_back_linked_to_their_entry_and_twice_adds_nothing(
    alice: Any, bob: Any, bob_client: Client, setback: Sequence
) -> None:
    _finished(alice, setback)
    _in_progress(alice, setback)
    archive = export_archive(user=alice)
    page = _import(bob_client, archive)
    assert "2 reflections" in page
    assert _runs(bob) == _runs(alice)
    finished = Run.objects.get(owner=bob, status=Run.Status.FINISHED)
    assert finished.entry is not None and finished.entry.owner == bob
    assert finished.entry.kind == Entry.Kind.REFLECTION
    # The unfinished one can be carried on from the home page, where it was.
    home = bob_client.get("/").content.decode()
    assert "Pick up where you left off" in home and "step 4 of" in home

    assert "Everything in that file was already here." in _import(bob_client, archive)
    assert Run.objects.filter(owner=bob).count() == 2
    assert Entry.objects.filter(owner=bob).count() == 1


def test_importing_into_the_same_account_adds_nothing(alice: Any, alice_client: Client, setback: Sequence) -> None:
    _finished(alice, setback)
    _in_progress(alice, setback)
    before = _runs(alice)
    assert "Everything in that file was already here." in _import(alice_client, export_archive(user=alice))
    assert _runs(alice) == before


def test_a_reflection_this_waypoint_doesnt_have_keeps_its_words_as_a_draft_entry(
    alice: Any, bob: Any, bob_client: Client, setback: Sequence
) -> None:
    _in_progress(alice, setback)
    document = json.loads(zipfile.ZipFile(io.BytesIO(export_archive(user=alice))).read(JSON_NAME))
    document["reflections"][0]["sequence"] = "a-clinic-only-reflection"
    raw = json.dumps(document).encode()
    assert "1 reflection" in _import(bob_client, raw)
    assert not Run.objects.filter(owner=bob).exists()
    (view,) = all_entries(user=bob)
    assert (view.title, view.entry.kind, view.entry.is_draft) == ("After a setback", Entry.Kind.REFLECTION, True)
    assert "What was going on around you before it happened?\nHalf way through my thoughts" in view.body
    _import(bob_client, raw)
    assert len(all_entries(user=bob)) == 1


def test_a_reflection_kept_as_an_entry_is_dated_by_the_local_day_it_was_started(
    alice: Any, bob: Any, bob_client: Client, setback: Sequence, settings: Any
) -> None:
    # Started at half past eleven at night in UTC, already the next morning in Auckland: the entry
    # took the UTC day, a day before the one the person wrote it on.
    settings.TIME_ZONE = "Pacific/Auckland"
    _in_progress(alice, setback)
    document = json.loads(zipfile.ZipFile(io.BytesIO(export_archive(user=alice))).read(JSON_NAME))
    document["reflections"][0]["sequence"] = "a-clinic-only-reflection"
    document["reflections"][0]["started_at"] = "2026-03-10T23:30:00+00:00"
    _import(bob_client, json.dumps(document).encode())
    (view,) = all_entries(user=bob)
    assert view.entry.written_on == date(2026, 3, 11)


def test_answers_that_dont_fit_the_questions_become_an_entry_not_a_broken_reflection(
    alice: Any, bob: Any, bob_client: Client, setback: Sequence
) -> None:
    _in_progress(alice, setback)
    document = json.loads(zipfile.ZipFile(io.BytesIO(export_archive(user=alice))).read(JSON_NAME))
    document["reflections"][0]["answers"] = {"0": "An answer to a reading card"}
    _import(bob_client, json.dumps(document).encode())
    assert not Run.objects.filter(owner=bob).exists()
    assert len(all_entries(user=bob)) == 1


def test_a_reflection_that_cant_be_read_changes_nothing(alice: Any, alice_client: Client, setback: Sequence) -> None:
    _in_progress(alice, setback)
    before = _runs(alice)
    document = json.loads(zipfile.ZipFile(io.BytesIO(export_archive(user=alice))).read(JSON_NAME))
    document["reflections"].append({**document["reflections"][0], "answers": {"2": {"nested": ["x"]}}})
    upload = SimpleUploadedFile("w.json", json.dumps(document).encode())
    page = alice_client.post("/journal/import/", {"archive": upload})
    assert "Part of this file (your reflections) can&#x27;t be read" in page.content.decode()
    assert _runs(alice) == before


def test_a_reflections_file_is_dated_by_the_local_day_it_was_started(alice: Any, setback: Sequence) -> None:
    # Started at half past eleven at night in UTC, already the next morning in Auckland, where its
    # journal entry is dated: the file was named and dated by the UTC day, a day before.
    alice.time_zone = "Pacific/Auckland"
    alice.save(update_fields=["time_zone"])
    run = _in_progress(alice, setback)
    Run.objects.filter(pk=run.pk).update(started_at=datetime(2026, 3, 10, 23, 30, tzinfo=UTC))
    client = Client()
    client.force_login(alice)
    reauthenticate(client)
    with zipfile.ZipFile(io.BytesIO(_download(client))) as zf:
        (name,) = [n for n in zf.namelist() if n.startswith("reflections/")]
        text = zf.read(name).decode()
    assert name == f"reflections/2026-03-11-{str(run.id)[:8]}.md"
    assert "*Not finished yet, 2026-03-11*" in text

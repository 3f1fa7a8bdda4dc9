"""An export taken to another Waypoint (or account) and brought back: nothing comes back twice, and
what points at an entry (a reflection, a small victory) still finds it after any number of moves."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.core.management import call_command

from journal.models import Entry
from journal.portability import export_archive, import_archive
from journal.selectors import all_entries
from journal.services import entry_create
from progress.models import Victory
from progress.services import victory_mark_entry
from prompts.models import Run, Sequence
from prompts.services import run_start, run_step_submit
from tests.factories import UserFactory


def _move(source: Any, destination: Any) -> str:
    result = import_archive(user=destination, upload=io.BytesIO(export_archive(user=source)))
    return ", ".join(result.added) or "nothing"


def _journal(person: Any) -> None:
    entry_create(author=person, title="Backdated", body="About yesterday.", written_on=date(2026, 1, 1))
    marked = entry_create(author=person, body="A good day", written_on=date(2026, 1, 6))
    victory_mark_entry(owner=person, entry=marked)
    call_command("prompts_load", verbosity=0)
    run = run_start(owner=person, sequence=Sequence.objects.get(clinic_key="", slug="after-a-setback"))
    answers: dict[str, Any] = {}
    for position in range(len(run.definition.steps)):
        run = run_step_submit(run=run, answers=answers, answer="words" if position == 2 else None, action="next")
    assert run.is_finished


def test_a_journal_taken_elsewhere_and_brought_back_comes_back_once(alice: Any, bob: Any) -> None:
    # Someone tries a Waypoint of their own (bob, here), writes there a while, then comes back.
    _journal(alice)
    assert _move(alice, bob) == "3 journal entries, 1 reflection, 1 small victory"
    entry_create(author=bob, title="Written there", body="New words")

    # Every entry came back a second time: bob's export named them by the ids bob's Waypoint gave them.
    assert _move(bob, alice) == "1 journal entry"
    assert sorted(view.title for view in all_entries(user=alice)) == [
        "",
        "After a setback",
        "Backdated",
        "Written there",
    ]
    assert _move(alice, bob) == "nothing"


def test_a_reflection_and_a_victory_find_their_entry_after_two_moves(alice: Any, bob: Any) -> None:
    carol: Any = UserFactory(email="carol@example.com")
    _journal(alice)
    _move(alice, bob)
    assert _move(bob, carol) == "3 journal entries, 1 reflection, 1 small victory"
    run = Run.objects.select_related("entry").get(owner=carol)
    assert run.entry is not None and run.entry.owner_id == carol.pk and run.entry.kind == Entry.Kind.REFLECTION
    victory = Victory.objects.select_related("entry").get(owner=carol)
    assert victory.entry is not None and victory.entry.owner_id == carol.pk
    assert victory.entry.written_on == date(2026, 1, 6)

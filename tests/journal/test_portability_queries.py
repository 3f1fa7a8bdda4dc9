"""An export's database work does not grow with the journal: however many entries, reflections and
small victories someone has, it asks the same few questions, and the entries' ids only once."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journal.portability import export_archive
from journal.services import entry_create
from progress.services import victory_mark_entry
from prompts.models import Sequence
from prompts.services import run_start, run_step_submit


def _write(person: Any, days: range) -> None:
    """Each day an entry marked as a small victory, and a finished reflection (an entry too)."""
    setback = Sequence.objects.get(clinic_key="", slug="after-a-setback")
    for day in days:
        entry = entry_create(author=person, title="A day", body="Some words", written_on=date(2026, 1, day))
        victory_mark_entry(owner=person, entry=entry)
        run = run_start(owner=person, sequence=setback)
        answers: dict[str, Any] = {}
        while not run.is_finished:
            run = run_step_submit(run=run, answers=answers, answer="words", action="next")


def _export_queries(person: Any) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        export_archive(user=person)
    return [query["sql"] for query in captured]


def test_an_export_asks_the_same_questions_for_a_longer_journal(alice: Any) -> None:
    call_command("prompts_load", verbosity=0)
    _write(alice, range(1, 3))
    few = _export_queries(alice)
    _write(alice, range(3, 9))
    many = _export_queries(alice)
    assert len(many) == len(few)
    # Once for the entries themselves, once for the ids reflections and victories point at.
    assert sum('FROM "journal_entry"' in sql for sql in many) == 2

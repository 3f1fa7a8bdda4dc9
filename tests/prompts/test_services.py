from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from journal.models import Entry
from journal.selectors import entry_texts
from prompts.models import Run, Sequence
from prompts.selectors import run_answers
from prompts.services import (
    AnswerChangedElsewhere,
    RunFinishedElsewhere,
    run_discard,
    run_start,
    run_start_fresh,
    run_step_keep,
    run_step_submit,
    sequence_save,
)
from tests.prompts.conftest import sequence

OLD_QUESTION = "What went a little better today, or this week?"
NEW_QUESTION = "What felt a little lighter today?"


def reword_first_question(seq: Sequence) -> None:
    definition = seq.latest.definition  # type: ignore[union-attr]
    first = dataclasses.replace(definition.steps[0], question=NEW_QUESTION)
    sequence_save(definition=dataclasses.replace(definition, steps=(first, *definition.steps[1:])))


def test_past_answers_keep_the_exact_questions_they_answered(alice: Any, library: None) -> None:
    seq = sequence("small-victories")
    run = run_start(owner=alice, sequence=seq)
    run_step_submit(run=run, answers={}, answer="I went outside", action="next")

    reword_first_question(seq)
    assert seq.latest.number == 2  # type: ignore[union-attr]

    run = Run.objects.get(id=run.id)
    assert run.version.number == 1
    assert run.definition.steps[0].question == OLD_QUESTION
    answers = run_answers(run)
    for _ in range(3):
        run = run_step_submit(run=run, answers=answers, answer=None, action="skip")
    entry = Entry.objects.get(owner=alice)
    body = entry_texts(user=alice, entry=entry).body
    assert f"{OLD_QUESTION}\nI went outside" in body
    assert NEW_QUESTION not in body


def test_a_new_reflection_starts_on_the_newest_version(alice: Any, library: None) -> None:
    seq = sequence("small-victories")
    reword_first_question(seq)
    run = run_start(owner=alice, sequence=seq)
    assert run.definition.steps[0].question == NEW_QUESTION


def test_saving_the_same_words_again_makes_no_new_version(library: None) -> None:
    seq = sequence("small-victories")
    saved = sequence_save(definition=seq.latest.definition)  # type: ignore[union-attr]
    assert not saved.created
    assert seq.versions.count() == 1


def test_skipped_steps_leave_no_trace_in_the_journal(alice: Any, library: None) -> None:
    run = run_start(owner=alice, sequence=sequence("next-therapy-session"))
    answers: dict[str, Any] = {}
    run = run_step_submit(run=run, answers=answers, answer="A calmer week", action="next")
    for _ in range(4):
        run = run_step_submit(run=run, answers=answers, answer=None, action="skip")
    body = entry_texts(user=alice, entry=Entry.objects.get(owner=alice)).body
    assert body == "What has happened since last time?\nA calmer week"


def test_an_unknown_action_is_refused(alice: Any, library: None) -> None:
    run = run_start(owner=alice, sequence=sequence("small-victories"))
    with pytest.raises(ValueError, match="Unknown action"):
        run_step_submit(run=run, answers={}, answer=None, action="jump")


def two_workers_read(run: Run) -> tuple[tuple[Run, dict[str, Any]], tuple[Run, dict[str, Any]]]:
    """The same run, read by two requests at the same moment (two tabs, two workers)."""
    first, second = Run.objects.get(id=run.id), Run.objects.get(id=run.id)
    return (first, run_answers(first)), (second, run_answers(second))


def test_a_save_read_before_another_keeps_what_the_other_saved(alice: Any, library: None) -> None:
    # Each wrote the answers it had read: the later save took away the earlier one's answer.
    run = run_start(owner=alice, sequence=sequence("small-victories"))
    (first, first_answers), (second, second_answers) = two_workers_read(run)
    run_step_submit(run=first, answers=first_answers, answer="Made tea", action="stop")
    second.position = 1
    run_step_submit(run=second, answers=second_answers, answer="A short walk", action="stop")
    assert run_answers(Run.objects.get(id=run.id)) == {"0": "Made tea", "1": "A short walk"}
    assert second_answers == {"0": "Made tea", "1": "A short walk"}  # what the page is drawn from


def test_the_check_for_newer_words_sees_a_save_made_after_the_run_was_read(alice: Any, library: None) -> None:
    run = run_start(owner=alice, sequence=sequence("small-victories"))
    (first, first_answers), (second, second_answers) = two_workers_read(run)
    run_step_submit(run=first, answers=first_answers, answer="Newer words", action="stop", known=("", ""))
    with pytest.raises(AnswerChangedElsewhere):
        run_step_submit(run=second, answers=second_answers, answer="Older words", action="next", known=("", ""))
    with pytest.raises(AnswerChangedElsewhere):
        run_step_keep(run=second, answers=second_answers, position=0, answer="Older words", known=("", ""))
    assert run_answers(Run.objects.get(id=run.id)) == {"0": "Newer words"}


def test_finish_pressed_in_two_tabs_at_once_makes_one_journal_entry(alice: Any, library: None) -> None:
    run = run_start(owner=alice, sequence=sequence("small-victories"))
    run.position = 3
    run.save()
    (first, first_answers), (second, second_answers) = two_workers_read(run)
    run_step_submit(run=first, answers=first_answers, answer="Asked for help", action="next")
    with pytest.raises(RunFinishedElsewhere):
        run_step_submit(run=second, answers=second_answers, answer="Asked for help", action="next")
    assert Entry.objects.filter(owner=alice).count() == 1


def finished_in_one_tab_while_another_read_it(alice: Any) -> Run:
    """Finish pressed in one tab after another had read the run to let it go or begin it again."""
    run = run_start(owner=alice, sequence=sequence("small-victories"))
    run.position = 3
    run.save()
    (first, first_answers), (second, _) = two_workers_read(run)
    run_step_submit(run=first, answers=first_answers, answer="Asked for help", action="next")
    return second


def test_letting_go_a_run_another_tab_just_finished_leaves_it_and_its_entry(alice: Any, library: None) -> None:
    # The finished run went, its entry stayed: a journal entry without the note it came from.
    stale = finished_in_one_tab_while_another_read_it(alice)
    with pytest.raises(RunFinishedElsewhere):
        run_discard(run=stale)
    assert Run.objects.get(id=stale.id).is_finished
    assert Entry.objects.filter(owner=alice).count() == 1


def test_beginning_again_a_run_another_tab_just_finished_changes_nothing(alice: Any, library: None) -> None:
    stale = finished_in_one_tab_while_another_read_it(alice)
    with pytest.raises(RunFinishedElsewhere):
        run_start_fresh(run=stale)
    assert [run.id for run in Run.objects.filter(owner=alice)] == [stale.id]
    assert Entry.objects.filter(owner=alice).count() == 1


def test_beginning_again_in_two_tabs_leaves_one_open_run(alice: Any, library: None) -> None:
    run = run_start(owner=alice, sequence=sequence("small-victories"))
    (first, _), (second, _) = two_workers_read(run)
    fresh = run_start_fresh(run=first)
    with pytest.raises(Run.DoesNotExist):
        run_start_fresh(run=second)
    assert [run.id for run in Run.objects.filter(owner=alice)] == [fresh.id]


def test_a_step_is_saved_holding_the_run_s_row(alice: Any, library: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """So a second save at the same instant waits for the first (PostgreSQL; SQLite has no row
    locks and writes one at a time anyway). Asked of the query itself, so it runs on both."""
    locked: list[type] = []
    as_sql = SQLCompiler.as_sql

    def noting_locks(self: SQLCompiler, *args: Any, **kwargs: Any) -> Any:
        if self.query.select_for_update:
            locked.append(self.query.model)  # type: ignore[arg-type]
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", noting_locks)
    run = run_start(owner=alice, sequence=sequence("small-victories"))
    with CaptureQueriesContext(connection) as queries:
        run_step_submit(run=run, answers={}, answer="Made tea", action="next")
        run_step_keep(run=run, answers={}, position=1, answer="A short walk")
        # Letting go and beginning again wait for a Finish under way, and it for them.
        fresh = run_start_fresh(run=run)
        run_discard(run=fresh)
    assert locked.count(Run) == 4
    if connection.features.has_select_for_update:
        run_locks = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"] and '"prompts_run"' in q["sql"]]
        assert len(run_locks) == 4

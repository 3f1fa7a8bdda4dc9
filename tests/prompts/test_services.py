from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from journal.models import Entry
from journal.selectors import entry_texts
from prompts.models import Run, Sequence
from prompts.selectors import run_answers
from prompts.services import run_start, run_step_submit, sequence_save
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

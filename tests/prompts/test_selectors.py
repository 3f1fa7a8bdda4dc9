from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prompts import selectors
from prompts.definition_checks import parse_yaml
from prompts.models import Run, Sequence
from prompts.services import run_start, run_step_submit, sequence_save

CLINIC = """
slug: before-group
version: 1
title: Before group
purpose: A moment to arrive.
minutes: 2
steps:
  - kind: write
    question: What would you like the group to know?
"""


@pytest.fixture
def riverside_members(alice: Any) -> Iterator[None]:
    def provider(user: Any) -> list[str]:
        return ["riverside"] if user == alice else []

    selectors.clinic_keys_provider_register(provider)
    yield
    selectors._clinic_key_providers.remove(provider)


def test_a_clinics_sequences_reach_the_people_connected_to_it(
    alice: Any, bob: Any, library: None, riverside_members: None
) -> None:
    (definition,) = parse_yaml(CLINIC, source="clinic.yaml")
    sequence_save(definition=definition, clinic_key="riverside")
    assert "before-group" in {item.sequence.slug for item in selectors.library_for(alice)}
    assert "before-group" not in {item.sequence.slug for item in selectors.library_for(bob)}


def test_hidden_sequences_leave_the_library(alice: Any, library: None) -> None:
    selectors.sequences_visible_to(alice).filter(slug="a-kinder-letter").update(is_active=False)
    assert "a-kinder-letter" not in {item.sequence.slug for item in selectors.library_for(alice)}


def test_the_library_offers_the_newest_words_however_many_versions_exist(alice: Any, library: None) -> None:
    def queries_for_library() -> tuple[int, list[selectors.LibraryItem]]:
        with CaptureQueriesContext(connection) as queries:
            items = selectors.library_for(alice)
        return len(queries), items

    (definition,) = parse_yaml(CLINIC, source="clinic.yaml")
    sequence_save(definition=definition)
    before, _ = queries_for_library()
    for number in (2, 3, 4):
        sequence_save(definition=dataclasses.replace(definition, version=number, title=f"Before group {number}"))
    after, items = queries_for_library()
    assert after == before
    titles = {item.sequence.slug: item.definition.title for item in items}
    assert titles["before-group"] == "Before group 4"
    assert len(items) == 10


def test_small_victories_are_listed_on_the_day_they_were_noticed_where_the_person_is(
    alice: Any, library: None, settings: Any
) -> None:
    """Late at night west of UTC it is already tomorrow in UTC: the list said the next day."""
    settings.TIME_ZONE = "America/New_York"
    sequence = Sequence.objects.get(clinic_key="", slug="small-victories")
    run = run_start(owner=alice, sequence=sequence)
    run_step_submit(run=run, answers={}, answer="Made dinner", action="next")
    for _ in range(3):
        run_step_submit(run=run, answers={"0": "Made dinner"}, answer=None, action="skip")
    # 22:30 in New York on 4 December is 03:30 on 5 December in UTC.
    at_night = datetime(2026, 12, 5, 3, 30, tzinfo=UTC)
    Run.objects.filter(pk=run.pk).update(started_at=at_night, finished_at=at_night)

    (item,) = selectors.collected_answers(alice, sequence)
    assert (item.day.isoformat(), item.text) == ("2026-12-04", "Made dinner")


def test_the_collected_list_asks_the_same_questions_however_many_times_it_was_gone_through(
    alice: Any, library: None
) -> None:
    """Each finished run opened the person's keys again (a query and an unwrap each): a year of
    small victories on one page made the page slower with every one."""
    sequence = Sequence.objects.get(clinic_key="", slug="small-victories")

    def finish(times: int) -> None:
        for _ in range(times):
            run = run_start(owner=alice, sequence=sequence)
            answers: dict[str, Any] = {}
            while not run.is_finished:
                run = run_step_submit(run=run, answers=answers, answer="Made dinner", action="next")

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            selectors.collected_answers(alice, sequence)
        return len(queries)

    finish(2)
    few = queries_for_list()
    finish(5)
    assert queries_for_list() == few
    assert len(selectors.collected_answers(alice, sequence)) == 7 * 4

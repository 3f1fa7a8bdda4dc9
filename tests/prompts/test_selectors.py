from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prompts import selectors
from prompts.definition_checks import parse_yaml
from prompts.services import sequence_save

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

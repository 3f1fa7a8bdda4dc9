from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.template.loader import render_to_string
from django.test import RequestFactory

from safety.gentle_check import gentle_check_applies, phrases_for
from safety.services import preferences_set_gentle_check


@pytest.mark.parametrize(
    "text",
    [
        "I want to end my life tonight",
        "honestly I just WANT TO DIE.",
        "I don\u2019t want to be alive anymore",
        "everyone would be better off without me",
    ],
)
def test_it_applies_when_words_suggest_danger_right_now(alice: Any, text: str) -> None:
    assert gentle_check_applies(user=alice, texts=["A long day.", text]) is True


@pytest.mark.parametrize(
    "text",
    [
        "It was a hard day and I cried a lot.",
        "I had a setback last week but talked to Sam.",
        "The film was about a skill they wanted to diet for",
        "",
    ],
)
def test_it_stays_quiet_for_hard_days_that_are_not_danger(alice: Any, text: str) -> None:
    assert gentle_check_applies(user=alice, texts=[text]) is False


def test_it_is_not_shown_when_turned_off(alice: Any) -> None:
    preferences_set_gentle_check(owner=alice, enabled=False)
    assert gentle_check_applies(user=alice, texts=["I want to end my life"]) is False


def test_a_match_leaves_no_trace_in_the_database(alice: Any) -> None:
    def row_counts() -> dict[str, int]:
        return {model._meta.label: model._default_manager.count() for model in apps.get_models()}

    before = row_counts()
    assert gentle_check_applies(user=alice, texts=["I want to kill myself"]) is True
    assert row_counts() == before


def test_the_phrase_list_is_data_and_ready_for_other_languages() -> None:
    assert "kill myself" in " ".join(phrases_for("en"))
    assert phrases_for("xx") == ()


def test_the_panel_offers_the_plan_and_crisis_lines(alice: Any, crisis_resources: None) -> None:
    request = RequestFactory().get("/journal/")
    request.user = alice
    html = render_to_string("safety/_gentle_check.html", request=request)
    assert 'href="/safety/plan/"' in html
    assert 'href="tel:911"' in html and 'href="tel:988"' in html
    assert 'href="/safety/settings/"' in html
    assert "Nobody was told" in html

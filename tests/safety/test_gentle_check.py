from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from safety import gentle_check
from safety.gentle_check import _patterns, gentle_check_applies, lexicon_for, sounds_like_danger
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


def test_the_phrases_are_reviewed_data_in_sections_ready_for_other_languages() -> None:
    english = lexicon_for("en")
    assert "kill myself" in english["danger"]
    assert "kms" in english["danger"] and "unalive myself" in english["danger"]
    assert "tonight" in english["now"]
    assert all(phrases == () for phrases in lexicon_for("xx").values())


@pytest.fixture
def phrase_dir(tmp_path: Path, monkeypatch: Any) -> Iterator[Path]:
    """A folder of phrase files of the test's own; the shipped ones come back afterwards."""
    monkeypatch.setattr(gentle_check, "PHRASES_DIR", tmp_path)
    lexicon_for.cache_clear()
    _patterns.cache_clear()
    yield tmp_path
    lexicon_for.cache_clear()
    _patterns.cache_clear()


def test_another_languages_file_is_read_beside_english(phrase_dir: Path) -> None:
    (phrase_dir / "en.txt").write_text("[danger]\nkill myself\n", encoding="utf-8")
    (phrase_dir / "nl.txt").write_text("# Nederlands\n[danger]\nwil dood\n[now]\nvanavond\n", encoding="utf-8")
    with translation.override("nl"):
        assert sounds_like_danger("Ik wil dood.") is True
        assert sounds_like_danger("I want to kill myself.") is True
    assert sounds_like_danger("Ik wil dood.") is False


def test_a_mistake_in_the_phrase_file_says_where(phrase_dir: Path) -> None:
    (phrase_dir / "en.txt").write_text("[danger]\nkill myself\n[dangr]\nwant to die\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"en.txt, line 3: unknown section \[dangr\]"):
        lexicon_for("en")


@pytest.mark.parametrize(
    ("now", "past"),
    [
        ("I'm going to kill myself tonight.", "I wanted to kill myself last year."),
        ("i want to die", "I don't want to die."),
        ("I'm going to hurt myself.", "I wanted to hurt myself tonight but the urge passed."),
        ("I want to die.", "My friend said they want to die."),
        ("I want to end my life.", "If I ever want to end my life again, I'll call the line."),
        ("I want to disappear.", "I want to disappear under a blanket and watch films."),
        ("I wish I could just disappear, honestly.", "I wish I could disappear for a week to a cabin."),
    ],
)
def test_the_guards_tell_now_from_past_negation_someone_else_and_an_urge_that_passed(now: str, past: str) -> None:
    assert sounds_like_danger(now) is True
    assert sounds_like_danger(past) is False


def test_a_later_sentence_about_now_is_not_hidden_by_an_earlier_one_about_the_past() -> None:
    assert sounds_like_danger("Years ago I tried to end my life. Tonight I'm going to kill myself.") is True


def test_the_panel_offers_the_plan_and_crisis_lines(alice: Any, crisis_resources: None) -> None:
    request = RequestFactory().get("/journal/")
    request.user = alice
    html = render_to_string("safety/_gentle_check.html", request=request)
    assert 'href="/safety/plan/"' in html
    assert 'href="tel:911"' in html and 'href="tel:988"' in html
    assert 'href="/safety/settings/"' in html
    assert '<a href="/safety/after/">If you have hurt yourself: the first minutes</a>' in html
    assert "Nobody was told" in html

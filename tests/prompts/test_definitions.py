from __future__ import annotations

import pytest

from prompts.definition_checks import parse_yaml
from prompts.definitions import DefinitionError, from_content

GOOD = """
slug: a-quiet-minute
version: 1
title: A quiet minute
purpose: A short pause.
minutes: 1
steps:
  - kind: write
    question: What is on your mind?
    hint: A few words are enough.
  - kind: scale
    question: How tense does your body feel?
    low: Loose
    high: Tight
  - kind: choice
    question: What might help?
    options: [A walk, A drink of water]
  - kind: pause
    question: Breathe
    seconds: 30
  - kind: reading
    question: A thought
    body: You are allowed to rest.
"""


def problems_for(text: str) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        parse_yaml(text, source="clinic.yaml")
    return caught.value.problems


def test_a_well_formed_sequence_reads_back_exactly_after_export() -> None:
    (definition,) = parse_yaml(GOOD, source="good.yaml")
    assert [step.kind for step in definition.steps] == ["write", "scale", "choice", "pause", "reading"]
    (again,) = parse_yaml(definition.to_yaml(), source="exported.yaml")
    assert again == definition
    assert again.digest() == definition.digest()


def test_errors_name_the_file_the_step_and_the_field() -> None:
    problems = problems_for(GOOD.replace("    question: How tense does your body feel?\n", ""))
    assert problems == ["clinic.yaml, step 2 (scale), field 'question': this is needed."]


def test_every_problem_is_reported_at_once() -> None:
    broken = GOOD.replace("minutes: 1", "minutes: lots").replace("kind: pause", "kind: dance")
    problems = problems_for(broken)
    assert any("field 'minutes'" in p for p in problems)
    assert any("step 4, field 'kind'" in p for p in problems)


def test_words_from_the_avoid_list_are_refused_with_their_place() -> None:
    problems = problems_for(GOOD.replace("A few words are enough.", "You should write every day."))
    assert problems == [
        "clinic.yaml, step 1 (write), field 'hint': uses 'should', which the language guide asks us to avoid."
    ]


def test_a_card_about_self_harm_needs_one_content_note_for_the_whole_sequence() -> None:
    touching = GOOD.replace("You are allowed to rest.", "Self-harm can follow a hard day.")
    assert problems_for(touching) == [
        "clinic.yaml, sequence, field 'content_note': step 5 touches on self-harm; "
        "add a short content note for the sequence, shown once before it begins."
    ]
    (definition,) = parse_yaml(
        touching.replace("minutes: 1\n", "minutes: 1\ncontent_note: This mentions self-harm.\n"), source="ok.yaml"
    )
    assert definition.content_note == "This mentions self-harm."


def test_a_note_on_a_card_is_pointed_to_the_sequence_so_cards_stay_open() -> None:
    text = GOOD.replace(
        "    body: You are allowed to rest.\n", "    body: You are allowed to rest.\n    content_note: Heavy.\n"
    )
    assert problems_for(text) == [
        "clinic.yaml, step 5 (reading), field 'content_note': content notes now sit once on the sequence "
        "(beside 'title'), so every card stays open; move it there."
    ]


def test_a_safety_card_keeps_its_emergency_flag_through_export() -> None:
    text = GOOD.replace(
        "    body: You are allowed to rest.\n", "    body: You are allowed to rest.\n    emergency: true\n"
    )
    (definition,) = parse_yaml(text, source="good.yaml")
    assert definition.steps[4].emergency
    (again,) = parse_yaml(definition.to_yaml(), source="exported.yaml")
    assert again.steps[4].emergency
    assert problems_for(text.replace("emergency: true", "emergency: often")) == [
        "clinic.yaml, step 5 (reading), field 'emergency': this needs to be true or false."
    ]


def test_an_older_version_with_notes_on_its_cards_exports_in_todays_shape() -> None:
    (definition,) = parse_yaml(GOOD, source="good.yaml")
    content = definition.content()
    content["steps"][4]["content_note"] = "This card mentions self-harm."
    old = from_content(slug=definition.slug, version=1, content=content)
    assert old.steps[4].content_note == "This card mentions self-harm."
    (again,) = parse_yaml(old.to_yaml(), source="exported.yaml")
    assert again.content_note == "This card mentions self-harm."
    assert not any(step.content_note for step in again.steps)


def test_links_may_only_point_at_named_pages_inside_waypoint() -> None:
    text = GOOD.replace(
        "    hint: A few words are enough.\n",
        "    hint: A few words are enough.\n    links:\n      - {label: Elsewhere, to: 'https://example.com'}\n",
    )
    assert "step 1 (write), field 'links[1].to'" in problems_for(text)[0]


def test_a_misspelt_field_is_named_instead_of_silently_ignored() -> None:
    assert "field 'hnit': this field isn't known here" in problems_for(GOOD.replace("hint:", "hnit:"))[0]


def test_text_that_is_not_yaml_gets_a_line_number() -> None:
    assert problems_for("slug: [unclosed\n") == ["clinic.yaml: this isn't valid YAML near line 2."]

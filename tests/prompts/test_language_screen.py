"""The screen for clinic-written reflections: avoided words and method words are refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from prompts.definition_checks import parse_yaml
from prompts.definitions import DefinitionError
from prompts.language import avoided_words, method_words
from prompts.loader import LIBRARY_DIR, read_library
from prompts.models import Sequence
from tests.prompts.test_admin import CLINIC_SEQUENCE, staff_client, upload  # noqa: F401  (the admin's cast)
from tests.test_language import relative, shipped_files, shown_text


@pytest.mark.parametrize("text", ["commit suicide", "Commits suicide", "committing suicide", "committed suicide"])
def test_every_form_of_commit_suicide_is_an_avoided_phrase(text: str) -> None:
    assert avoided_words(f"People who {text}") == [text.lower()]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("It was attention seeking", ["attention seeking"]),
        ("not an attention seeker", ["attention seeker"]),
        ("a self harmer", ["self harmer"]),
        ("self mutilation", ["self mutilation"]),
        ("Self-mutilating behaviour", ["self-mutilating"]),
        ("an unsuccessful attempt", ["unsuccessful attempt"]),
        ("a completed suicide", ["completed suicide"]),
        ("a Successful suicide", ["successful suicide"]),
        ("Another slip up", ["slip up"]),
        ("Two slip-ups", ["slip-ups"]),
        ("Relapses happen", ["relapses"]),
    ],
)
def test_avoided_labels_are_found_however_they_are_spelled(text: str, found: list[str]) -> None:
    assert avoided_words(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("an Overdose", ["overdose"]),
        ("a lethal   dose", ["lethal dose"]),
        ("the urge to hang-myself", ["hang myself"]),
        ("Thinking of cutting yourself", ["cutting yourself"]),
        ("a blade, a noose, a firearm", ["blade", "noose", "firearm"]),
        ("jump off something", ["jump off"]),
    ],
)
def test_method_words_are_recognised_in_any_case_and_spacing(text: str, found: list[str]) -> None:
    assert method_words(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Hang in there; you could cut yourself some slack today.",
        "Jumping jacks, a cold drink, a walk outside.",
        "Feeling like you are drowning in work.",
        "Bridge the gap between two hard days.",
        "Burning out is a signal to rest.",
    ],
)
def test_everyday_words_in_kind_text_are_left_alone(text: str) -> None:
    assert method_words(text) == []


def test_a_sequence_naming_a_method_is_refused_with_the_step_and_field() -> None:
    text = CLINIC_SEQUENCE.replace("What would you like the group to know today?", "Did you think about an overdose?")
    with pytest.raises(DefinitionError) as error:
        parse_yaml(text, source="group.yaml")
    assert error.value.problems == [
        "group.yaml, step 1 (write), field 'question': names a way of self-harm or suicide ('overdose'). "
        "Safe messaging means never naming one; you could speak of 'a hard moment' or 'the urge' instead."
    ]


def test_an_upload_naming_a_method_is_refused_and_nothing_is_saved(staff_client: Client, library: None) -> None:  # noqa: F811
    text = CLINIC_SEQUENCE.replace("purpose: A moment", "purpose: After a noose was found, a moment")
    html = upload(staff_client, text).content.decode()
    assert "group.yaml, sequence, field &#x27;purpose&#x27;: names a way of self-harm or suicide" in html
    assert not Sequence.objects.filter(slug="before-a-group-session").exists()


def test_an_upload_saying_commit_suicide_is_refused(staff_client: Client, library: None) -> None:  # noqa: F811
    text = CLINIC_SEQUENCE.replace("purpose: A moment", "purpose: People commit suicide. A moment")
    html = upload(staff_client, text).content.decode()
    assert "uses &#x27;commit suicide&#x27;, which the language guide asks us to avoid" in html
    assert not Sequence.objects.filter(slug="before-a-group-session").exists()


def test_editing_a_sequence_in_the_admin_is_screened_the_same_way(staff_client: Client, library: None) -> None:  # noqa: F811
    seq = Sequence.objects.get(clinic_key="", slug="small-victories")
    text = seq.latest.definition.to_yaml().replace("title: ", "title: Razor ", 1)  # type: ignore[union-attr]
    response = staff_client.post(
        f"/admin/prompts/sequence/{seq.pk}/change/",
        {
            "is_active": "on",
            "definition": text,
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
            "versions-MIN_NUM_FORMS": "0",
            "versions-MAX_NUM_FORMS": "0",
        },
    )
    assert "names a way of self-harm or suicide (&#x27;razor&#x27;)" in response.content.decode()
    assert seq.versions.count() == 1


def test_the_shipped_library_passes_the_same_screen() -> None:
    assert read_library(LIBRARY_DIR)


@pytest.mark.parametrize("path", shipped_files(), ids=relative)
def test_no_shipped_text_names_a_method(path: Any) -> None:
    assert method_words(shown_text(path)) == []

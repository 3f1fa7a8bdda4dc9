"""Names in a sentence (config/names.py): one list in the reader's language, one full stop after a name."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from config.names import names_joined, names_list, stop_once, stop_once_text


def test_names_are_one_list_each_escaped_in_its_own_bdi() -> None:
    assert names_list(["Sam"]) == "<bdi>Sam</bdi>"
    assert names_list(["Sam", "<i>Jo</i>"]) == "<bdi>Sam</bdi> and <bdi>&lt;i&gt;Jo&lt;/i&gt;</bdi>"
    assert names_list(["Sam", "Jo", "דוד"]) == "<bdi>Sam</bdi>, <bdi>Jo</bdi> and <bdi>דוד</bdi>"
    assert names_list([]) == ""


def test_the_word_between_is_the_reader_s_language() -> None:
    # Django's own catalogue carries "and" and the list's comma.
    with translation.override("de"):
        assert names_joined(["Sam", "Jo", "Ana"]) == "Sam, Jo und Ana"


def test_a_sentence_ending_with_a_name_that_ends_in_a_stop_has_one() -> None:
    page = Template(
        "{% load names %}{% filter stop_once %}"
        "Shown as <bdi>{{ name }}</bdi>. Hi <bdi>{{ other }}</bdi>."
        "{% endfilter %}"
    )
    assert page.render(Context({"name": "Theo P.", "other": "Jo"})) == "Shown as <bdi>Theo P.</bdi> Hi <bdi>Jo</bdi>."
    assert page.render(Context({"name": "<b>P.</b>", "other": "Jo"})).startswith(
        "Shown as <bdi>&lt;b&gt;P.&lt;/b&gt;</bdi>."
    )


def test_only_a_name_s_own_stop_is_taken_for_the_sentence_s() -> None:
    assert (
        stop_once(mark_safe("Shared with <bdi>Jo</bdi>. Read <bdi>it</bdi>…"))
        == "Shared with <bdi>Jo</bdi>. Read <bdi>it</bdi>…"
    )
    assert stop_once("<b>Theo P.</b>.") == "&lt;b&gt;Theo P.&lt;/b&gt;.", "words not yet escaped are escaped first"
    assert stop_once_text("You have joined Harbour & Co..", "Harbour & Co.") == "You have joined Harbour & Co."
    assert stop_once_text("Linked with Theo P. today.", "Theo P.") == "Linked with Theo P. today."

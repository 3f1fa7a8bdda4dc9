"""config.forms: WordsField and TooLong (every box with a limit says it the same kind way), and
InlineSelect (Django's select, written out without its templates)."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy, ngettext_lazy, override

from config.forms import InlineSelect, TooLong, WordsField


def _said(validator: TooLong, value: str) -> str:
    with pytest.raises(ValidationError) as raised:
        validator(value)
    return " ".join(raised.value.messages)


def test_a_limit_reads_with_the_plural_its_number_needs() -> None:
    with override("en"):
        assert _said(TooLong(1), "ab").startswith("This holds up to 1 character, so it isn't saved yet.")
        assert _said(TooLong(5000), "x" * 5001).startswith("This holds up to 5,000 characters, so it isn't saved yet.")
        assert "Everything you wrote is still here." in _said(TooLong(1), "ab")


def test_a_message_can_count_what_was_typed() -> None:
    typed = ngettext_lazy(
        "This is %(length)s character, %(over)s over %(limit)s.",
        "This is %(length)s characters, %(over)s over %(limit)s.",
        "show_value",
    )
    with override("en"):
        assert _said(TooLong(0, typed), "a") == "This is 1 character, 1 over 0."
        assert _said(TooLong(1000, typed), "a" * 1200) == "This is 1,200 characters, 200 over 1,000."


def test_a_box_over_its_limit_keeps_the_words_and_the_page_has_no_maxlength() -> None:
    class Note(forms.Form):
        note = WordsField(limit=3)

    form = Note(data={"note": "four"})
    assert not form.is_valid()
    assert form.errors["note"] == [
        "This holds up to 3 characters, so it isn't saved yet. "
        "Everything you wrote is still here. You could shorten it a little."
    ]
    assert 'value="four"' in str(form["note"]) and "maxlength" not in str(form["note"])
    assert Note(data={"note": "abc"}).is_valid()
    field = Note.base_fields["note"]
    assert isinstance(field, WordsField) and field.max_length == 3  # read by imports that hold to it


def test_the_quick_select_writes_the_same_html_as_djangos_templates() -> None:
    """InlineSelect writes in Python what Django's select templates write, to the byte, whatever the
    choices: the one selected, groups, words to escape, an empty first choice (required), lazy labels."""
    choices = [
        ("", "Choose one"),
        ("a&b", 'Tom & "Jerry" <b>'),
        ("NZ", gettext_lazy("New Zealand")),
        ("Group <1>", [("g1", "First"), ("g2", "Second")]),
        (3, "A number"),
    ]
    cases: list[tuple[Any, dict[str, Any]]] = [
        (None, {}),
        ("NZ", {"id": "id_place", "aria-describedby": "id_place_helptext"}),
        ("g2", {"id": "id_place", "required": True, "disabled": False, "aria-invalid": "true"}),
        ("a&b", {"data-x": 'quote " and <tag>'}),
        ("3", {}),
    ]
    for value, attrs in cases:
        for widget_attrs in ({}, {"class": "wide"}):
            django = forms.Select(attrs=widget_attrs, choices=choices).render("place", value, attrs=attrs)
            quick = InlineSelect(attrs=widget_attrs, choices=choices).render("place", value, attrs=attrs)
            assert quick == django, (value, attrs, widget_attrs)


def test_a_form_field_with_the_quick_select_renders_as_with_djangos() -> None:
    def place_form(widget: type[forms.Select]) -> type[forms.Form]:
        class Place(forms.Form):
            place = forms.ChoiceField(
                label="Where", help_text="Only for crisis lines.", choices=[("", "Choose"), ("x", "X")], widget=widget
            )

        return Place

    for data in (None, {"place": "x"}, {"place": "nowhere"}, {"place": ""}):
        django, quick = place_form(forms.Select)(data=data), place_form(InlineSelect)(data=data)
        assert django.is_valid() == quick.is_valid()
        assert str(quick["place"]) == str(django["place"])

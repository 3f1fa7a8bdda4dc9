"""config.forms.WordsField and TooLong: every box with a limit says it the same kind way."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext_lazy, override

from config.forms import TooLong, WordsField


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

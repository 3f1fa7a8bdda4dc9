"""A number of characters is a plural in every message that counts them: English reads "1 character"
and "500 characters", and a translator gets each plural form their language has (Polish and Russian
need three) instead of one sentence that fits only some numbers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms

from accounts.mfa_forms import PasskeyRenameForm
from accounts.validators import MinimumLengthValidator
from care import forms as care_forms
from config.forms import TooLong
from journal import forms as journal_forms
from journal.lock_rules import passphrase_problems
from progress import forms as progress_forms
from prompts import forms as prompts_forms
from prompts.definitions import Step
from safety import forms as safety_forms
from supporters import forms as supporters_forms


def _limit(message: Any, number: int) -> str:
    return str(
        message
        % {"limit_value": number, "show_value": number, "limit": str(number), "length": str(number), "over": "1"}
    )


def _too_long(field: forms.Field) -> Any:
    """The message a field's box gives over its limit (config.forms.TooLong)."""
    return next(validator.message for validator in field.validators if isinstance(validator, TooLong))


FIELD_LIMITS = {
    "a passkey's name": _too_long(PasskeyRenameForm.base_fields["name"]),
    "a contact's name": _too_long(safety_forms.PlanContactForm.base_fields["name"]),
    "a contact's phone": _too_long(safety_forms.PlanContactForm.base_fields["phone"]),
    "a plan step": _too_long(safety_forms.PlanStepForm.base_fields["body"]),
    "an idea": _too_long(safety_forms._idea_field("")),
    "a supporter's name": _too_long(supporters_forms.SupporterForm.base_fields["name"]),
    "a reply": _too_long(supporters_forms.ReplyForm.base_fields["body"]),
    "a therapist's note": _too_long(care_forms.AssignForm.base_fields["note"]),
    "a suggestion": _too_long(care_forms.SuggestionForm.base_fields["body"]),
    "a victory's note": _too_long(progress_forms.VictoryNoteForm.base_fields["note"]),
    "an entry": _too_long(journal_forms.EntryForm.base_fields["body"]),
    "an entry over the upload limit": journal_forms.TOO_LONG_MESSAGE,
    "a title": journal_forms._TITLE_TOO_LONG,
    "a daily note": _too_long(prompts_forms.DailyWriteForm.base_fields["body"]),
    "a reflection's answer": _too_long(prompts_forms.StepForm(step=Step(kind="write", question="?")).fields["answer"]),
}


@pytest.mark.parametrize("message", FIELD_LIMITS.values(), ids=FIELD_LIMITS.keys())
def test_a_limit_of_one_character_reads_as_one_character(message: Any) -> None:
    assert re.search(r"\b1 character\b", _limit(message, 1))
    assert re.search(r"\b200 characters\b", _limit(message, 200))


def test_a_password_rule_of_one_character_reads_as_one_character() -> None:
    # The minimum is the server's to set (AUTH_PASSWORD_VALIDATORS' OPTIONS).
    rule = MinimumLengthValidator(min_length=1)
    assert rule.get_help_text().startswith("Use at least 1 character.")
    assert rule.get_error_message() == "This password is a little short. Try at least 1 character."
    assert MinimumLengthValidator(min_length=12).get_help_text().startswith("Use at least 12 characters.")


def test_a_passphrase_rule_of_one_character_reads_as_one_character(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "it needs at least 10 characters." in passphrase_problems("short")[0]
    monkeypatch.setattr("journal.lock_rules.MIN_PASSPHRASE_CHARACTERS", 1)
    assert "it needs at least 1 character." in passphrase_problems("")[0]

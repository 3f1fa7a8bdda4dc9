"""A number of characters is a plural in every message that counts them: English reads "1 character"
and "500 characters", and a translator gets each plural form their language has (Polish and Russian
need three) instead of one sentence that fits only some numbers."""

from __future__ import annotations

import re
from typing import Any

import pytest

from accounts.mfa_forms import PasskeyRenameForm
from accounts.validators import MinimumLengthValidator
from care import forms as care_forms
from journal import forms as journal_forms
from journal.lock_rules import passphrase_problems
from progress import forms as progress_forms
from safety import forms as safety_forms
from supporters import forms as supporters_forms


def _limit(message: Any, number: int) -> str:
    return str(message % {"limit_value": number, "limit": str(number), "count": number, "length": str(number)})


FIELD_LIMITS = {
    "a passkey's name": PasskeyRenameForm.base_fields["name"].error_messages["max_length"],
    "a contact's name": safety_forms.PlanContactForm.base_fields["name"].error_messages["max_length"],
    "a contact's phone": safety_forms.PlanContactForm.base_fields["phone"].error_messages["max_length"],
    "an idea": safety_forms._idea_field("").error_messages["max_length"],
    "a supporter's name": supporters_forms.SupporterForm.base_fields["name"].error_messages["max_length"],
    "a reply": supporters_forms._REPLY_TOO_LONG,
    "a therapist's note": care_forms._NOTE_TOO_LONG,
    "a suggestion": care_forms._SUGGESTION_TOO_LONG,
    "a victory's note": progress_forms._NOTE_TOO_LONG,
    "an entry": journal_forms.TOO_LONG_MESSAGE,
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

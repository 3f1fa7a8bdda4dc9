"""The forms that open a locked journal: by passphrase, or by recovery key and a new passphrase (#17)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import DescribedForm
from journal.lock_keys import recovery_key_normalised
from journal.lock_rules import passphrase_problems


def _secret_input(autocomplete: str) -> forms.PasswordInput:
    return forms.PasswordInput(attrs={"autocomplete": autocomplete, "spellcheck": "false", "autocapitalize": "none"})


class UnlockForm(DescribedForm):
    # strip=False: spaces at either end were typed, and the passphrase is checked as typed.
    passphrase = forms.CharField(
        label=_("Journal passphrase"),
        strip=False,
        max_length=1024,
        widget=_secret_input("current-password"),
        error_messages={"required": _("Type your journal passphrase to open it.")},
    )


class RecoveryForm(DescribedForm):
    recovery_key = forms.CharField(
        label=_("Recovery key"),
        help_text=_("32 letters and numbers. Spaces, dashes and small letters are fine."),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
        error_messages={"required": _("Type the recovery key you kept when you turned the lock on.")},
    )
    new_passphrase = forms.CharField(
        label=_("New journal passphrase"),
        help_text=_("At least 10 characters. A few words in a row work well. Not your sign-in password."),
        strip=False,
        max_length=1024,
        widget=_secret_input("new-password"),
    )
    new_passphrase_again = forms.CharField(
        label=_("The new passphrase again"),
        strip=False,
        max_length=1024,
        widget=_secret_input("new-password"),
    )

    def clean_recovery_key(self) -> str:
        typed: str = self.cleaned_data["recovery_key"]
        try:
            recovery_key_normalised(typed)
        except ValueError:
            raise forms.ValidationError(
                _("That doesn't look like a recovery key yet. It has 32 letters and numbers, in groups of four.")
            ) from None
        return typed

    def clean_new_passphrase(self) -> str:
        passphrase: str = self.cleaned_data["new_passphrase"]
        problems = passphrase_problems(passphrase)
        if problems:
            raise forms.ValidationError(problems)
        return passphrase

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, again = cleaned.get("new_passphrase"), cleaned.get("new_passphrase_again")
        if first and again is not None and first != again:
            self.add_error(
                "new_passphrase_again", _("The two passphrases are not the same yet. You could type them again.")
            )
        return cleaned

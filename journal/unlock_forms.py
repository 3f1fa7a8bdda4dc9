"""The forms that open a locked journal: by passphrase, or by recovery key and a new passphrase (#17)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import DescribedForm
from journal.lock_forms import NewPassphraseForm, new_passphrase_again_field, new_passphrase_field
from journal.lock_keys import recovery_key_normalised


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


class RecoveryForm(NewPassphraseForm):
    """The recovery key, and a new passphrase typed twice (the same rules as choosing one in settings)."""

    recovery_key = forms.CharField(
        label=_("Recovery key"),
        help_text=_("32 letters and numbers. Spaces, dashes and small letters are fine."),
        max_length=200,
        # Two rows: typed with its spaces the key is 39 characters, and a one-line box on a phone
        # showed five of its eight groups, on the page that asks to check each group of four.
        widget=forms.Textarea(
            attrs={"rows": 2, "autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
        error_messages={"required": _("Type the recovery key you kept when you turned the lock on.")},
    )
    passphrase = new_passphrase_field(_("New journal passphrase"))
    passphrase_again = new_passphrase_again_field(_("The new passphrase again"))

    field_order = ["recovery_key", "passphrase", "passphrase_again"]

    def clean_recovery_key(self) -> str:
        typed: str = self.cleaned_data["recovery_key"]
        try:
            recovery_key_normalised(typed)
        except ValueError:
            raise forms.ValidationError(
                _("That doesn't look like a recovery key yet. It has 32 letters and numbers, in groups of four.")
            ) from None
        return typed

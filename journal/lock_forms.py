"""The forms that turn the journal lock on and change its passphrase (#17).

Passphrase fields never send what was typed back to the page: a secret is the one thing a form
here may lose after a wrong try, so it never sits in the page's HTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from config.forms import DescribedForm
from journal.lock_rules import MIN_PASSPHRASE_CHARACTERS, passphrase_problems

if TYPE_CHECKING:  # a development-only package: its alias is for the type checker
    from django_stubs_ext import StrOrPromise


def _secret(autocomplete: str) -> forms.PasswordInput:
    return forms.PasswordInput(attrs={"autocomplete": autocomplete, "spellcheck": "false", "autocapitalize": "none"})


def new_passphrase_field(label: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=format_lazy(
            _(
                "At least {count} characters. A few unrelated words are easy to remember and hard to guess. "
                "It needs to be different from your sign-in password."
            ),
            count=MIN_PASSPHRASE_CHARACTERS,
        ),
        strip=False,
        max_length=1024,  # Argon2id reads all of it: a bound keeps one request from costing minutes
        widget=_secret("new-password"),
        error_messages={"required": _("Type the passphrase you'd like to use.")},
    )


def new_passphrase_again_field(label: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        max_length=1024,
        widget=_secret("new-password"),
        error_messages={"required": _("Type the passphrase a second time, so we both know it's the one you meant.")},
    )


class NewPassphraseForm(DescribedForm):
    """A new passphrase, typed twice, that is not the person's sign-in password."""

    passphrase = new_passphrase_field(_("Journal passphrase"))
    passphrase_again = new_passphrase_again_field(_("The same passphrase again"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        # Set before the form's own setup, which validates a bound form to mark its fields.
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_passphrase(self) -> str:
        passphrase: str = self.cleaned_data["passphrase"]
        problems = passphrase_problems(passphrase)
        if problems:
            raise forms.ValidationError(problems)
        return passphrase

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        passphrase, again = cleaned.get("passphrase"), cleaned.get("passphrase_again")
        if passphrase and again is not None and passphrase != again:
            self.add_error(
                "passphrase_again", _("These two don't match. You could type the passphrase again in both boxes.")
            )
        return cleaned

    def refuse_sign_in_password(self) -> bool:
        """Whether the new passphrase is the sign-in password; if so, its field says why it can't be.

        Only for a person who has just proven who they are: their lock's secret, or "confirm it's
        you". Before that, the answer would tell anyone at a signed-in device whether a guess is the
        account's password, with none of sign-in's limits (and a password hash for each guess).
        """
        passphrase = self.cleaned_data.get("passphrase")
        if not passphrase or self.cleaned_data.get("passphrase_again") != passphrase:
            return False
        if not self.user.check_password(passphrase):
            return False
        # The server sees the sign-in password at every sign-in, and email can replace it: as
        # the journal passphrase, it would let either of those open the journal.
        self.add_error(
            "passphrase",
            _(
                "This is your sign-in password. Your journal needs a passphrase of its own, so that "
                "nothing that opens your account can open your journal."
            ),
        )
        # The form marked its fields when it was made; this error came after, so mark it here.
        self.fields["passphrase"].widget.attrs.update(
            {"aria-invalid": "true", "aria-describedby": "id_passphrase_helptext id_passphrase_error"}
        )
        return True


class TurnOnForm(NewPassphraseForm):
    understood = forms.BooleanField(
        label=_("I understand: if I lose both my passphrase and my recovery key, nobody can bring back what I wrote."),
        error_messages={"required": _("Tick the box when you're ready. Nothing has changed yet.")},
    )

    field_order = ["understood", "passphrase", "passphrase_again"]


class ChangePassphraseForm(NewPassphraseForm):
    current = forms.CharField(
        label=_("Your journal passphrase now"),
        strip=False,
        max_length=1024,
        widget=_secret("current-password"),
        error_messages={"required": _("Type the passphrase that opens your journal today.")},
    )

    passphrase = new_passphrase_field(_("New journal passphrase"))
    passphrase_again = new_passphrase_again_field(_("The new passphrase again"))

    field_order = ["current", "passphrase", "passphrase_again"]

    def current_problem(self, message: str) -> None:
        """Say what went wrong with the passphrase of today, read out with its field."""
        self.add_error("current", message)
        self.fields["current"].widget.attrs.update({"aria-invalid": "true", "aria-describedby": "id_current_error"})


class LetGoForm(DescribedForm):
    understood = forms.BooleanField(
        label=_("I understand that what I wrote under the lock can't be brought back, by anyone."),
        error_messages={"required": _("Tick the box if that's what you'd like. Nothing has changed yet.")},
    )

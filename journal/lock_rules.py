"""What a journal passphrase needs to be, in one place (#17).

Turning the lock on, changing the passphrase and recovery all ask this one function, so the rule
and its words are the same on every page. The passphrase guards everything a person wrote
against whoever holds the server, so it is checked for length and for the commonest choices;
Argon2id makes each guess slow, but not slow enough for "password123".
"""

from __future__ import annotations

from functools import cache

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MIN_PASSPHRASE_CHARACTERS = 10


@cache
def _common() -> CommonPasswordValidator:
    # Django's list of 20,000 common passwords, read once per process rather than once per check.
    return CommonPasswordValidator()


def passphrase_problems(passphrase: str) -> list[str]:
    """Kind sentences saying what to change; an empty list when the passphrase will do."""
    problems = []
    if len(passphrase) < MIN_PASSPHRASE_CHARACTERS:
        problems.append(
            ngettext(
                "This passphrase is a little short: it needs at least %(count)d character. "
                "A few words in a row work well.",
                "This passphrase is a little short: it needs at least %(count)d characters. "
                "A few words in a row work well.",
                MIN_PASSPHRASE_CHARACTERS,
            )
            % {"count": MIN_PASSPHRASE_CHARACTERS}
        )
    elif len(set(passphrase)) == 1:
        problems.append(_("A passphrase of one character repeated is easy to guess. A few words in a row work well."))
    else:
        try:
            _common().validate(passphrase)
        except ValidationError:
            problems.append(
                _("Many people use this passphrase, so it is easy to guess. You could try a few words in a row.")
            )
    return problems

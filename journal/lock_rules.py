"""What a journal passphrase needs to be (#17): long enough, and not one of the passwords everyone uses.

The passphrase is the only thing between a copied server and the journal, and Argon2id only
slows guessing down: a short or common passphrase would fall to a list in an afternoon.
"""

from __future__ import annotations

from functools import cache

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_CHARACTERS = 10


@cache
def _common() -> CommonPasswordValidator:
    # Reading Django's list of 20,000 common passwords once per process, not once per check.
    return CommonPasswordValidator()


def passphrase_problems(passphrase: str) -> list[str]:
    """Kind sentences saying what keeps this passphrase from being used; empty when it is fine."""
    problems = []
    if len(passphrase) < MIN_CHARACTERS:
        problems.append(
            _("This passphrase is a little short. Try at least %(count)d characters. A few unrelated words work well.")
            % {"count": MIN_CHARACTERS}
        )
    try:
        _common().validate(passphrase)
    except ValidationError:
        problems.append(_("Many people use this one, so it is easy to guess. Try something more your own."))
    return problems

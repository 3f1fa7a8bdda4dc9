"""After a person saves words: slots for apps above the journal.

The journal sits below the safety app and must not import it, yet the gentle check has to read
what was just saved. Safety fills this slot in its AppConfig.ready; the journal only asks it.
Sharing, above too, answers whether someone holds a copy of the entry, so "Saved" tells the truth.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables

# A check answers True when it takes the place of the routine "Saved" confirmation.
AfterSaveCheck = Callable[[HttpRequest, Sequence[str]], bool]

_checks: list[AfterSaveCheck] = []


def after_save_register(check: AfterSaveCheck) -> None:
    if check not in _checks:
        _checks.append(check)


@sensitive_variables("texts")
def after_save_checks(*, request: HttpRequest, texts: Sequence[str]) -> bool:
    """Let every registered check see the saved words; True when one took over the confirmation."""
    # Every check runs, even after one said yes: each may have its own page to prepare.
    answers = [check(request, texts) for check in _checks]
    return any(answers)


# Whether someone holds a shared copy of the entry (a copy never follows later changes).
SharedCheck = Callable[[Any], bool]

_shared_checks: list[SharedCheck] = []


def shared_check_register(check: SharedCheck) -> None:
    if check not in _shared_checks:
        _shared_checks.append(check)


def entry_has_shared_copy(*, entry: Any) -> bool:
    return any(check(entry) for check in _shared_checks)

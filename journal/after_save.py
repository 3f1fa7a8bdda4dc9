"""After a person saves words: a slot for apps above the journal.

The journal sits below the safety app and must not import it, yet the gentle check has to read
what was just saved. Safety fills this slot in its AppConfig.ready; the journal only asks it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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

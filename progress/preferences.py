"""Whether the person wants the "Patterns you might notice" section on their look back."""

from __future__ import annotations

from accounts.models import User
from progress.models import LookBackPreferences


def patterns_shown(*, user: User) -> bool:
    shown = LookBackPreferences.objects.filter(owner=user).values_list("show_patterns", flat=True).first()
    return True if shown is None else shown

"""Whether the person wants the "Patterns you might notice" section on their look back."""

from __future__ import annotations

from accounts.models import User


def patterns_shown(*, user: User) -> bool:
    return True

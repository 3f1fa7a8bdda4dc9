"""allauth's "confirm it's you" step for a view, with its type kept (allauth ships without hints)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from allauth.account.decorators import reauthentication_required as _reauthentication_required


def reauthentication_required[View: Callable[..., Any]](view: View) -> View:
    """Ask for the password (or a passkey) again before the view runs, if not asked recently."""
    return cast(View, _reauthentication_required(view))

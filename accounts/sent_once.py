"""A form that does its work once: a one-time value in each form drawn, and this session's memory
of the values already sent (accounts/session_marks.py).

A double tap, Back and send, or a phone restoring the tab sends the same form again, and it looks
like a new one. The value tells them apart: the same value again finds the first sending's mark and
does nothing more. The value is random, never anything the person wrote.

Each use keeps its own session key, and marks the value `about` what it acts on (the person shared
with, the link replied through), so the same form sent about something else still counts.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from django import forms
from django.http import HttpRequest

from accounts.session_marks import session_mark, session_marked


def _fresh() -> str:
    return secrets.token_urlsafe(16)


def once_field(attrs: Mapping[str, object] | None = None) -> forms.CharField:
    """A fresh random value in each form drawn (named `once`: static/js/waypoint.js looks for it).

    autocomplete=off: a browser must not put an old value back into a new form. `attrs` adds
    to it, for a page whose own script finds the field (the wave's Finish renews it each wave).
    """
    return forms.CharField(
        required=False,
        max_length=64,
        initial=_fresh,
        widget=forms.HiddenInput(attrs={**(attrs or {}), "autocomplete": "off"}),
    )


def sent_before(request: HttpRequest, kind: str, once: str, *, about: object) -> bool:
    """Whether this form was sent already. A form without a value (drawn before it had one) never was."""
    return bool(once) and session_marked(request, kind, f"{about}:{once}")


def sent_now(request: HttpRequest, kind: str, once: str, *, about: object) -> None:
    """Remember this sending. Called before the work it stands for, so a double tap finds it."""
    if once:
        session_mark(request, kind, f"{about}:{once}")

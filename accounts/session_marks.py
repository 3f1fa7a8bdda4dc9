"""What this browser's session has already done: tells a second tap "done already" from "never yours".

Something removed is gone from the database, and a form sent twice looks like a new one, so only
the session can say "you did this a moment ago". It holds ids and random form values, nothing a
person wrote, and it ends with the sign-in.

A mark is saved before the change it marks, and a miss reads the session again from its store: on
a double tap the second request read the session when it began, before the first one marked it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

KEPT = 20  # the newest marks of each kind; a second tap is about the last few things done


def _marks(session: SessionBase, kind: str) -> list[str]:
    marks = session.get(kind)
    return marks if isinstance(marks, list) else []


def session_mark(request: HttpRequest, kind: str, value: Any) -> None:
    """Remember `value` under `kind`, saved now, before the change it stands for is made."""
    request.session[kind] = [*_marks(request.session, kind), str(value)][-KEPT:]
    request.session.save()


def session_marked(request: HttpRequest, kind: str, value: Any) -> bool:
    if str(value) in _marks(request.session, kind):
        return True
    key = request.session.session_key
    if key is None:
        return False
    # Read, never written: a GET that asks writes nothing.
    return str(value) in _marks(type(request.session)(key), kind)

"""Whose lock key this request may use: set while a locked journal is open, gone after.

The lock key reaches the keyring only through here, for one person, for the span of a `with`
block (a request, or a service that was just given the passphrase). It is never stored on the
user object, a model or a cache, so it cannot outlive the request that opened it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_open: ContextVar[tuple[str, bytes] | None] = ContextVar("waypoint_open_lock_key", default=None)


class JournalLocked(Exception):
    """The person's journal is locked and this request does not hold their lock key."""

    def __init__(self, user_id: Any) -> None:
        super().__init__(f"The journal of user {user_id} is locked.")
        self.user_id = user_id


@contextmanager
def journal_unlocked(user_id: Any, lock_key: bytes) -> Iterator[None]:
    token = _open.set((str(user_id), lock_key))
    try:
        yield
    finally:
        _open.reset(token)


def open_lock_key(user_id: Any) -> bytes | None:
    """The person's lock key if this request holds it; never anyone else's."""
    held = _open.get()
    if held is None or held[0] != str(user_id):
        return None
    return held[1]

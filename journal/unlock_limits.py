"""How often, and how many at once, a journal lock may be tried (#17).

Wrong tries are counted per person and per address, with allauth's own rate limiter (the one
that guards sign-in), in the shared cache so every worker counts together. Each window is longer
than the one before, so the wait grows with the tries: 5 in 5 minutes, 10 in an hour, 20 in a day.
A right answer clears the person's count (not the address's).

Each passphrase try costs Argon2id's 64 MiB and a quarter of a second of a core, so a process
runs at most two at once; a third is told, kindly, to try again in a moment.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from allauth.core.internal import ratelimit
from django.http import HttpRequest

_APP = "journal"
_ACTION = "unlock"
# Per person, in growing windows; per address, like sign-in's 10 a minute, over a longer span.
_PER_PERSON = "5/5m/user,10/1h/user,20/1d/user"
RATES = {_ACTION: f"{_PER_PERSON},20/5m/ip"}

ARGON2_AT_ONCE = 2
_WAIT_FOR_A_SLOT_SECONDS = 2.0
_argon2_slots = threading.BoundedSemaphore(ARGON2_AT_ONCE)


class LockBusy(Exception):
    """Every Argon2id slot of this process is taken; the person can try again in a moment."""


def tries_left(request: HttpRequest) -> bool:
    """Whether this person (from this address) may try a passphrase or recovery key now."""
    return ratelimit.consume(request, app=_APP, action=_ACTION, config=RATES, dry_run=True) is not None


def wrong_try(request: HttpRequest) -> None:
    """Count a passphrase or recovery key that did not open the lock."""
    ratelimit.consume(request, app=_APP, action=_ACTION, config=RATES)


def tries_forget(request: HttpRequest) -> None:
    """The person opened their lock: earlier wrong tries no longer count against them."""
    # The person's own counts only: opening one's own lock must not clear an address's count.
    ratelimit.clear(request, app=_APP, action=_ACTION, config={_ACTION: _PER_PERSON})


@contextmanager
def argon2_slot() -> Iterator[None]:
    """Hold one of this process's Argon2id slots for a derivation; LockBusy when none frees up soon."""
    if not _argon2_slots.acquire(timeout=_WAIT_FOR_A_SLOT_SECONDS):
        raise LockBusy
    try:
        yield
    finally:
        _argon2_slots.release()

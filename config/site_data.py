"""Site-wide data, read once per process and read again when it changes.

Every page shows some of it (the clinics' settings behind the policy, the crisis lines of a
region), and it changes only when someone saves it: in the admin, on a clinic's settings page,
or by loading crisis data. So each gunicorn worker keeps what it read in its own memory, and
whatever saves it calls site_data_changed().

Workers are separate processes, so they learn of a change through the one thing they share
with each other and with every other server behind a load balancer: the cache (the database
cache, or Redis). It holds a generation, a random token replaced by every change. A worker
compares its token with the cache's at most once every RECHECK_SECONDS, so a page pays for that
read about once a second rather than once per request, and a change shows:
- at once in the worker that saved it (it forgets its own copy as it saves),
- within RECHECK_SECONDS in every other worker. A second of the old clinic settings or crisis
  lines is the bounded staleness this accepts, the same as the server keys (journal/server_keys.py).
A change made behind Waypoint's back (SQL typed by hand, a restore under running workers) is
picked up within MAX_AGE_SECONDS anyway, as the cache's own expiry used to do.

A generation the cache has lost (culled, cleared, restarted) reads as a new one, so everything
is read again: losing it can only cost a query, never show old data.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction

logger = logging.getLogger(__name__)

GENERATION_KEY = "waypoint:site-data:generation"
RECHECK_SECONDS = 1.0
MAX_AGE_SECONDS = 300.0


@dataclass
class SiteMemo:
    """One process's copies. The module keeps one; a test makes a second to stand for another worker."""

    clock: Callable[[], float] = time.monotonic
    # name -> (value, the generation it was read under, when it was read)
    _values: dict[str, tuple[Any, str, float]] = field(default_factory=dict)
    # The generation last read from the cache, and when.
    _seen: tuple[str, float] | None = None

    def get[T](self, name: str, load: Callable[[], T]) -> T:
        now = self.clock()
        generation = self._generation(now)
        found = self._values.get(name)
        if found is not None and found[1] == generation and now - found[2] < MAX_AGE_SECONDS:
            value: T = found[0]
            return value
        # The generation is read before the data: a change committed while loading bumps it
        # again afterwards, so what was loaded then is read again on the next check.
        value = load()
        self._values[name] = (value, generation, now)
        return value

    def changed(self) -> None:
        """Forget every copy here and tell the other processes to forget theirs."""
        self.forget()
        token = uuid.uuid4().hex
        try:
            cache.set(GENERATION_KEY, token, timeout=None)
        except Exception:
            logger.exception(
                "Could not tell the other workers that site-wide data changed; they see it within %ss.",
                int(MAX_AGE_SECONDS),
            )
            return
        self._seen = (token, self.clock())

    def forget(self) -> None:
        self._values.clear()
        self._seen = None

    def _generation(self, now: float) -> str:
        if self._seen is not None and now - self._seen[1] < RECHECK_SECONDS:
            return self._seen[0]
        try:
            token = cache.get(GENERATION_KEY)
            if token is None:
                # Lost or never set: a new token, so every process reads everything again once.
                cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
                token = cache.get(GENERATION_KEY) or ""
        except Exception:
            # The cache cannot be read (the database is down): keep what this process has, and
            # try again in a second. Whoever loads the data next decides what a failure shows.
            logger.warning("Could not read the site-wide data generation from the cache.", exc_info=True)
            token = self._seen[0] if self._seen is not None else ""
        self._seen = (str(token), now)
        return str(token)


_process = SiteMemo()


def site_data[T](name: str, load: Callable[[], T]) -> T:
    """The value called `name`, from this process's copy while nothing has changed, else load()."""
    return _process.get(name, load)


def site_data_changed(**_: Any) -> None:
    """Call when anything site_data loads has been saved: every process reads it again.

    Usable as a signal receiver. Inside a transaction it tells the other processes twice: now, so
    this process and the rest of the transaction see the change, and again once committed,
    because a worker that checked in between read the old rows under the new generation.
    """
    _process.changed()
    if connection.in_atomic_block:
        transaction.on_commit(_process.changed)


def site_data_forget() -> None:
    """Forget this process's copies without telling the others (tests start each from nothing)."""
    _process.forget()

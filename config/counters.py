"""Counting in the shared cache, over a window of our own: every worker counts together."""

from __future__ import annotations

from django.core.cache import cache


def count_in_window(key: str, seconds: int) -> int:
    """Adds one to the count under `key` and returns it; the count goes `seconds` after its last one."""
    if cache.add(key, 1, seconds):
        return 1
    try:
        count = int(cache.incr(key))
        # The database cache's incr sets the default timeout again; the window is ours.
        cache.touch(key, seconds)
    except ValueError:  # it expired between the two calls
        cache.set(key, 1, seconds)
        return 1
    return count

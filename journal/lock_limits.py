"""How many wrong journal passphrases one person's account may be sent before it pauses (#17).

Like sign-in's limit (allauth's five wrong passwords in five minutes), counted per person in the
shared cache, so it holds across gunicorn workers and from every address at once. Only wrong
tries count: the right passphrase is never slowed. Someone at an unlocked-but-unattended browser
or with a stolen session can try a handful of guesses, not a dictionary.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

WINDOW_SECONDS = 5 * 60
WRONG_PER_PERSON = 5


def _key(user: Any) -> str:
    return f"journal:lock:wrong:{user.pk}"


def passphrase_tries_paused(user: Any) -> bool:
    return int(cache.get(_key(user), 0)) >= WRONG_PER_PERSON


def passphrase_wrong_note(user: Any) -> None:
    key = _key(user)
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
            # The database cache's incr sets its default timeout again; the window is ours.
            cache.touch(key, WINDOW_SECONDS)
        except ValueError:  # it expired between the two calls
            cache.set(key, 1, WINDOW_SECONDS)


def passphrase_tries_clear(user: Any) -> None:
    cache.delete(_key(user))

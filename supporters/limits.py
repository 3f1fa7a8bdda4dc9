"""How many wrong guesses at a supporter's link or code one address, or one link, may make.

Counted in the shared cache (the one allauth's sign-in limits use), so the limit holds across
gunicorn workers. Only misses are counted: a supporter reading their page is never slowed.
The address is the client's own (config/middleware.py corrects REMOTE_ADDR behind proxies);
it is hashed in the cache key, never stored.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

from accounts.secret_codes import keyed_hash
from config.counters import count_in_window

WINDOW_SECONDS = 15 * 60
# An address that never was, or a wrong code, from one client: generous for typing mistakes.
MISSES_PER_ADDRESS = 20
# Wrong codes for one link, from anywhere: the code is eight characters, this keeps it unguessable.
WRONG_CODES_PER_LINK = 8


def _address_key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return "supporters:miss:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def _link_key(link_id: object) -> str:
    return f"supporters:code:{link_id}"


def _add(key: str, window: int = WINDOW_SECONDS) -> None:
    count_in_window(key, window)


def address_blocked(request: HttpRequest) -> bool:
    return int(cache.get(_address_key(request), 0)) >= MISSES_PER_ADDRESS


def miss_note(request: HttpRequest, *, link_id: object = None) -> None:
    _add(_address_key(request))
    if link_id is not None:
        _add(_link_key(link_id))


# Replies through one link in a day: plenty for a supporter, a wall for anyone flooding the person.
REPLIES_PER_LINK = 10
REPLY_WINDOW_SECONDS = 24 * 60 * 60


def reply_blocked(link_id: object) -> bool:
    return int(cache.get(f"supporters:reply:{link_id}", 0)) >= REPLIES_PER_LINK


def reply_note(link_id: object) -> None:
    count_in_window(f"supporters:reply:{link_id}", REPLY_WINDOW_SECONDS)


def link_blocked(link_id: object) -> bool:
    return int(cache.get(_link_key(link_id), 0)) >= WRONG_CODES_PER_LINK


# Link emails from one account, and to one address, in a day. Any address can be typed as a
# supporter's and "Make a link" pressed again and again: without a limit, one account could fill
# a stranger's inbox with Waypoint's emails. A person remaking a link a few times is never stopped;
# past the limit the link is still made, to copy and send themselves.
LINK_EMAILS_PER_DAY = 5
LINK_EMAIL_WINDOW_SECONDS = 24 * 60 * 60


def _link_email_keys(*, owner_id: object, email: str) -> tuple[str, str]:
    # The address only as a keyed hash: the cache never holds a supporter's email.
    to = keyed_hash("supporters.link-email", email.strip().casefold())[:32]
    return f"supporters:email:from:{owner_id}", f"supporters:email:to:{to}"


def link_email_blocked(*, owner_id: object, email: str) -> bool:
    keys = _link_email_keys(owner_id=owner_id, email=email)
    return any(int(cache.get(key, 0)) >= LINK_EMAILS_PER_DAY for key in keys)


def link_email_note(*, owner_id: object, email: str) -> None:
    for key in _link_email_keys(owner_id=owner_id, email=email):
        _add(key, LINK_EMAIL_WINDOW_SECONDS)

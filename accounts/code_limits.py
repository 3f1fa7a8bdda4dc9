"""How many codes that don't work one address, and one signed-in account, may try.

Every code that opens a way in is short enough to type: an invite code, a therapist's
invitation, a clinic's staff invite. A right guess could link a stranger to a therapist, open
sign-up on an invite-only server, or make someone staff. So codes that match nothing usable are
counted with allauth's own rate limiter (the one that guards sign-in and the journal lock), in
the shared cache, so every worker counts together. Its keys hold the client's address
(config/middleware.py corrects REMOTE_ADDR behind proxies) and the account's id, never a code.

Generous for someone mistyping: ten codes in a quarter of an hour for one account, thirty for one
address. The address's count is the looser one because a clinic's Wi-Fi or a phone carrier puts
many people behind one address, and each signed-in person is counted on their own as well; a
code has some 40 bits, so thirty tries gain a guesser nothing. While the limit holds, every code
waits, the right one too, or a guesser could still tell it apart. The page that says so is
the accounts app's, beside its invite page, so every app that takes a code can show it.
"""

from __future__ import annotations

import math
import time
from http import HTTPStatus

from allauth.core.internal import ratelimit
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

_APP = "accounts"
_ACTION = "code"
PER_ADDRESS_MISSES = 30
PER_ACCOUNT_MISSES = 10
_PER_ADDRESS = f"{PER_ADDRESS_MISSES}/15m/ip"
_PER_ACCOUNT = f"{PER_ACCOUNT_MISSES}/15m/user"


def _rates(request: HttpRequest) -> dict[str, str]:
    # Per account too where there is one, so a signed-in guesser gains nothing by changing address.
    signed_in = request.user.is_authenticated
    return {_ACTION: f"{_PER_ADDRESS},{_PER_ACCOUNT}" if signed_in else _PER_ADDRESS}


def _seconds_to_wait(request: HttpRequest) -> float:
    """0 while this address (and account) may try a code; else how long until it may again.

    Only reads the cache: allauth's own check (a dry run of consume) takes a lock, which is two
    writes, and a link with a code is opened with GET.
    """
    now, wait = time.time(), 0.0
    for rate in ratelimit.get_rates(app=_APP, action=_ACTION, config=_rates(request)):
        history = list(cache.get(ratelimit.get_cache_key(request, app=_APP, action=_ACTION, rate=rate), []))
        allowed, history = ratelimit.apply_rate(history, now, rate, dry_run=True)
        if not allowed:
            # Newest first: a try frees up when the oldest that still counts leaves the window.
            wait = max(wait, history[rate.amount - 1] + rate.duration - now)
    return wait


def code_tries_paused(request: HttpRequest) -> HttpResponse | None:
    """Ask before looking a code up. None while codes may be tried; else the calm page that says
    so, with no blame and when to try again."""
    wait = _seconds_to_wait(request)
    if not wait:
        return None
    minutes = max(1, math.ceil(wait / 60))
    return render(request, "accounts/code_tries_paused.html", {"minutes": minutes}, status=HTTPStatus.TOO_MANY_REQUESTS)


def code_missed(request: HttpRequest) -> None:
    """Count a code that matched nothing this person could use."""
    # limit_get: a code in a link is tried with GET, and counts as much as one typed in a form.
    ratelimit.consume(request, app=_APP, action=_ACTION, config=_rates(request), limit_get=True)

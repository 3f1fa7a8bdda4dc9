"""Open a locked journal for the span of one request, when this browser holds its key (#17)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from journal.lock_session import lock_cookie_write, lock_key_from_request
from journal.lock_state import journal_unlocked


class JournalUnlockedMiddleware:
    """Hold the person's lock key while their request runs, and never after it.

    Sits after authentication and the idle lock, so a signed-out or idle-locked request never
    gets the key.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lock_key = lock_key_from_request(request)
        if lock_key is None:
            response = self.get_response(request)
        else:
            with journal_unlocked(request.user.pk, lock_key):
                response = self.get_response(request)
        return lock_cookie_write(request, response)

"""What housekeeping could not do for a locked journal, done on its owner's own next request (#17).

Hourly housekeeping holds no one's lock key, so it passes over a locked journal's search chunks
(entries not yet in a chunk, chunks in the old format). Search still finds those entries, one by
one, so nothing is lost meanwhile; this puts them back in chunks a bounded amount at a time, on
a POST by the person while their journal is open (never on a GET: GETs write nothing).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from journal import search_index
from journal.keyring import user_keyring
from journal.lock_state import open_lock_key

logger = logging.getLogger(__name__)


class LockedJournalCatchUpMiddleware:
    """Sits inside JournalUnlockedMiddleware, so it runs while the person's lock key is held."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user: Any = getattr(request, "user", None)
        if (
            request.method == "POST"
            and response.status_code < 400
            and user is not None
            and user.is_authenticated
            # Held only for a locked journal, opened in this request: nobody else's work is done here.
            and open_lock_key(user.pk) is not None
        ):
            _catch_up(user)
        return response


def _catch_up(user: Any) -> None:
    try:
        if search_index.owner_needs_catch_up(user.pk):
            search_index.owner_catch_up(owner_id=user.pk, ring=user_keyring(user))
    except Exception:
        # Their own save already succeeded: upkeep that fails waits for the next request, never a 500.
        logger.exception("Could not bring a locked journal's search chunks up to date; the next request tries again.")

"""Open a locked journal for the span of one request, when this browser holds its key (#17),
and answer kindly when a request needs the journal and it is locked."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from journal import lock_services
from journal.keyring import DecryptionError
from journal.lock_carry import carried_from_locked_post
from journal.lock_session import lock_cookie_write, lock_key_forget, lock_key_from_request, unlock_url
from journal.lock_state import JournalLocked, journal_unlocked
from journal.unlock_views import unlock_page

LOCKED_EVENT = "waypoint:journal-locked"


def saves_in_the_background(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view that autosave or a leave-page beacon calls: met with the lock, it answers 423
    and the page keeps its text (there is no page to send anywhere). Put it outermost."""
    view.saves_in_the_background = True  # type: ignore[attr-defined]
    return view


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

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        user: Any = getattr(request, "user", None)
        if isinstance(exception, DecryptionError) and _stale_key_forgotten(request):
            return journal_locked_response(request)
        if not isinstance(exception, JournalLocked) or user is None or str(exception.user_id) != str(user.pk):
            return None  # only a person's own journal is theirs to open
        return journal_locked_response(request)


def _stale_key_forgotten(request: HttpRequest) -> bool:
    """A browser that kept the journal open while the lock was turned off and on again (or let go
    and locked anew, elsewhere) holds a key of the old lock, which opens none of the new one's data
    keys. Asked only once decrypting failed: if this browser's key is not the lock's, it is
    forgotten and the unlock page asks for the passphrase. Any other failure stays an error."""
    user: Any = getattr(request, "user", None)
    lock_key = lock_key_from_request(request)
    if user is None or lock_key is None:
        return False
    try:
        lock_services.check_lock_key(user_id=user.pk, lock_key=lock_key)
    except DecryptionError:
        lock_key_forget(request)
        return True
    return False


def journal_locked_response(request: HttpRequest) -> HttpResponse:
    """What a request that needs the person's locked journal gets, so nothing they typed is lost."""
    view = getattr(getattr(request, "resolver_match", None), "func", None)
    htmx: Any = getattr(request, "htmx", None)
    if htmx or getattr(view, "saves_in_the_background", False):
        # The page stays as it is, text and all; waypoint.js and journal.js explain and link.
        response = HttpResponse(status=423)
        current = htmx.current_url_abs_path if htmx else None
        detail = {
            "unlockUrl": unlock_url(current or ""),
            "kept": request.method != "GET",
            "message": _("Your journal is locked, so this is not saved yet. What you wrote is still on this page."),
            "link": _("Open your journal (opens a new tab), then try again here."),
        }
        response["HX-Trigger"] = json.dumps({LOCKED_EVENT: detail})
        return response
    if request.method in ("GET", "HEAD"):
        return HttpResponseRedirect(unlock_url(request.get_full_path()))
    carried = carried_from_locked_post(request)
    if carried is not None:
        # The words ride along in the unlock form and are saved once the journal opens.
        return unlock_page(request, carried=carried, status=423)
    return HttpResponseRedirect(unlock_url())

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

LAST_SEEN_KEY = "waypoint_last_seen"


def idle_timeout_seconds(request: HttpRequest) -> int:
    # Clinics choose their own lock in the admin; care.policy knows whose choice applies.
    from care.policy import policy_for

    return policy_for(request).idle_timeout_minutes * 60


# Writing the session on every request would be a database write per click; a minute's
# precision is plenty for a lock measured in tens of minutes.
_TOUCH_EVERY_SECONDS = 30
# No lock is shorter than this, so a request within it needs no look at the clinic's setting.
_SHORTEST_LOCK_SECONDS = 60


class IdleLockMiddleware:
    """Sign a person out after the clinic's (or the server's) idle time without activity.

    Shared devices are common for the people Waypoint serves; a journal left open on a
    family computer must lock itself. The warning before it happens lives in static/js/idle.js.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            idle = now - last_seen if last_seen is not None else 0
            if idle > _SHORTEST_LOCK_SECONDS and idle > idle_timeout_seconds(request):
                logout(request)
                return self._locked_response(request)
            passive = request.path == reverse("accounts:idle_status")
            if not passive and (last_seen is None or now - last_seen >= _TOUCH_EVERY_SECONDS):
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    def _locked_response(self, request: HttpRequest) -> HttpResponse:
        locked_url = reverse("accounts:locked")
        if request.headers.get("HX-Request") == "true":
            # Keep the page (and whatever is typed in it) where it is; idle.js shows the lock.
            response = HttpResponse(status=401)
            response["HX-Trigger"] = "waypoint:locked"
            return response
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return HttpResponseRedirect(f"{locked_url}?{query}" if query else locked_url)

"""allauth's "where you are signed in" list, kept without a database write on reading a page.

allauth's own middleware updates a session's row (last seen, address, browser) on every request,
which made every page view a write: on SQLite a `BEGIN IMMEDIATE` that queues every other reader
behind it. Here activity is noted only on a POST, which writes anyway, and at most every five
minutes per session (and once when a session begins); and the list leaves rows of ended
sessions for `manage.py housekeeping` instead of deleting them while it is read.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from allauth.core.internal.sessionkit import get_session_user
from allauth.usersessions import app_settings
from allauth.usersessions.models import UserSession
from allauth.usersessions.views import ListUserSessionsView
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.generic.edit import FormView

from accounts.browser_names import browser_name

ACTIVITY_KEY = "waypoint_session_activity"
# "Last active" is read in minutes and hours; a POST within five minutes of the last adds nothing.
ACTIVITY_EVERY_SECONDS = 5 * 60


class UserSessionActivityMiddleware:
    """Note a session's activity on a POST, at most every five minutes, in place of allauth's.

    A session not noted yet (signed in some way that skips allauth, such as the admin's own
    sign-in page) is noted on its first request, whatever its method: "sign out everywhere
    else" ends only the sessions on the list, so every session must be on it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # After the view: a sign-in has made its new session by now, and a sign-out has ended it.
        if request.user.is_authenticated and request.session.session_key:
            now = int(time.time())
            noted = request.session.get(ACTIVITY_KEY)
            if noted is None or (request.method == "POST" and now - noted >= ACTIVITY_EVERY_SECONDS):
                UserSession.objects.create_from_request(request)
                request.session[ACTIVITY_KEY] = now
        return response


def session_has_ended(user_session: UserSession, *, known_to_exist: bool = False) -> bool:
    """allauth's test for a row to purge, without the purge: the session is gone or signs nobody in."""
    if not known_to_exist and not user_session.exists():
        return True
    return get_session_user(user_session._session_store(user_session.session_key)) is None


def ended_sessions_forget() -> int:
    """Delete the rows of sessions that have ended (housekeeping; the list only hides them)."""
    ended = [row.pk for row in UserSession.objects.iterator() if session_has_ended(row)]
    UserSession.objects.filter(pk__in=ended).delete()
    return len(ended)


class SessionListView(ListUserSessionsView):  # type: ignore[misc]  # allauth ships without type hints
    """allauth's list and its "sign out everywhere else" (and its sign-in check), reading rows without deleting any."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = FormView.get_context_data(self, **kwargs)
        # Sessions gone from the session table are left out in the same query, so they cost nothing.
        live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
        rows = UserSession.objects.filter(user_id=self.request.user.pk, session_key__in=live).order_by("created_at")
        sessions = [row for row in rows if not session_has_ended(row, known_to_exist=True)]
        # "This device" first, then the newest sign-in: oldest first left this one mid-list, and a
        # place someone doesn't recognise is most likely a recent one.
        sessions.sort(key=lambda row: row.created_at, reverse=True)
        sessions.sort(key=lambda row: not row.is_current())
        for row in sessions:
            row.browser_name = browser_name(row.user_agent)
        context.update(sessions=sessions, session_count=len(sessions), show_last_seen_at=app_settings.TRACK_ACTIVITY)
        return context


session_list = SessionListView.as_view()

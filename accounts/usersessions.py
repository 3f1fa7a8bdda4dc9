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
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.generic.edit import FormView

from accounts.browser_names import browser_name
from accounts.models import User
from accounts.sessions import SessionStore

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


def _signs_in(row: UserSession, session_data: str, user: User) -> bool:
    """What `not session_has_ended(row)` says of a session read with its row, without reading the
    session again and its person once more for each one (two queries a device on the list).

    As Django's get_user: the session names this person, through a sign-in backend still in use,
    with the hash of their password as it is now (or under a secret being rotated out). One that
    names someone else, not expected on this person's list, is asked the long way. Unlike get_user,
    reading the list never ends or renews a session: a stale one is only left off, for housekeeping.
    """
    data = SessionStore().decode(session_data)
    if SESSION_KEY not in data:
        return False  # signed out, or never signed in
    try:
        names_them = User._meta.pk.to_python(data.get(SESSION_KEY)) == user.pk
    except ValidationError:
        return False
    if not names_them:
        store = SessionStore(row.session_key)
        return get_session_user(store) is not None
    session_hash = data.get(HASH_SESSION_KEY)
    if data.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS or not session_hash:
        return False
    hashes = [user.get_session_auth_hash(), *user.get_session_auth_fallback_hash()]
    return any(constant_time_compare(session_hash, known) for known in hashes)


class SessionListView(ListUserSessionsView):  # type: ignore[misc]  # allauth ships without type hints
    """allauth's list and its "sign out everywhere else" (and its sign-in check), reading rows without deleting any."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = FormView.get_context_data(self, **kwargs)
        # Sessions gone from the session table are left out in the same query, so they cost nothing;
        # the live ones come with their data, so each is checked without reading it again.
        user = self.request.user
        live = Session.objects.filter(expire_date__gt=timezone.now())
        rows = (
            UserSession.objects.filter(user_id=user.pk, session_key__in=live.values("session_key"))
            .annotate(session_data=Subquery(live.filter(session_key=OuterRef("session_key")).values("session_data")))
            .order_by("created_at")
        )
        sessions = [row for row in rows if _signs_in(row, row.session_data, user)]
        # "This device" first, then the newest sign-in: oldest first left this one mid-list, and a
        # place someone doesn't recognise is most likely a recent one.
        sessions.sort(key=lambda row: row.created_at, reverse=True)
        sessions.sort(key=lambda row: not row.is_current())
        for row in sessions:
            row.browser_name = browser_name(row.user_agent)
        context.update(sessions=sessions, session_count=len(sessions), show_last_seen_at=app_settings.TRACK_ACTIVITY)
        return context


session_list = SessionListView.as_view()

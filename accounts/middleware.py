from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve, reverse
from django.utils.crypto import constant_time_compare

from accounts.signed_out import signed_out_response
from config.account_marker import FIELD, HEADER, account_marker
from config.site_policy import policy_for

LAST_SEEN_KEY = "waypoint_last_seen"


def _for_another_account(request: HttpRequest) -> bool:
    """Whether a request carries the account mark of a page drawn for another account. Requests
    without a mark (no JavaScript, other clients) are not asked: there is nothing to compare."""
    sent = request.headers.get(HEADER, "")
    if not sent and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        sent = request.POST.get(FIELD, "")
    return bool(sent) and not constant_time_compare(sent, account_marker(request.user.pk))


def idle_timeout_seconds(request: HttpRequest) -> int:
    # The server's lock, or one a clinic chose in the admin (care fills in the policy).
    return policy_for(request).idle_timeout_minutes * 60


# Writing the session on every request would be a database write per click; a minute's
# precision is plenty for a lock measured in tens of minutes.
_TOUCH_EVERY_SECONDS = 30
# No lock is shorter than this, so a request within it needs no look at the clinic's setting.
_SHORTEST_LOCK_SECONDS = 60


def seconds_before_lock(request: HttpRequest, idle: int) -> int:
    """The one rule for the lock: at 0 or less, this request locks. idle_status reports it and the
    page locks when it reads 0, so both lock at the same second; with a rule each, at the exact
    second the page locked while the session went on, alive, for another period."""
    return idle_timeout_seconds(request) - idle


def keeps_text_when_locked(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view whose form holds someone's writing, so a save that arrives after the lock
    still lands before the session ends.

    With JavaScript the page keeps the text and shows the lock; without it, the Save button is
    the first request after a long stretch of writing, and turning it away would lose the words.
    Put it outermost, where the URL resolver sees it.
    """
    view.keeps_text_when_locked = True  # type: ignore[attr-defined]
    return view


def needs_no_account(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view that serves everyone alike, signed in or not (a supporter's page and its reply box).

    Someone with an account of their own may use it while signed in. When their idle lock comes,
    they are signed out as always, but what they send there still reaches the view, signed out:
    it never needed their account, and turning it away would lose what they wrote. So too when
    someone else has signed in on that browser since the page was drawn: the page's account mark
    is not asked. CSRF still is. Put it outermost, where the URL resolver sees it.
    """
    view.needs_no_account = True  # type: ignore[attr-defined]
    return view


def _needs_no_account(request: HttpRequest) -> bool:
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return False
    return bool(getattr(view, "needs_no_account", False))


class SignedOutHtmxMiddleware:
    """A part of a page asked for once the session has gone (signed out in another tab, or the
    session ended on the server): @login_required answers with a redirect to the sign-in page,
    which htmx followed and swapped in, a second whole page inside the calendar or the timeline.
    Such a request gets the idle lock's answer instead, which keeps the page and what is typed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request") == "true"
            and response.status_code in (301, 302, 303)
            and urlsplit(response.get("Location", "")).path == resolve_url(settings.LOGIN_URL)
            and not request.user.is_authenticated
        ):
            return signed_out_response()
        return response


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
            if idle >= _SHORTEST_LOCK_SECONDS and seconds_before_lock(request, idle) <= 0:
                # A page that serves everyone is signed out first, then reached as anyone would:
                # what is sent there goes (a supporter's reply), and so does the view's own answer
                # when CSRF refuses the form (its words given back), never the locked page instead.
                no_account = _needs_no_account(request)
                if request.method == "POST" and request.headers.get("HX-Request") != "true" and not no_account:
                    # Decided in process_view, once the view is known: writing is saved first.
                    request._idle_locked = True  # type: ignore[attr-defined]
                    return self._lock_after_save(request, self.get_response(request))
                logout(request)
                if no_account:
                    # Signed out all the same; the page serves everyone, so it opens as for anyone.
                    return self.get_response(request)
                return self._locked_response(request)
            passive = request.path == reverse("accounts:idle_status")
            if not passive and (last_seen is None or now - last_seen >= _TOUCH_EVERY_SECONDS):
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        # In process_view, after the CSRF middleware has read the form (a body over the limit
        # then gets its view's own answer, config/request_limits.py), never in __call__.
        if (
            request.user.is_authenticated
            and request.method == "POST"
            and not getattr(view_func, "needs_no_account", False)
            and _for_another_account(request)
        ):
            # A page drawn for someone else (kept by the lock on a shared device, then another
            # person signed in): its save must not land here. The page keeps its words and says
            # to sign in again, as after the idle lock; this session is left as it is. A view that
            # needs no account saves nothing into the one signed in, so whose page it was drawn
            # for does not matter there (a supporter's reply, written before someone else signed in).
            return self._locked_response(request)
        if getattr(request, "_idle_locked", False) and not getattr(view_func, "keeps_text_when_locked", False):
            request._idle_locked = False  # type: ignore[attr-defined]
            logout(request)
            return self._locked_response(request)
        return None

    def _lock_after_save(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not getattr(request, "_idle_locked", False):
            return response  # process_view already locked it
        # The view's own answer is not shown: after the lock, the page may hold what was written.
        # A redirect is how every writing view says "saved".
        saved = response.status_code in (301, 302, 303)
        logout(request)
        locked_url = reverse("accounts:locked")
        return HttpResponseRedirect(f"{locked_url}?saved=1" if saved else locked_url)

    def _locked_response(self, request: HttpRequest) -> HttpResponse:
        locked_url = reverse("accounts:locked")
        if request.headers.get("HX-Request") == "true":
            return signed_out_response()
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return HttpResponseRedirect(f"{locked_url}?{query}" if query else locked_url)

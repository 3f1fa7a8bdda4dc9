"""Leaving quickly, and keeping Back from showing Waypoint for a while afterwards.

Browsers keep earlier pages of a tab in its history, and no page can remove them. Waypoint pages
are never cached (no-store), so Back has to ask the server for them again: for a few minutes
after someone leaves quickly, this browser is sent to the everyday site instead of any Waypoint
page. The cookie holds no name, no id and nothing written; it only says "left recently".
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from config.middleware import CLEAR_SITE_DATA
from config.site_policy import policy_for

JUST_LEFT_COOKIE = "wp_away"
JUST_LEFT_SECONDS = 5 * 60
# Set by waypoint.js as "Leave quickly" or "Sign out" goes, for when the request that signs out
# cannot reach the server (no connection): the next request this browser makes, whenever that is,
# signs out. It holds "exit-" and the time of leaving (milliseconds), or "out"; nothing else.
# Over HTTPS its name has the __Host- prefix, so no other site (a sibling subdomain, a network
# attacker on plain HTTP) can set one that keeps signing the person out.
LEAVING_COOKIE = "wp_leaving"
LEAVING_COOKIE_SECURE = "__Host-wp_leaving"
# Static files, the icon and the leave endpoints themselves are never bounced.
_NEVER_BOUNCED = ("/static/", "/favicon.ico", "/safety/leave/")


def neutral_site(request: HttpRequest) -> str:
    # A clinic's own choice of site follows the person's clinic, so read it before signing out.
    return policy_for(request).quick_exit_url


def mark_just_left(response: HttpResponse, seconds: int = JUST_LEFT_SECONDS) -> HttpResponse:
    response.set_cookie(JUST_LEFT_COOKIE, "1", max_age=seconds, httponly=True, samesite="Lax")
    return response


def leaving_cookie_name(request: HttpRequest) -> str:
    return LEAVING_COOKIE_SECURE if request.is_secure() else LEAVING_COOKIE


def _is_a_page_visit(request: HttpRequest) -> bool:
    if request.method not in {"GET", "HEAD"} or request.path.startswith(_NEVER_BOUNCED):
        return False
    if getattr(request, "htmx", False):
        return False
    # A page someone is looking at keeps working (autosave, fragments); only whole-page visits bounce.
    return request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate"


def _seconds_since_leaving(value: str) -> float | None:
    """How long ago "Leave quickly" went, by the time it wrote into the cookie; None for "out"."""
    if not value.startswith("exit-"):
        return None
    try:
        return time.time() - int(value.removeprefix("exit-")) / 1000
    except ValueError:
        return None


def _sent_as_leaving_quickly(request: HttpRequest) -> bool:
    """Words sent by a page's own beacon as "Leave quickly" went, from this site. By the cookie's
    time alone, a phone's clock a minute or more fast (or five slow) lost the "just left" mark."""
    if request.method != "POST" or request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
        return False
    try:
        return request.POST.get("leaving_quickly") == "1"
    except Exception:  # an unreadable body: only the mark is at stake, never the signing out
        return False


class JustLeftMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._is_a_page_visit_after_leaving(request):
            return HttpResponseRedirect(neutral_site(request))
        return self.get_response(request)

    @staticmethod
    def _is_a_page_visit_after_leaving(request: HttpRequest) -> bool:
        return JUST_LEFT_COOKIE in request.COOKIES and _is_a_page_visit(request)


class LeftWithoutConnectionMiddleware:
    """Finish a "Leave quickly" or a "Sign out" whose request never arrived.

    With no connection, the page leaves but the session stayed signed in: whoever opened Waypoint
    once the phone was back online (the home-screen icon, Back) found the journal open. Any request
    that carries the cookie safety.js set signs out, with Clear-Site-Data (config/middleware.py),
    and the cookie goes. Online, the quick-exit beacon itself carries it, so it goes at once.

    Words sent as the page went (the editor's last autosave, a reflection step's keep) are saved
    first, then the session ends. Within Leave quickly's few minutes, a page visit (Back in that
    tab) goes to the everyday site, as it would have online. Right after authentication, so that
    nothing later (the idle lock, the journal's lock) answers for the person first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = leaving_cookie_name(request)
        value = request.COOKIES.get(name)
        if value is None:
            return self.get_response(request)
        since = _seconds_since_leaving(value)
        left_lately = since is not None and -60 <= since < JUST_LEFT_SECONDS  # a phone's clock may be a little off
        neutral = neutral_site(request)  # before signing out: a clinic's choice follows its person
        if request.method == "POST" and request.user.is_authenticated:
            response = self.get_response(request)
            logout(request)
            # Ended after the answer was made, so its headers are added here (config/middleware.py).
            response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
        else:
            logout(request)
            bounce = left_lately and _is_a_page_visit(request)
            response = HttpResponseRedirect(neutral) if bounce else self.get_response(request)
        if _sent_as_leaving_quickly(request):
            # The page's own beacon, sent as it left (journal.js, prompts.js): "just left" for the
            # full few minutes, as the sign-out beacon it went instead of, whatever the phone's clock.
            mark_just_left(response)
        elif left_lately and since is not None:
            mark_just_left(response, seconds=max(int(JUST_LEFT_SECONDS - max(since, 0)), 1))
        response.delete_cookie(name, samesite="Lax")
        return response

"""Leaving quickly, and keeping Back from showing Waypoint for a while afterwards.

Browsers keep earlier pages of a tab in its history, and no page can remove them. Waypoint pages
are never cached (no-store), so Back has to ask the server for them again: for a few minutes
after someone leaves quickly, this browser is sent to the everyday site instead of any Waypoint
page. The cookie holds no name, no id and nothing written; it only says "left recently".
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from config.site_policy import policy_for

JUST_LEFT_COOKIE = "wp_away"
JUST_LEFT_SECONDS = 5 * 60
# Set by safety.js as "Leave quickly" goes, for when its beacon cannot reach the server (no
# connection): the next request this browser makes, whenever that is, signs out. Holds only "1".
LEAVING_COOKIE = "wp_leaving"
# Static files, the icon and the leave endpoints themselves are never bounced.
_NEVER_BOUNCED = ("/static/", "/favicon.ico", "/safety/leave/")


def neutral_site(request: HttpRequest) -> str:
    # A clinic's own choice of site follows the person's clinic, so read it before signing out.
    return policy_for(request).quick_exit_url


def mark_just_left(response: HttpResponse) -> HttpResponse:
    response.set_cookie(JUST_LEFT_COOKIE, "1", max_age=JUST_LEFT_SECONDS, httponly=True, samesite="Lax")
    return response


class JustLeftMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._is_a_page_visit_after_leaving(request):
            return HttpResponseRedirect(neutral_site(request))
        return self.get_response(request)

    @staticmethod
    def _is_a_page_visit_after_leaving(request: HttpRequest) -> bool:
        if JUST_LEFT_COOKIE not in request.COOKIES or request.method not in {"GET", "HEAD"}:
            return False
        if request.path.startswith(_NEVER_BOUNCED) or getattr(request, "htmx", False):
            return False
        # A page someone is looking at keeps working (autosave, fragments); only whole-page visits bounce.
        return request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate"


class LeftWithoutConnectionMiddleware:
    """Finish a "Leave quickly" whose beacon never arrived.

    With no connection, the page leaves but its beacon is lost, and the session stayed signed in:
    whoever opened Waypoint once the phone was back online (the home-screen icon, Back) found the
    journal open. safety.js sets a cookie before it sends the beacon; any request that carries it
    signs out first, with Clear-Site-Data (config/middleware.py), and the cookie goes. Online, the
    beacon itself carries the cookie, so it goes at once. Right after authentication, so that
    nothing later (the idle lock, the journal's lock) answers for the person first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if LEAVING_COOKIE not in request.COOKIES:
            return self.get_response(request)
        logout(request)
        response = self.get_response(request)
        response.delete_cookie(LEAVING_COOKIE, samesite="Lax")
        return response

"""Leaving quickly, and keeping Back from showing Waypoint for a while afterwards.

Browsers keep earlier pages of a tab in its history, and no page can remove them. Waypoint pages
are never cached (no-store), so Back has to ask the server for them again: for a few minutes
after someone leaves quickly, this browser is sent to the everyday site instead of any Waypoint
page. The cookie holds no name, no id and nothing written; it only says "left recently".
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from config.site_policy import policy_for

JUST_LEFT_COOKIE = "wp_away"
JUST_LEFT_SECONDS = 5 * 60
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

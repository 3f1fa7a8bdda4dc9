from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class PrivacyHeadersMiddleware:
    """Headers every Waypoint response carries.

    Pages are never cached (a shared computer's Back button or disk cache must not
    reveal what someone wrote), and powerful browser features are switched off.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        patch_cache_control(response, no_store=True, private=True, max_age=0)
        return response


class NullOriginMiddleware:
    """Let Django's CSRF protection work with `Referrer-Policy: no-referrer`.

    Under no-referrer, browsers send `Origin: null` on same-origin form posts, which Django's
    CSRF middleware rejects. Browsers also send `Sec-Fetch-Site`, a header no page script can
    set: when it says the post came from our own origin, we restore the Origin the browser
    withheld. The CSRF token is still required and checked by Django as before.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.META.get("HTTP_ORIGIN") == "null" and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            request.META["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
        return self.get_response(request)

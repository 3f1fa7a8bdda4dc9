from __future__ import annotations

import contextlib
import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# Sent whenever a session ends (signing out, "Leave quickly", its beacon, the idle lock): the
# browser empties its HTTP cache and this site's storage, which holds the service worker and its
# Cache Storage. "storage" leaves cookies alone, so it ends no other session; Waypoint keeps
# nothing else in browser storage, and the worker registers again on the next page.
CLEAR_SITE_DATA = '"cache", "storage"'


def _mark_session_ended(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    if request is not None:
        request.clears_site_data = True  # type: ignore[attr-defined]


user_logged_out.connect(_mark_session_ended, dispatch_uid="waypoint-clear-site-data")


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
        if getattr(request, "clears_site_data", False):
            response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
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


class TrustedProxyMiddleware:
    """Put the client's own address in REMOTE_ADDR when Waypoint sits behind trusted proxies.

    Everything that asks who is connecting (allauth's sign-in limits, the list of places a
    person is signed in) reads REMOTE_ADDR, so it is corrected once, here, first. Each proxy
    appends the address it was reached from, so with N proxies the N-th entry from the right
    is the last one a proxy of ours wrote; anything left of it came from the client and may be
    invented. Off (removed from the stack) when TRUSTED_PROXY_HOPS is 0.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.hops = settings.TRUSTED_PROXY_HOPS
        if self.hops <= 0:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
        if entries:
            # Fewer entries than proxies: the request passed fewer of them (an internal health
            # check, say); the leftmost was still written by one of ours.
            client = entries[-min(self.hops, len(entries))]
            # Not an address a proxy of ours would write: keep the proxy's own.
            with contextlib.suppress(ValueError):
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(client))
        return self.get_response(request)

"""Where a page may send someone next when a link or form asks (`next`): a path on this site only.

Asked for by pages that lead back to where the person came from. Anything else, an address on
another site (`https://evil.example/`, `//evil.example`) included, goes to the page's own fallback,
so a link someone was sent cannot lead out of Waypoint.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, *, fallback: str) -> str:
    """The `next` asked for (in the form, else the address) when it is a path on this site, else `fallback`."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if (
        wanted.startswith("/")
        and not wanted.startswith("//")
        and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=False)
    ):
        return wanted
    return fallback

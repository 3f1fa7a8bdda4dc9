"""Telling an htmx request for part of a page from a request for the whole page, in one place."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


def wants_fragment(request: HttpRequest) -> bool:
    """htmx asked for a part of the page. Restoring history (Back, with htmx keeping no snapshots)
    asks for the whole page, as does any request without htmx."""
    htmx: HtmxDetails | None = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request

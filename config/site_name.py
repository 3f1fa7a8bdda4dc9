"""Sentences that name the product say the name this server runs under (settings.SITE_NAME): a
clinic that hosts Waypoint as "Riverside Journal" must not have its pages say "Waypoint"."""

from __future__ import annotations

from django.conf import settings
from django.utils.functional import Promise, lazy


def _named(message: str | Promise) -> str:
    return str(message) % {"site": settings.SITE_NAME}


# For messages made at import time (form labels, help texts): both the language and the name are
# read when the words are shown, so neither is fixed by whichever request came first.
site_named = lazy(_named, str)

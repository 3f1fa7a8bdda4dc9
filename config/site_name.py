"""Sentences that name the product say the name this server runs under (settings.SITE_NAME): a
clinic that hosts Waypoint as "Riverside Journal" must not have its pages say "Waypoint"."""

from __future__ import annotations

from django.conf import settings
from django.utils.functional import Promise, lazy


def _named(message: str | Promise) -> str:
    return str(message) % {"site": settings.SITE_NAME}


def _named_for_params(message: str | Promise) -> str:
    # Django fills a form error's own params into it afterwards (message % params): a "%" in the
    # name ("100% Notes") is doubled so that second filling-in leaves it as one "%" and never fails.
    return str(message) % {"site": settings.SITE_NAME.replace("%", "%%")}


# For messages made at import time (form labels, help texts): both the language and the name are
# read when the words are shown, so neither is fixed by whichever request came first.
site_named = lazy(_named, str)
# For error messages Django formats again with params of its own (a choice field's invalid_choice).
site_named_for_params = lazy(_named_for_params, str)

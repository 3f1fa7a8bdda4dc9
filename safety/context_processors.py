from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from config.site_policy import policy_for
from safety.crisis_selectors import strip_for_request
from safety.gentle_check import gentle_check_pending
from safety.person_region import request_region


def added_here_label(request: HttpRequest) -> str:
    """How a crisis line or peer group added in the admin is marked. Whoever runs the server adds
    them, for everyone on it: "your clinic" is true only on a clinic's own server."""
    return gettext("added by your clinic") if policy_for(request).one_clinic else gettext("added locally")


def safety(request: HttpRequest) -> dict[str, Any]:
    # Lazy, so HTMX fragments that never show the strip cost nothing. All of them read the one region
    # worked out for this request (safety/person_region.py).
    return {
        "crisis_strip": SimpleLazyObject(lambda: strip_for_request(request)),
        "crisis_region_guessed": SimpleLazyObject(lambda: request_region(request).is_guess),
        # The browser named a country with no lines here: pages say so before the default's numbers.
        "crisis_no_lines_for": SimpleLazyObject(lambda: request_region(request).no_lines_for),
        # The lines may be another country's than the person's: pages name it ("United States: 988").
        "crisis_lines_elsewhere": SimpleLazyObject(lambda: request_region(request).may_be_elsewhere),
        "QUICK_EXIT_URL": SimpleLazyObject(lambda: policy_for(request).quick_exit_url),
        "ADDED_HERE_LABEL": SimpleLazyObject(lambda: added_here_label(request)),
        # Taken by the first full page after a save the gentle check ran on; True there after a yes.
        "gentle_check": SimpleLazyObject(lambda: gentle_check_pending(request)),
    }

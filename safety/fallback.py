"""A last-resort page for when even the error page cannot render (the database is down).

It touches nothing but the shipped data file: no session, no user, no context processors.
config/errors.py can return it when rendering its own error page raises.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

from safety.crisis_selectors import fallback_resources

logger = logging.getLogger(__name__)

_LAST_RESORT = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Waypoint</title></head><body>"
    "<p>Something went wrong on our side. If you are in danger now, call your local emergency number.</p>"
    "<p><a href='https://findahelpline.com/'>Find A Helpline</a></p></body></html>"
)


def static_help_response(status: int = 500) -> HttpResponse:
    html: str
    try:
        html = render_to_string(
            "safety/fallback.html",
            {"crisis_strip": fallback_resources(settings.DEFAULT_CRISIS_REGION), "SITE_NAME": settings.SITE_NAME},
        )
    except Exception:
        logger.exception("Could not render the static help page; sending the plain one.")
        html = _LAST_RESORT
    return HttpResponse(html, status=status)

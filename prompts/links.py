"""URLs into the other parts of Waypoint, with a gentle fallback.

The safety pages are built alongside this app; if one isn't there, a step still leads somewhere
helpful (the safety page) rather than breaking the reflection.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

FALLBACK = "safety:index"


def url_for(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return reverse(FALLBACK)


def help_url() -> str:
    return url_for("safety:help")

"""Dates as a German-language person reads them, to check that a date follows the active language
and not Waypoint's English order. German is one of Django's own languages, so a test can turn it
on by adding it to LANGUAGES: Waypoint's words stay English, its dates do not."""

from __future__ import annotations

from datetime import date
from typing import Any

ASKS_FOR_GERMAN = {"Accept-Language": "de"}
GERMAN_MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


def in_german(day: date) -> str:
    """'14. März 2027', written out by hand so the test does not ask Django what it expects."""
    return f"{day.day}. {GERMAN_MONTHS[day.month - 1]} {day.year}"


def offer_german(settings: Any) -> None:
    """Let a browser that asks for German have it (pytest-django's `settings` puts it back)."""
    settings.LANGUAGES = [("en", "English"), ("de", "Deutsch")]

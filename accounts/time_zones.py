"""Each person's own time zone, for the times of day they read.

The server has one TIME_ZONE (UTC unless set), so someone in New York writing at 11 pm read 4 am
beside their entry, and the look back counted it as night-time in the wrong place. A person may
choose their zone in Settings; every request of theirs then runs with it active, so Django's
localtime(), localdate() and the |date filters all follow it with no change where times are shown.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from datetime import datetime, tzinfo
from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import formats, timezone
from django.utils.translation import pgettext

# In the tz database, yet no place's clock: "localtime" is whatever the server's machine uses,
# "Factory" a placeholder that reads as "-00".
_NOT_A_PLACE = {"localtime", "Factory"}


@cache
def time_zone_names() -> frozenset[str]:
    """Every zone a person may choose. Read once: listing them walks the tz database's files.
    Old names ("Asia/Calcutta") stay, as some browsers still report them for a device."""
    return frozenset(zoneinfo.available_timezones() - _NOT_A_PLACE)


def time_zone_label(name: str) -> str:
    """'America / New York' for 'America/New_York': the name as it reads, not as it is spelled."""
    return name.replace("_", " ").replace("/", " / ")


def day_and_time_named(moment: datetime, zone: tzinfo) -> str:
    """'14 December 2026, 03:30 (UTC)': for someone who may live on another clock (a supporter's
    page without JavaScript, their email), the zone is said, not assumed."""
    shown = formats.date_format(timezone.localtime(moment, zone), "DATETIME_FORMAT")
    label = time_zone_label(str(zone))
    return pgettext("a day and time, then its time zone", "%(when)s (%(zone)s)") % {"when": shown, "zone": label}


@cache
def _sorted_choices() -> tuple[tuple[str, str], ...]:
    return tuple((name, time_zone_label(name)) for name in sorted(time_zone_names()))


def time_zone_choices() -> list[tuple[str, str]]:
    return list(_sorted_choices())


def zone_for(name: str) -> zoneinfo.ZoneInfo | None:
    """The zone by that name, or None when there is none here: a name saved before the tz
    database dropped it, or put in the database by hand, falls back to the server's zone
    rather than making every page a server error."""
    if name not in time_zone_names():
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class PersonalTimeZoneMiddleware:
    """Runs each signed-in person's request in their own time zone; everyone else's in the server's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        zone = zone_for(user.time_zone) if user is not None and user.is_authenticated and user.time_zone else None
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            # The thread serves someone else next; their request starts from the server's zone.
            timezone.deactivate()

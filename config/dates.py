"""Dates people read, in the order and words of the language they read in.

Django's formats (DATE_FORMAT, SHORT_DATE_FORMAT, YEAR_MONTH_FORMAT, TIME_FORMAT…) follow the active
language; config/formats/en keeps Waypoint's English ones. Django has no format with the weekday,
so a weekday date is the weekday beside the language's own DATE_FORMAT (or MONTH_DAY_FORMAT), joined
by a translatable pattern: English keeps "Saturday 5 December 2026", German gets "Samstag
5. Dezember 2026" with no catalogue at all, and a translator can reorder or punctuate the two
("%(weekday)s, %(date)s"). A hard-coded "l j F Y" gave every language English order.

In templates: `{% load dates %}` then `{{ day|weekday_date }}`, `{{ day|weekday_month_day }}`,
`{{ moment|month_day_time }}`.
"""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils.formats import date_format, time_format
from django.utils.translation import pgettext

register = template.Library()


def weekday_date(value: date | datetime, *, year: bool = True) -> str:
    """The weekday and the date, as in "Saturday 5 December 2026" (or without the year), in the active language."""
    return pgettext("a weekday and a date, as in 'Saturday 5 December 2026'", "%(weekday)s %(date)s") % {
        "weekday": date_format(value, "l"),
        "date": date_format(value, "DATE_FORMAT" if year else "MONTH_DAY_FORMAT"),
    }


def month_day_time(value: datetime) -> str:
    """A day this year and its time of day, as in "5 December, 14:30", in the active language."""
    return pgettext("a day and a time of day, as in '5 December, 14:30'", "%(date)s, %(time)s") % {
        "date": date_format(value, "MONTH_DAY_FORMAT"),
        "time": time_format(value, "TIME_FORMAT"),
    }


# expects_localtime: an aware datetime is shown in the site's time zone, as Django's |date does.
@register.filter(name="weekday_date", expects_localtime=True)
def weekday_date_filter(value: date | datetime | None) -> str:
    return weekday_date(value) if value else ""


@register.filter(expects_localtime=True)
def weekday_month_day(value: date | datetime | None) -> str:
    return weekday_date(value, year=False) if value else ""


@register.filter(name="month_day_time", expects_localtime=True)
def month_day_time_filter(value: datetime | None) -> str:
    return month_day_time(value) if value else ""

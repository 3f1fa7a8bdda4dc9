"""Time zones in templates: the one-press offer of the device's own zone, and times of day marked
so the page can read them again in the device's clock (waypoint.js)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django import template
from django.conf import settings
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from accounts.time_zones import day_and_time_named, time_zone_label, zone_for
from config.slots import render_included

register = template.Library()


@register.simple_tag(takes_context=True)
def device_time_zone_offer(
    context: Any,
    next: str = "",
    only_if_clock_differs: bool = False,
    when_chosen_too: bool = False,
    in_place: bool = False,
) -> str:
    """Nothing once the person has a zone (a name that no longer works counts as none), unless
    when_chosen_too: the editor's "Draft kept at" is about now, so someone away from the zone
    they chose is offered the device's; the look back reads months written at home, and is not.

    With next, pressing it comes back there (accounts.views.time_zone_page). only_if_clock_differs
    hands waypoint.js the UTC offset now of the zone in use, so a device already on that clock is
    offered nothing: its times of day already read right, and a page outside Settings stays quiet.
    in_place: one quiet line, sent by htmx and answered where it stood, so the page (and a draft
    being written on it) stays as it is.
    """
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    chosen = zone_for(request.user.time_zone)
    if chosen is not None and not when_chosen_too:
        return ""
    in_use = chosen or timezone.get_default_timezone()
    offset = timezone.now().astimezone(in_use).utcoffset()
    server_offset = int(offset.total_seconds() // 60) if only_if_clock_differs and offset is not None else None
    offer = {
        "next": next,
        "server_offset": server_offset,
        "server_zone": settings.TIME_ZONE,
        "zone_in_use": time_zone_label(chosen.key if chosen else settings.TIME_ZONE),
        "in_place": in_place,
    }
    # Already safe: a rendered template, escaped as it rendered. In the page's own context, as an
    # include: a context of its own ran every context processor again.
    return render_included(context, "accounts/_device_time_zone.html", **offer)


def _time_element(value: datetime, shown: str, clock: str, *, now_in_device: bool) -> SafeString:
    instant = value.astimezone(UTC).isoformat()
    if now_in_device:
        return format_html('<time datetime="{}" data-clock="{}" data-device-clock>{}</time>', instant, clock, shown)
    return format_html('<time datetime="{}" data-clock="{}">{}</time>', instant, clock, shown)


@register.filter
def clock_time(value: datetime | None) -> SafeString | str:
    """The time of day in the zone in use ("22:30"), marked so the page can read it again in the
    device's clock once the person takes the device's zone there (the editor's "Draft kept at")."""
    if value is None:
        return ""
    shown = formats.time_format(timezone.localtime(value), "TIME_FORMAT")
    return _time_element(value, shown, "time", now_in_device=False)


@register.filter
def reader_clock(value: datetime | None) -> SafeString | str:
    """A day and time for someone with no account and no zone here (a supporter): with
    JavaScript, in their own device's clock, worked out on their device and sent nowhere;
    without it, in the zone in use with that zone named, so someone elsewhere can't misread it.
    Never in the person's own zone: that says where they are, and they did not share it."""
    if value is None:
        return ""
    shown = day_and_time_named(value, timezone.get_current_timezone())
    return _time_element(value, shown, "datetime", now_in_device=True)

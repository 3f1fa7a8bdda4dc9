"""The one-press offer of the device's own time zone, for any page where times of day matter."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.time_zones import zone_for

register = template.Library()


@register.simple_tag(takes_context=True)
def device_time_zone_offer(context: Any, next: str = "", only_if_clock_differs: bool = False) -> str:
    """Nothing once the person has a zone (a name that no longer works counts as none).

    With next, pressing it comes back there (accounts.views.time_zone_page). only_if_clock_differs
    hands waypoint.js the site's UTC offset now, so a device already on the site's clock is offered
    nothing: its times of day already read right, and a page outside Settings stays quiet.
    """
    request = context.get("request")
    if request is None or not request.user.is_authenticated or zone_for(request.user.time_zone) is not None:
        return ""
    offset = timezone.now().astimezone(timezone.get_default_timezone()).utcoffset()
    server_offset = int(offset.total_seconds() // 60) if only_if_clock_differs and offset is not None else None
    offer = {"next": next, "server_offset": server_offset, "server_zone": settings.TIME_ZONE}
    # Already safe: a rendered template, escaped as it rendered.
    return render_to_string("accounts/_device_time_zone.html", offer, request=request)

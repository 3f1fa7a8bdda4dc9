from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def waypoint(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SIGNUP_OPEN": settings.SIGNUP_MODE == "open",
        "IDLE_TIMEOUT_SECONDS": settings.SESSION_IDLE_TIMEOUT_MINUTES * 60,
        "IDLE_WARNING_SECONDS": settings.SESSION_IDLE_WARNING_SECONDS,
    }

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from config.account_marker import account_marker
from config.site_policy import policy_for, signup_open


def waypoint(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "HOME_SCREEN_NAME": settings.HOME_SCREEN_NAME,
        "SIGNUP_OPEN": SimpleLazyObject(lambda: signup_open(request)),
        "IDLE_TIMEOUT_SECONDS": SimpleLazyObject(lambda: policy_for(request).idle_timeout_minutes * 60),
        "IDLE_WARNING_SECONDS": settings.SESSION_IDLE_WARNING_SECONDS,
        "ACCOUNT_MARKER": SimpleLazyObject(lambda: _marker(request)),
    }


def _marker(request: HttpRequest) -> str:
    user: Any = getattr(request, "user", None)
    return account_marker(user.pk) if user is not None and user.is_authenticated else ""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def waypoint(request: HttpRequest) -> dict[str, Any]:
    # Clinics can choose sign-up and the idle lock in the admin; care.policy knows whose applies.
    from care.policy import policy_for, signup_open

    return {
        "SITE_NAME": settings.SITE_NAME,
        "HOME_SCREEN_NAME": settings.HOME_SCREEN_NAME,
        "SIGNUP_OPEN": SimpleLazyObject(lambda: signup_open(request)),
        "IDLE_TIMEOUT_SECONDS": SimpleLazyObject(lambda: policy_for(request).idle_timeout_minutes * 60),
        "IDLE_WARNING_SECONDS": settings.SESSION_IDLE_WARNING_SECONDS,
    }

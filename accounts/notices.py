"""A short email to the account's own address when a way into it changes.

Waypoint's own changes (the journal lock, an operator removing two-step sign-in) go the way
allauth's own notices go, through its adapter's send_notification_mail: one setting,
ACCOUNT_EMAIL_NOTIFICATIONS, turns them all on or off, and each says what to do if it wasn't
the person. Someone whose account was taken over finds out from the first change made.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from django.http import HttpRequest


def notice_send(*, request: HttpRequest, user: Any, template_prefix: str) -> None:
    get_adapter(request).send_notification_mail(template_prefix, user)

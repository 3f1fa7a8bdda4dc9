"""The email page asks here whether two-step sign-in or a passkey keeps the address as it is."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.mfa_adapter import email_change_blocked_by

register = template.Library()


@register.simple_tag(takes_context=True)
def email_change_blocked(context: Any) -> tuple[str, ...]:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ()
    return email_change_blocked_by(request.user)

"""The pages that turn off the app or remove a passkey ask here whether the recovery codes go too."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.mfa_adapter import recovery_codes_end_with

register = template.Library()


@register.simple_tag
def recovery_codes_end(authenticator: Any) -> bool:
    return authenticator is not None and recovery_codes_end_with(authenticator)

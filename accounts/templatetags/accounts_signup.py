"""The sign-up page asks here whether an invite in the session is for someone other than a new writer."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.invites import SignupWelcome, signup_welcome

register = template.Library()


@register.simple_tag(takes_context=True)
def invite_signup_welcome(context: Any) -> SignupWelcome | None:
    request = context.get("request")
    return signup_welcome(request) if request is not None else None

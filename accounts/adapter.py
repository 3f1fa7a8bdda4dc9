from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.invites import invite_redeem, url_after_sign_in
from config.site_policy import signup_open


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth ships without type hints
    # allauth's wording for these shows on the sign-in and email pages, in a voice that isn't ours.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _("That was a lot of tries in a row, so this is paused for a few minutes."),
        "duplicate_email": _("That is the address you use already."),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return signup_open(request)

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # Only an invite code is used up here; a therapist's invitation is used when accepted.
            invite_redeem(request=request, user=user)
        return user

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return url_after_sign_in(request) or _ask_region_first(request, super().get_login_redirect_url(request))

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return url_after_sign_in(request) or _ask_region_first(request, super().get_signup_redirect_url(request))


def _ask_region_first(request: HttpRequest, then: str) -> str:
    # Until a person says where they are, the strip shows a guessed country's numbers: ask once,
    # gently, right after signing in, and go on to where they were headed.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.region or user.region_asked:
        return then
    return f"{reverse('accounts:region_question')}?{urlencode({'next': then})}"

"""allauth's "Check your email" page, knowing when the link was already opened somewhere else.

On a phone the link in the email often opens in the mail app's own browser, not in the tab where
the account was made. The address was confirmed there, yet this tab still said "Check your email"
and "Nothing after a few minutes?", as if nothing had come. The sign-up this session started names
its account (allauth keeps it in the session until signing in goes on): once that address is
confirmed, the page says so and offers signing in. Nothing signs this tab in by itself: whoever
confirmed the address did it elsewhere, and the password is still the way in here.

Read only: nothing in the session or the database changes on this GET.
"""

from __future__ import annotations

from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.internal.stagekit import LOGIN_SESSION_KEY
from allauth.account.models import EmailAddress
from allauth.account.utils import url_str_to_user_pk
from allauth.account.views import EmailVerificationSentView, email_verification_sent
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpRequest, HttpResponseBase


def _confirmed_since(request: HttpRequest) -> bool:
    waiting = request.session.get(LOGIN_SESSION_KEY)
    if request.user.is_authenticated or not isinstance(waiting, dict):
        return False
    user_pk, email = waiting.get("user_pk"), waiting.get("email")
    if not isinstance(user_pk, str):
        return False
    try:
        user_id = url_str_to_user_pk(user_pk)
    except (ValueError, ValidationError):
        return False
    # A sign-up names no address of its own in the session: the account's address is the one.
    address = email if isinstance(email, str) and email else F("user__email")
    confirmed: bool = EmailAddress.objects.filter(user_id=user_id, email__iexact=address, verified=True).exists()
    return confirmed


class _VerificationSent(EmailVerificationSentView):  # type: ignore[misc]  # allauth ships without type hints
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["confirmed_since"] = _confirmed_since(self.request)
        return context


def verification_sent(request: HttpRequest) -> HttpResponseBase:
    if account_settings.EMAIL_VERIFICATION_BY_CODE_ENABLED:
        response: HttpResponseBase = email_verification_sent(request)
        return response
    page: HttpResponseBase = _VerificationSent.as_view()(request)
    return page

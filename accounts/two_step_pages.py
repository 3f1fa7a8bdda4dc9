"""Three of allauth's two-step pages, where they left a person somewhere they did not expect.

The code page: allauth keeps a sign-in that is waiting for its code for ACCOUNT_LOGIN_TIMEOUT
(15 minutes), then drops it and sends the next visit to the sign-in page without a word. Someone
who went to find their phone typed the code, pressed Sign in, and met an empty sign-in form, as
if nothing had happened.

Setting up the authenticator app, once it is on: allauth sent the page (Back from the recovery
codes, or a second tab) to "Turn off your authenticator app?", just after turning it on.

Renaming a passkey: allauth went back to the list without a word, so nothing said it was kept.
"""

from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.internal.stagekit import LOGIN_SESSION_KEY
from allauth.mfa.base.views import authenticate
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import activate_totp
from allauth.mfa.utils import is_mfa_enabled
from allauth.mfa.webauthn.views import EditWebAuthnView
from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _sign_in_waited_too_long(request: HttpRequest) -> bool:
    waiting = request.session.get(LOGIN_SESSION_KEY)
    started = waiting.get("initiated_at") if isinstance(waiting, dict) else None
    if not isinstance(started, (int, float)):
        return False
    timeout: int = account_settings.LOGIN_TIMEOUT
    return time.time() - started > timeout


def code_step(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    waited_too_long = _sign_in_waited_too_long(request)
    response: HttpResponse = authenticate(request, *args, **kwargs)
    if waited_too_long and response.status_code == 302 and response["Location"] == reverse("account_login"):
        minutes = account_settings.LOGIN_TIMEOUT // 60
        messages.info(
            request,
            ngettext(
                "That sign-in waited more than %(minutes)s minute for its code, so for your privacy it "
                "ended. You could sign in again, then type a fresh code.",
                "That sign-in waited more than %(minutes)s minutes for its code, so for your privacy it "
                "ended. You could sign in again, then type a fresh code.",
                minutes,
            )
            % {"minutes": minutes},
        )
    return response


def totp_set_up(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    # Already on: the two-step page, which says so, in place of a question about turning it off.
    if request.user.is_authenticated and is_mfa_enabled(request.user, [Authenticator.Type.TOTP]):
        return HttpResponseRedirect(reverse("mfa_index"))
    response: HttpResponse = activate_totp(request, *args, **kwargs)
    return response


class _PasskeyRename(EditWebAuthnView):  # type: ignore[misc]  # allauth ships without type hints
    def form_valid(self, form: Form) -> HttpResponse:
        response: HttpResponse = super().form_valid(form)
        # Not the name itself: messages travel in a cookie, and the name is the person's own words.
        messages.success(self.request, _("Saved. The key has its new name."))
        return response


passkey_rename = _PasskeyRename.as_view()

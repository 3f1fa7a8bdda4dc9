"""After a recovery code is used: how many are left, and where to make a new set.

A recovery code is what someone reaches for when their phone is lost or broken. Without a word
afterwards, they learn the codes ran out only on the day the last one is gone.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def recovery_code_used(*, request: HttpRequest, authenticator: Authenticator, **_kwargs: Any) -> None:
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        return
    # allauth marks the code used on a fresh copy of the row, so read it again.
    fresh = Authenticator.objects.filter(pk=authenticator.pk).first()
    if fresh is None:
        return
    left = len(RecoveryCodes(fresh).get_unused_codes())
    if left:
        text = ngettext(
            "You used a recovery code, so it won't work again. You have %(count)s left. "
            "You can see it or make a new set in Settings, under Two-step sign-in and passkeys.",
            "You used a recovery code, so it won't work again. You have %(count)s left. "
            "You can see them or make a new set in Settings, under Two-step sign-in and passkeys.",
            left,
        ) % {"count": left}
    else:
        text = _(
            "You used your last recovery code. You could make a new set in Settings, under Two-step "
            "sign-in and passkeys, so there is always a way in when your phone isn't to hand."
        )
    messages.info(request, text)

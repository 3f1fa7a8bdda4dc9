"""allauth's two-step code forms, with a phone's number pad for the code.

An authenticator app's code and a recovery code are both digits; without inputmode a phone opens
its full keyboard for them, letters first, at the one moment someone is reading six digits off
another screen.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm


def _number_pad(form: Any) -> None:
    form.fields["code"].widget.attrs["inputmode"] = "numeric"


class CodeAuthenticateForm(AuthenticateForm):  # type: ignore[misc]  # allauth ships without type hints
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _number_pad(self)


class CodeReauthenticateForm(ReauthenticateForm):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _number_pad(self)


class CodeActivateTOTPForm(ActivateTOTPForm):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _number_pad(self)

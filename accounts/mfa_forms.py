"""allauth's two-step code forms, with a phone's number pad for the code.

An authenticator app's code and a recovery code are both digits; without inputmode a phone opens
its full keyboard for them, letters first, at the one moment someone is reading six digits off
another screen.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm


class NumberPadCode:
    """Opens a phone's number pad for the form's code box; goes before allauth's form in the bases."""

    fields: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["inputmode"] = "numeric"


# allauth ships without type hints, so mypy sees its forms as Any.
class CodeAuthenticateForm(NumberPadCode, AuthenticateForm):  # type: ignore[misc]
    pass


class CodeReauthenticateForm(NumberPadCode, ReauthenticateForm):  # type: ignore[misc]
    pass


class CodeActivateTOTPForm(NumberPadCode, ActivateTOTPForm):  # type: ignore[misc]
    pass

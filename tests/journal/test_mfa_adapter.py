from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from accounts.mfa_adapter import MFAAdapter


def test_a_totp_secret_is_stored_encrypted_and_still_works(alice: Any) -> None:
    secret = "JBSWY3DPEHPK3PXPJBSWY3DP"
    TOTP.activate(alice, secret)
    stored = Authenticator.objects.get(user=alice, type=Authenticator.Type.TOTP).data["secret"]
    assert secret not in stored
    assert MFAAdapter().decrypt(stored) == secret

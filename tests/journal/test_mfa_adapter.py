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


def test_mfa_secrets_follow_a_server_key_rotation(own_key_file: Any, alice: Any) -> None:
    from io import StringIO

    import pytest
    from django.core.management import call_command
    from django.core.management.base import CommandError

    TOTP.activate(alice, "JBSWY3DPEHPK3PXPJBSWY3DP")
    quiet = {"stdout": StringIO(), "stderr": StringIO()}
    call_command("keys_add", **quiet)
    call_command("keys_activate", "k2", **quiet)
    with pytest.raises(CommandError, match="MFA secrets"):
        call_command("keys_retire", "k1", **quiet)
    call_command("keys_rewrap", **quiet)
    call_command("keys_retire", "k1", **quiet)
    stored = Authenticator.objects.get(user=alice, type=Authenticator.Type.TOTP).data["secret"]
    assert MFAAdapter().decrypt(stored) == "JBSWY3DPEHPK3PXPJBSWY3DP"


def test_a_new_passkey_is_offered_a_plain_name(alice: Any, bob: Any) -> None:
    # allauth offered "Master key", then "Backup key", then "Key nr. 3".
    adapter = MFAAdapter()
    assert adapter.generate_authenticator_name(alice, Authenticator.Type.WEBAUTHN) == "Passkey"
    first = Authenticator.objects.create(user=alice, type=Authenticator.Type.WEBAUTHN, data={"name": "Passkey"})
    assert adapter.generate_authenticator_name(alice, Authenticator.Type.WEBAUTHN) == "Passkey 2"
    assert adapter.generate_authenticator_name(bob, Authenticator.Type.WEBAUTHN) == "Passkey", "each their own"
    # Two keys, the first removed: the next is "Passkey" again, never a second "Passkey 2".
    Authenticator.objects.create(user=alice, type=Authenticator.Type.WEBAUTHN, data={"name": "Passkey 2"})
    first.delete()
    assert adapter.generate_authenticator_name(alice, Authenticator.Type.WEBAUTHN) == "Passkey"

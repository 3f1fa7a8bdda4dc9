from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from journal.keyring import (
    DecryptionError,
    KeyringError,
    active_server_key,
    server_decrypt,
    server_encrypt,
    server_token_is_legacy,
    server_token_key_id,
)

# Bound into every ciphertext, so an MFA secret cannot be swapped with any other server secret.
_PURPOSE = "allauth.mfa"
# The places in Authenticator.data where allauth keeps what it passed through encrypt().
_SECRET_KEYS = ("secret", "seed")
_SECRET_LISTS = ("migrated_codes",)


class MFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]  # allauth ships without type hints
    """allauth's MFA secrets (TOTP secret, recovery-code seed) go through Waypoint's server keyring."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        # The same box takes a recovery code, which never changes but works only once.
        "incorrect_code": _(
            "That code didn't work. The app's codes change every 30 seconds, so a fresh one may help. "
            "Each recovery code works only once."
        ),
        # Shown when an email change waits for its link: the address in use is confirmed, so say
        # what is really waiting and the two ways on. Adding a passkey meets the same check.
        "unverified_email": _(
            "Two-step sign-in and passkeys can be added once your email change is finished. "
            "You could open the link we sent to your new address, or keep your current one "
            "on the Email address page."
        ),
    }

    def generate_authenticator_name(self, user: Any, type: str) -> str:
        """The name the add-passkey box starts with: plain words, where allauth's were "Master key",
        "Backup key" and "Key nr. 3"."""
        # The first name no key of theirs has: after removing one of two, a second "Passkey 2"
        # would make two "Remove Passkey 2" buttons no screen reader could tell apart.
        taken = {
            str((data or {}).get("name", ""))
            for data in Authenticator.objects.filter(user_id=user.pk, type=type).values_list("data", flat=True)
        }
        name = gettext("Passkey")
        number = 1
        while name in taken:
            number += 1
            name = gettext("Passkey %(number)d") % {"number": number}
        return name

    def encrypt(self, text: str) -> str:
        return server_encrypt(text, purpose=_PURPOSE)

    def decrypt(self, encrypted_text: str) -> str:
        return server_decrypt(encrypted_text, purpose=_PURPOSE)


def email_change_blocked_by(user: Any) -> tuple[str, ...]:
    """What keeps this person's email address as it is: "totp", "webauthn", both, or nothing.

    The same rule allauth applies when the new address is sent (allauth.mfa.signals.on_add_email),
    so the email page can say so before anyone types an address it would refuse.
    """
    if mfa_settings.ALLOW_UNVERIFIED_EMAIL or account_settings.EMAIL_VERIFICATION_BY_CODE_ENABLED:
        return ()
    from allauth.mfa.models import Authenticator

    types = set(Authenticator.objects.filter(user_id=user.pk).values_list("type", flat=True))
    if Authenticator.Type.RECOVERY_CODES in types:
        # Recovery codes belong to the authenticator app; the pages show them as part of it.
        types.add(Authenticator.Type.TOTP)
    return tuple(str(kind) for kind in (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN) if kind in types)


def recovery_codes_end_with(authenticator: Any) -> bool:
    """Whether removing this authenticator deletes the person's recovery codes too.

    allauth deletes them with the last other two-step method (allauth.mfa.base.internal.flows
    delete_dangling_recovery_codes). Someone turning the app off to move it to a new phone kept
    their printed codes as a way in, and learned they had stopped working only on the day the
    phone was gone.
    """
    from allauth.mfa.models import Authenticator

    others = Authenticator.objects.filter(user_id=authenticator.user_id).exclude(pk=authenticator.pk)
    codes = Authenticator.Type.RECOVERY_CODES
    return others.filter(type=codes).exists() and not others.exclude(type=codes).exists()


def _tokens(data: dict[str, Any]) -> Iterator[str]:
    for key in _SECRET_KEYS:
        if isinstance(data.get(key), str):
            yield data[key]
    for key in _SECRET_LISTS:
        for item in data.get(key) or []:
            if isinstance(item, str):
                yield item


def _authenticators() -> Any:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.order_by("pk")


def mfa_secret_key_ids() -> set[str]:
    ids = set()
    for authenticator in _authenticators():
        for token in _tokens(authenticator.data):
            try:
                ids.add(server_token_key_id(token))
            except DecryptionError:
                continue
    return ids


def _outdated(token: str, active_key_id: str) -> bool:
    # Under an older server key, or encrypted with the raw key the way it was before subkeys.
    return server_token_is_legacy(token) or server_token_key_id(token) != active_key_id


def mfa_secrets_rewrap() -> int:
    """Re-encrypt MFA secrets held under an older server key, or in the format before subkeys."""
    adapter = MFAAdapter()
    active = active_server_key().key_id
    moved = 0
    for authenticator in _authenticators():
        data = dict(authenticator.data)
        changed = False
        for key in _SECRET_KEYS:
            if isinstance(data.get(key), str) and _outdated(data[key], active):
                data[key] = adapter.encrypt(adapter.decrypt(data[key]))
                changed = True
        for key in _SECRET_LISTS:
            if any(isinstance(item, str) and _outdated(item, active) for item in data.get(key) or []):
                data[key] = [adapter.encrypt(adapter.decrypt(item)) for item in data[key]]
                changed = True
        if changed:
            authenticator.data = data
            authenticator.save(update_fields=["data"])
            moved += 1
    return moved


def mfa_secrets_verify() -> tuple[int, list[str]]:
    adapter = MFAAdapter()
    checked, failed = 0, []
    for authenticator in _authenticators():
        for token in _tokens(authenticator.data):
            checked += 1
            try:
                adapter.decrypt(token)
            except (DecryptionError, KeyringError):
                failed.append(f"mfa.Authenticator {authenticator.pk}")
                break
    return checked, failed


def mfa_secrets_old_format() -> int:
    """How many MFA secrets are still encrypted the way they were before subkeys (keys_verify says)."""
    tokens = (token for authenticator in _authenticators() for token in _tokens(authenticator.data))
    return sum(server_token_is_legacy(token) for token in tokens)

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from allauth.mfa.adapter import DefaultMFAAdapter

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

    def encrypt(self, text: str) -> str:
        return server_encrypt(text, purpose=_PURPOSE)

    def decrypt(self, encrypted_text: str) -> str:
        return server_decrypt(encrypted_text, purpose=_PURPOSE)


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

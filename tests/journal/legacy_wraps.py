"""What servers wrote before subkeys: everything wrapped directly with the raw server key.

A faithful copy of the code before the change (checked against it when it was written), kept
only so tests can put old-format wraps in a database and prove they still open and move.
Nothing outside tests writes this format any more.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from journal.keyring import ServerKey


def _associated_data(*parts: str) -> bytes:
    out = bytearray()
    for part in parts:
        encoded = part.encode("utf-8")
        out += struct.pack(">I", len(encoded)) + encoded
    return bytes(out)


def _seal(secret: bytes, plain: bytes, ad: bytes) -> bytes:
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(secret).encrypt(nonce, plain, ad)


def legacy_wrap_data_key(data_key: bytes, *, server_key: ServerKey, user_id: Any, version: int) -> bytes:
    ad = _associated_data("waypoint/data-key-wrap/v1", str(user_id), str(version), server_key.key_id)
    return _seal(server_key.secret, data_key, ad)


def legacy_wrap_item_key(item_key: bytes, *, server_key: ServerKey, purpose: str, item_id: Any) -> bytes:
    ad = _associated_data("waypoint/item-key-wrap/v1", purpose, str(item_id), server_key.key_id)
    return _seal(server_key.secret, item_key, ad)


def legacy_server_encrypt(text: str, *, server_key: ServerKey, purpose: str) -> str:
    ad = _associated_data("waypoint/server-secret/v1", purpose, server_key.key_id)
    sealed = _seal(server_key.secret, text.encode("utf-8"), ad)
    return f"wp1${server_key.key_id}${base64.urlsafe_b64encode(sealed).decode()}"


def legacy_fingerprint(server_key: ServerKey) -> str:
    """The backup manifest's key fingerprint (format 2): an HMAC of a fixed label under the raw key."""
    return hmac.new(server_key.secret, b"waypoint/backup-key-fingerprint/v1", hashlib.sha256).hexdigest()


def data_keys_to_legacy() -> int:
    """Put every data key back the way servers wrapped it before subkeys. Returns how many."""
    from journal import keyring
    from journal.models import DataKey

    ring = keyring.server_keyring()
    changed = 0
    for row in DataKey.objects.all():
        server_key = ring.get(row.server_key_id)
        plain = keyring.unwrap_data_key(row.wrapped, server_key=server_key, user_id=row.user_id, version=row.version)
        old = legacy_wrap_data_key(plain, server_key=server_key, user_id=row.user_id, version=row.version)
        changed += DataKey.objects.filter(pk=row.pk).update(wrapped=old)
    return changed

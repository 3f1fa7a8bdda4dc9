"""What a server key wraps or vouches for, each purpose under its own subkey of it.

journal/keyring.py re-exports all of it; use it from there. This is the only module that uses a
server key's secret for anything but reading and writing the key file.

Why subkeys: the raw server key used to key four different things directly: people's data
keys, care's item keys (shared copies, homework notes), allauth's MFA secrets, and the backup
manifest's key fingerprint. Associated data kept the ciphertexts apart, but one key under several
constructions means a mistake in any one (a reused nonce, an HMAC output published in every
backup manifest, a future purpose that forgets its label) weakens all of them, and the AES-GCM
nonce budget is shared by everything at once. HKDF-SHA256 with a fixed, distinct label per
purpose gives each one an independent key: nothing made for one purpose opens or proves anything
for another, and none of it reveals the raw key.

Formats: wraps made with a subkey start with a version byte (_WRAP_FORMAT); server secrets start
"wp2$". Existing servers still hold wraps made directly with the raw key (exactly 60 bytes:
nonce | key | tag) and "wp1$" secrets: those still open, so nothing already written is lost,
until `keys_rewrap` moves them to the subkeys. Nothing new is ever written the old way.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import secrets
import struct
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from journal.server_keys import ServerKey, active_server_key, server_keyring

# The HKDF labels. Fixed forever: changing one makes everything wrapped for that purpose unreadable.
WRAP_DATA_KEY = b"waypoint/v1/wrap-data-key"
WRAP_ITEM_KEY = b"waypoint/v1/wrap-item-key"
SERVER_SECRET = b"waypoint/v1/server-secret"
BACKUP_FINGERPRINT = b"waypoint/v1/backup-key-fingerprint"
SUBKEY_PURPOSES = (WRAP_DATA_KEY, WRAP_ITEM_KEY, SERVER_SECRET, BACKUP_FINGERPRINT)

_KEY_BYTES = 32
_NONCE_BYTES = 12
_TAG_BYTES = 16
_WRAP_FORMAT = b"\x02"  # the old format had no version byte; 2 reads as "the second format"
_LEGACY_WRAP_BYTES = _NONCE_BYTES + _KEY_BYTES + _TAG_BYTES
_TOKEN_PREFIX = "wp2$"  # noqa: S105 - a format marker, not a secret
_LEGACY_TOKEN_PREFIX = "wp1$"  # noqa: S105 - a format marker, not a secret

# Associated data labels: the new ones also name the format, so a wrap cannot pass for the other.
_DATA_KEY_AD, _LEGACY_DATA_KEY_AD = "waypoint/data-key-wrap/v2", "waypoint/data-key-wrap/v1"
_ITEM_KEY_AD, _LEGACY_ITEM_KEY_AD = "waypoint/item-key-wrap/v2", "waypoint/item-key-wrap/v1"
_SECRET_AD, _LEGACY_SECRET_AD = "waypoint/server-secret/v2", "waypoint/server-secret/v1"
_FINGERPRINT_LABEL = b"waypoint/backup-key-fingerprint/v1"

# BinaryField values come back as memoryview on PostgreSQL and bytes on SQLite; both are accepted.
Blob = bytes | memoryview


class DecryptionError(Exception):
    """A ciphertext could not be opened: tampered, moved to another record, or the wrong key."""


def associated_data(*parts: str) -> bytes:
    # Length prefixes make ("ab", "c") and ("a", "bc") different, so no two contexts collide.
    out = bytearray()
    for part in parts:
        encoded = part.encode("utf-8")
        out += struct.pack(">I", len(encoded))
        out += encoded
    return bytes(out)


# --- Subkeys -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _derive(secret: bytes, purpose: bytes) -> bytes:
    # Cached: a rewrap of thousands of data keys derives once per server key, not once per key.
    # The cache holds only what the key file already holds in memory, and is bounded.
    return HKDF(algorithm=hashes.SHA256(), length=_KEY_BYTES, salt=None, info=purpose).derive(secret)


@functools.lru_cache(maxsize=64)
def _aead(secret: bytes, purpose: bytes) -> AESGCM:
    return AESGCM(_derive(secret, purpose))


def server_subkey(server_key: ServerKey, purpose: bytes) -> bytes:
    """The subkey of a server key for one purpose (one of SUBKEY_PURPOSES)."""
    if purpose not in SUBKEY_PURPOSES:
        raise ValueError("Every subkey purpose is one of the fixed labels in SUBKEY_PURPOSES.")
    return _derive(server_key.secret, purpose)


# --- Wrapped keys (a person's data key, a shared item's key) -------------------------------------


def wrap_is_legacy(wrapped: Blob) -> bool:
    """True for a wrap made directly with the raw server key, before subkeys: keys_rewrap moves it."""
    return len(wrapped) == _LEGACY_WRAP_BYTES


def wrap_needs_rewrap(wrapped: Blob, *, server_key_id: str, active_key_id: str) -> bool:
    """keys_rewrap's rule for a wrapped key: move it if it is under another server key, or the old format."""
    return server_key_id != active_key_id or wrap_is_legacy(wrapped)


def _wrap(key: bytes, *, server_key: ServerKey, purpose: bytes, ad: bytes) -> bytes:
    nonce = secrets.token_bytes(_NONCE_BYTES)
    return _WRAP_FORMAT + nonce + _aead(server_key.secret, purpose).encrypt(nonce, key, ad)


def _unwrap(wrapped: Blob, *, server_key: ServerKey, purpose: bytes, ad: bytes, legacy_ad: bytes) -> bytes | None:
    wrapped = bytes(wrapped)
    if wrap_is_legacy(wrapped):
        aead, body, ad = AESGCM(server_key.secret), wrapped, legacy_ad
    elif wrapped[:1] == _WRAP_FORMAT:
        aead, body = _aead(server_key.secret, purpose), wrapped[1:]
    else:
        return None
    try:
        return aead.decrypt(body[:_NONCE_BYTES], body[_NONCE_BYTES:], ad)
    except (InvalidTag, ValueError):
        return None


def wrap_data_key(data_key: bytes, *, server_key: ServerKey, user_id: Any, version: int) -> bytes:
    ad = associated_data(_DATA_KEY_AD, str(user_id), str(version), server_key.key_id)
    return _wrap(data_key, server_key=server_key, purpose=WRAP_DATA_KEY, ad=ad)


def unwrap_data_key(wrapped: Blob, *, server_key: ServerKey, user_id: Any, version: int) -> bytes:
    parts = (str(user_id), str(version), server_key.key_id)
    opened = _unwrap(
        wrapped,
        server_key=server_key,
        purpose=WRAP_DATA_KEY,
        ad=associated_data(_DATA_KEY_AD, *parts),
        legacy_ad=associated_data(_LEGACY_DATA_KEY_AD, *parts),
    )
    if opened is None:
        raise DecryptionError(
            f"The data key v{version} does not open with the server key {server_key.key_id!r}: "
            "the key file does not match this database."
        )
    return opened


def wrap_item_key(item_key: bytes, *, server_key: ServerKey, purpose: str, item_id: Any) -> bytes:
    ad = associated_data(_ITEM_KEY_AD, purpose, str(item_id), server_key.key_id)
    return _wrap(item_key, server_key=server_key, purpose=WRAP_ITEM_KEY, ad=ad)


def unwrap_item_key(wrapped: Blob, *, server_key: ServerKey, purpose: str, item_id: Any) -> bytes:
    parts = (purpose, str(item_id), server_key.key_id)
    opened = _unwrap(
        wrapped,
        server_key=server_key,
        purpose=WRAP_ITEM_KEY,
        ad=associated_data(_ITEM_KEY_AD, *parts),
        legacy_ad=associated_data(_LEGACY_ITEM_KEY_AD, *parts),
    )
    if opened is None:
        raise DecryptionError("The item's key does not open with the server key.")
    return opened


# --- Server-level secrets (allauth's MFA secrets) ------------------------------------------------


def server_encrypt(text: str, *, purpose: str) -> str:
    """Encrypt a small secret that belongs to the site, not to one person's data key."""
    key = active_server_key()
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = _aead(key.secret, SERVER_SECRET).encrypt(
        nonce, text.encode("utf-8"), associated_data(_SECRET_AD, purpose, key.key_id)
    )
    return f"{_TOKEN_PREFIX}{key.key_id}${base64.urlsafe_b64encode(nonce + sealed).decode()}"


def server_token_is_legacy(token: str) -> bool:
    """True for a secret encrypted directly with the raw server key, before subkeys."""
    return token.startswith(_LEGACY_TOKEN_PREFIX)


def server_token_key_id(token: str) -> str:
    for prefix in (_TOKEN_PREFIX, _LEGACY_TOKEN_PREFIX):
        if token.startswith(prefix):
            return token[len(prefix) :].partition("$")[0]
    raise DecryptionError("This is not a Waypoint server ciphertext.")


def server_decrypt(token: str, *, purpose: str) -> str:
    key = server_keyring().get(server_token_key_id(token))
    if server_token_is_legacy(token):
        aead, ad = AESGCM(key.secret), associated_data(_LEGACY_SECRET_AD, purpose, key.key_id)
    else:
        aead, ad = _aead(key.secret, SERVER_SECRET), associated_data(_SECRET_AD, purpose, key.key_id)
    try:
        raw = base64.urlsafe_b64decode(token.rpartition("$")[2].encode())
        plain = aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], ad)
    except (InvalidTag, ValueError, binascii.Error):
        raise DecryptionError("The secret does not open with the server key.") from None
    return plain.decode("utf-8")


# --- Backup manifests ----------------------------------------------------------------------------


def server_key_fingerprint(key: ServerKey) -> str:
    """A one-way fingerprint: it tells two keys apart but reveals nothing of the key.

    An HMAC of a fixed label under the key's fingerprint subkey. It is written into every
    backup manifest, which is kept in more places than the key: under its own subkey, whatever
    it gives away concerns that subkey alone, never the keys that wrap anything.
    """
    return hmac.new(server_subkey(key, BACKUP_FINGERPRINT), _FINGERPRINT_LABEL, hashlib.sha256).hexdigest()


def legacy_server_key_fingerprint(key: ServerKey) -> str:
    """The fingerprint manifests held before subkeys (format 2): the same HMAC under the raw key.

    Only ever compared with what an old manifest says, so its backups keep restoring; never written.
    """
    return hmac.new(key.secret, _FINGERPRINT_LABEL, hashlib.sha256).hexdigest()

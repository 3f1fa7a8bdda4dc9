"""The optional lock's keys (#17): what only the person's passphrase or recovery key can open.

Today the server key wraps each data key, so whoever holds the database and the key file can
read everything. With the lock on, a data key gets a second, inner layer the server cannot open:

    stored wrap = server_wrap( seal(lock key, data key) )

- The **lock key** is 32 random bytes per person. It seals each data-key version (inner layer);
  the server key still wraps the result (outer layer), so rotating the server key rewraps the
  outer layer only and never needs the person.
- The lock key is kept sealed twice: under a key derived from the **passphrase** with Argon2id
  (salt and parameters stored beside it, so they can be raised later), and under a key derived
  from the **recovery key** with HKDF (160 random bits need no slow hash). Changing the
  passphrase reseals the lock key only: no data key and no record changes.
- While the journal is unlocked, the server session holds `seal(S, lock key)` and only the
  person's cookie holds S (32 random bytes). A copy of the session store lacks S; the cookie
  alone lacks the sealed key. Forgetting either half locks the journal again.

Every seal is AES-256-GCM with a random nonce, bound by associated data to its purpose and the
person, so a sealed key copied to another person or purpose does not open. This module holds no
state and touches no database: journal/keyring.py and the lock's services use it.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from journal.server_wraps import Blob, DecryptionError, associated_data

KEY_BYTES = 32
SALT_BYTES = 16
_NONCE_BYTES = 12
_FORMAT = b"\x01"

# Associated-data labels, one per purpose. Fixed forever: changing one locks out every journal.
_BY_PASSPHRASE = "waypoint/lock/lock-key-by-passphrase/v1"  # noqa: S105 - a label, not a secret
_BY_RECOVERY = "waypoint/lock/lock-key-by-recovery-key/v1"
_DATA_KEY = "waypoint/lock/data-key/v1"
_IN_SESSION = "waypoint/lock/lock-key-in-session/v1"
_RECOVERY_HKDF = b"waypoint/lock/recovery-key/v1"

# Crockford's base32: no I, L, O or U, so a recovery key copied by hand is hard to get wrong.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ_AS = {"O": "0", "I": "1", "L": "1"}
RECOVERY_KEY_CHARACTERS = 32  # 160 bits
_GROUP = 4


class WrongSecret(Exception):
    """The passphrase or recovery key does not open this lock (or what it opens was changed)."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id's cost, stored beside each passphrase seal so it can be raised for new seals.

    64 MiB, 3 passes, 1 lane: OWASP's first recommended Argon2id setting (m=47 MiB, t=1 is its
    floor), about 0.25 s on this 2-core machine, paid once per unlock, never per page.
    """

    memory_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 1

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_dict(cls, stored: dict[str, Any]) -> KdfParams:
        return cls(
            memory_kib=int(stored["memory_kib"]), iterations=int(stored["iterations"]), lanes=int(stored["lanes"])
        )


# The cost new seals get. A module-level value, read at each call, so the test suite can swap in a
# cheap one (tests/conftest.py) without a setting that could weaken a real server.
DEFAULT_KDF = KdfParams()


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def new_lock_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _normalised_passphrase(passphrase: str) -> bytes:
    # The same passphrase typed on a phone and on a laptop can differ in Unicode form (é as one
    # character or two); NFKC makes them one. Spaces at either end are kept: they were typed.
    return unicodedata.normalize("NFKC", passphrase).encode("utf-8")


def passphrase_key(passphrase: str, *, salt: bytes, params: KdfParams) -> bytes:
    """The key a passphrase gives under this salt and cost (slow on purpose)."""
    return Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(_normalised_passphrase(passphrase))


# --- Recovery keys --------------------------------------------------------------------------------


def new_recovery_key() -> str:
    """A recovery key to show once: 32 characters in groups of four, e.g. "7K2M-...-Q9TD"."""
    characters = "".join(secrets.choice(_ALPHABET) for _ in range(RECOVERY_KEY_CHARACTERS))
    return "-".join(characters[i : i + _GROUP] for i in range(0, RECOVERY_KEY_CHARACTERS, _GROUP))


def recovery_key_normalised(typed: str) -> str:
    """The recovery key as typed back by a person: any case, spaces or dashes, O for 0, I or L for 1.

    Raises ValueError when it cannot be a recovery key (wrong length or a character the alphabet
    does not have), so the page can say so rather than try it.
    """
    characters = "".join(_READ_AS.get(c, c) for c in typed.upper() if c not in " -\t\n\r")
    if len(characters) != RECOVERY_KEY_CHARACTERS or any(c not in _ALPHABET for c in characters):
        raise ValueError("not a recovery key")
    return characters


def recovery_key_key(typed: str) -> bytes:
    """The key a recovery key gives. ValueError if `typed` cannot be a recovery key."""
    characters = recovery_key_normalised(typed)
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=_RECOVERY_HKDF).derive(
        characters.encode("ascii")
    )


# --- Seals ------------------------------------------------------------------------------------------


def _seal(key: bytes, secret: bytes, ad: bytes) -> bytes:
    nonce = secrets.token_bytes(_NONCE_BYTES)
    return _FORMAT + nonce + AESGCM(key).encrypt(nonce, secret, ad)


def _open(key: bytes, sealed: Blob, ad: bytes) -> bytes:
    sealed = bytes(sealed)
    if len(sealed) < 1 + _NONCE_BYTES + 16 or sealed[:1] != _FORMAT:
        raise DecryptionError("Not a sealed lock key.")
    try:
        return AESGCM(key).decrypt(sealed[1 : 1 + _NONCE_BYTES], sealed[1 + _NONCE_BYTES :], ad)
    except InvalidTag:
        raise WrongSecret from None


def lock_key_seal_by_passphrase(lock_key: bytes, *, key: bytes, user_id: Any) -> bytes:
    """`key` is what passphrase_key() gave."""
    return _seal(key, lock_key, associated_data(_BY_PASSPHRASE, str(user_id)))


def lock_key_open_by_passphrase(sealed: Blob, *, key: bytes, user_id: Any) -> bytes:
    """The lock key, or WrongSecret when the passphrase is not the one that sealed it."""
    return _open(key, sealed, associated_data(_BY_PASSPHRASE, str(user_id)))


def lock_key_seal_by_recovery(lock_key: bytes, *, key: bytes, user_id: Any) -> bytes:
    """`key` is what recovery_key_key() gave."""
    return _seal(key, lock_key, associated_data(_BY_RECOVERY, str(user_id)))


def lock_key_open_by_recovery(sealed: Blob, *, key: bytes, user_id: Any) -> bytes:
    return _open(key, sealed, associated_data(_BY_RECOVERY, str(user_id)))


def data_key_seal(data_key: bytes, *, lock_key: bytes, user_id: Any, version: int) -> bytes:
    """The inner layer: a data-key version sealed under the lock key (the server key wraps this)."""
    return _seal(lock_key, data_key, associated_data(_DATA_KEY, str(user_id), str(version)))


def data_key_open(sealed: Blob, *, lock_key: bytes, user_id: Any, version: int) -> bytes:
    try:
        return _open(lock_key, sealed, associated_data(_DATA_KEY, str(user_id), str(version)))
    except WrongSecret:
        # The lock key is right by the time this runs, so a failure here is damage, not a typo.
        raise DecryptionError("A locked data key does not open with this person's lock key.") from None


# --- The unlocked session -----------------------------------------------------------------------


def session_seal(lock_key: bytes, *, user_id: Any) -> tuple[str, bytes]:
    """Split an unlocked journal between the cookie and the session store.

    Returns (the cookie's secret, as text; what the server session keeps). Neither opens
    anything alone.
    """
    cookie_secret = secrets.token_bytes(KEY_BYTES)
    return cookie_secret.hex(), _seal(cookie_secret, lock_key, associated_data(_IN_SESSION, str(user_id)))


def session_open(cookie_secret: str, sealed: Blob, *, user_id: Any) -> bytes:
    """The lock key from both halves; WrongSecret when they do not belong together."""
    try:
        secret = bytes.fromhex(cookie_secret)
    except ValueError:
        raise WrongSecret from None
    if len(secret) != KEY_BYTES:
        raise WrongSecret
    return _open(secret, sealed, associated_data(_IN_SESSION, str(user_id)))

"""Waypoint's keyring: the one place personal text is encrypted and decrypted.

Server keys (from a 0600 key file or WAYPOINT_KEYS) wrap one random data key per person, each
purpose under its own HKDF subkey of the server key (journal/server_wraps.py); HKDF-SHA256
subkeys of that data key encrypt records with AES-256-GCM. Every ciphertext is
bound by associated data to its model, field, owner and record id, so a blob copied anywhere
else fails to decrypt. See /docs or shared/design/encryption.md for the why.

    ring = user_keyring(user)
    blob = ring.encrypt(text, model="journal.Entry", field="body", record_id=entry.id)
    text = ring.decrypt(blob, model="journal.Entry", field="body", record_id=entry.id)

Models registered with scope="plan" (the safety plan, coping list) take `keyring_for(user, label)`,
which gives their own key once the person's lock has split it out (docs/encryption.md).

`model` is the model's label (`Model._meta.label`) and `field` the model field's name, so
`register_encrypted_model` can find, re-encrypt and verify every record later.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import struct
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import IntegrityError, transaction

# The optional lock: the inner layer of a locked data key, and whose lock key a request holds.
from journal.lock_keys import data_key_open as _locked_data_key_open
from journal.lock_keys import data_key_seal as _locked_data_key_seal
from journal.lock_state import JournalLocked as JournalLocked
from journal.lock_state import journal_unlocked as journal_unlocked
from journal.lock_state import open_lock_key as open_lock_key

# How one record is framed: its header, padding, and the subkeys of a data key.
from journal.record_format import FORMAT as RECORD_FORMAT
from journal.record_format import HEADER as _RECORD_HEADER
from journal.record_format import HKDF_BLIND_INDEX as _HKDF_BLIND_INDEX
from journal.record_format import HKDF_ENCRYPTION as _HKDF_ENCRYPTION
from journal.record_format import KEY_BYTES as _KEY_BYTES
from journal.record_format import NONCE_BYTES as _NONCE_BYTES
from journal.record_format import PURPOSE as _RECORD_PURPOSE
from journal.record_format import pad as _pad
from journal.record_format import record_data_key_version as record_data_key_version
from journal.record_format import subkey as _hkdf
from journal.record_format import unpad as _unpad

# What is encrypted where:
from journal.registry import EncryptedModel as EncryptedModel
from journal.registry import ServerWrapped as ServerWrapped
from journal.registry import encrypted_models as encrypted_models
from journal.registry import register_encrypted_model as register_encrypted_model
from journal.registry import register_server_wrapped as register_server_wrapped
from journal.registry import scope_of as scope_of
from journal.registry import server_wrapped as server_wrapped

# The server keys live in their own module; everything that uses keys imports them from here.
from journal.server_keys import KEY_FILE_HEADER as KEY_FILE_HEADER
from journal.server_keys import KeyringError as KeyringError
from journal.server_keys import ServerKey as ServerKey
from journal.server_keys import ServerKeyring as ServerKeyring
from journal.server_keys import active_server_key as active_server_key
from journal.server_keys import forget_server_keyring as forget_server_keyring
from journal.server_keys import format_server_keys as format_server_keys
from journal.server_keys import key_file_path as key_file_path
from journal.server_keys import keys_from_environment as keys_from_environment
from journal.server_keys import new_server_key_secret as new_server_key_secret
from journal.server_keys import next_key_id as next_key_id
from journal.server_keys import parse_server_keys as parse_server_keys
from journal.server_keys import read_server_keyring as read_server_keyring
from journal.server_keys import server_keyring as server_keyring
from journal.server_keys import write_key_file as write_key_file

# What a server key wraps, each purpose under its own subkey (and the formats from before subkeys).
from journal.server_wraps import SUBKEY_PURPOSES as SUBKEY_PURPOSES
from journal.server_wraps import Blob as Blob
from journal.server_wraps import DecryptionError as DecryptionError
from journal.server_wraps import associated_data as _associated_data
from journal.server_wraps import legacy_server_key_fingerprint as legacy_server_key_fingerprint
from journal.server_wraps import server_decrypt as server_decrypt
from journal.server_wraps import server_encrypt as server_encrypt
from journal.server_wraps import server_key_fingerprint as server_key_fingerprint
from journal.server_wraps import server_subkey as server_subkey
from journal.server_wraps import server_token_is_legacy as server_token_is_legacy
from journal.server_wraps import server_token_key_id as server_token_key_id
from journal.server_wraps import unwrap_data_key as unwrap_data_key
from journal.server_wraps import unwrap_item_key as unwrap_item_key
from journal.server_wraps import wrap_data_key as wrap_data_key
from journal.server_wraps import wrap_is_legacy as wrap_is_legacy
from journal.server_wraps import wrap_item_key as wrap_item_key
from journal.server_wraps import wrap_needs_rewrap as wrap_needs_rewrap

if TYPE_CHECKING:
    from accounts.models import User
    from journal.models import DataKey


@dataclass
class _OpenKey:
    aead: AESGCM
    blind_key: bytes


class UserKeyring:
    """One person's keys, unwrapped. Build it with `user_keyring(user)`; never share it across people."""

    def __init__(self, user_id: Any, keys: dict[int, bytes], *, scope: str = "journal") -> None:
        self.user_id = str(user_id)
        # Which of the person's data keys these are (records' associated data names the person
        # only: a record moved between scopes fails because the key differs).
        self.scope = scope
        self._keys = {
            version: _OpenKey(AESGCM(_hkdf(k, _HKDF_ENCRYPTION)), _hkdf(k, _HKDF_BLIND_INDEX))
            for version, k in keys.items()
        }
        self.active_version = max(keys)
        self._ad_prefixes: dict[tuple[str, str], bytes] = {}

    def __repr__(self) -> str:
        return f"UserKeyring(user={self.user_id}, scope={self.scope}, versions={sorted(self._keys)})"

    def _ad(self, model: str, field: str, record_id: Any) -> bytes:
        # The fixed part is the same for every record of a field: build it once (search opens thousands).
        prefix = self._ad_prefixes.get((model, field))
        if prefix is None:
            prefix = self._ad_prefixes[(model, field)] = _associated_data(_RECORD_PURPOSE, model, field, self.user_id)
        return prefix + _associated_data(str(record_id))

    def encrypt(self, text: str, *, model: str, field: str, record_id: Any) -> bytes:
        nonce = secrets.token_bytes(_NONCE_BYTES)
        header = _RECORD_HEADER.pack(RECORD_FORMAT, self.active_version)
        sealed = self._keys[self.active_version].aead.encrypt(
            nonce, _pad(text.encode("utf-8")), self._ad(model, field, record_id)
        )
        return header + nonce + sealed

    def decrypt(self, blob: Blob, *, model: str, field: str, record_id: Any) -> str:
        blob = bytes(blob)
        start = _RECORD_HEADER.size + _NONCE_BYTES
        if len(blob) < start + 16:
            raise DecryptionError("The record is too short to be a Waypoint ciphertext.")
        record_format, version = _RECORD_HEADER.unpack_from(blob)
        key = self._keys.get(version)
        if record_format != RECORD_FORMAT or key is None:
            raise DecryptionError("The record was written with a format or key this keyring does not hold.")
        try:
            padded = key.aead.decrypt(
                blob[_RECORD_HEADER.size : start], blob[start:], self._ad(model, field, record_id)
            )
        except InvalidTag:
            raise DecryptionError("The record does not belong here or was changed.") from None
        try:
            return _unpad(padded).decode("utf-8")
        except (UnicodeDecodeError, struct.error):
            raise DecryptionError("The record's contents are not readable text.") from None

    def blind_index(self, value: str, *, purpose: str) -> str:
        """An exact-match token (for tag filters only, never free text): equal inputs, equal tokens."""
        key = self._keys[self.active_version].blind_key
        message = _associated_data(purpose, self.user_id, value)
        return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def _data_key_model() -> type[DataKey]:
    from journal.models import DataKey

    return DataKey


JOURNAL = "journal"
PLAN = "plan"


def key_owner(user_id: Any, scope: str) -> str:
    """Whom a data key's wraps and seals are bound to: the person, and for any scope but the
    journal, the scope too. So a plan key's row moved to the journal scope (or to someone else)
    opens nothing, while every journal key keeps the associated data it was made with."""
    return str(user_id) if scope == JOURNAL else f"{user_id}/{scope}"


def _open_data_keys(user_id: Any, rows: Iterable[Any]) -> dict[int, bytes]:
    """Every data-key version of one scope of a person; JournalLocked if one is locked and this
    request lacks their lock key. `rows` must all be of one scope (versions repeat across scopes)."""
    ring = server_keyring()
    keys = {}
    for row in rows:
        owner = key_owner(user_id, row.scope)
        opened = unwrap_data_key(
            row.wrapped, server_key=ring.get(row.server_key_id), user_id=owner, version=row.version
        )
        if row.locked:
            lock_key = open_lock_key(user_id)
            if lock_key is None:
                raise JournalLocked(user_id)
            opened = _locked_data_key_open(opened, lock_key=lock_key, user_id=owner, version=row.version)
        keys[row.version] = opened
    return keys


def data_key_wrap(
    data_key: bytes, *, user_id: Any, version: int, lock_key: bytes | None, scope: str = JOURNAL
) -> tuple[bytes, str]:
    """What a DataKey row stores: the data key (sealed under the lock key when there is one),
    wrapped under the active server key. Returns (wrapped, server key id)."""
    server_key = active_server_key()
    owner = key_owner(user_id, scope)
    inner = (
        data_key
        if lock_key is None
        else _locked_data_key_seal(data_key, lock_key=lock_key, user_id=owner, version=version)
    )
    return wrap_data_key(inner, server_key=server_key, user_id=owner, version=version), server_key.key_id


def data_key_unwrap_server_layer(row: Any, *, server_key: ServerKey | None = None) -> bytes:
    """A DataKey row's server layer opened: the data key itself, or (locked) its sealed form.
    For keys_rewrap and checks, which never need the person."""
    owner = key_owner(row.user_id, row.scope)
    server_key = server_key or server_keyring().get(row.server_key_id)
    return unwrap_data_key(row.wrapped, server_key=server_key, user_id=owner, version=row.version)


def _new_key_locked(*, user_id: Any, scope: str) -> bool:
    # The journal's keys are locked while the lock is on. The plan's follow the person's choice,
    # which its existing keys record (journal/lock_services.py: lock_plan_choose).
    from journal.models import JournalLock

    if scope == JOURNAL:
        return JournalLock.objects.filter(user_id=user_id).exists()
    return _data_key_model().objects.filter(user_id=user_id, scope=scope, locked=True).exists()


def data_key_create(*, user_id: Any, version: int, scope: str = JOURNAL) -> Any:
    """Store a new wrapped data key version for a person. Returns the DataKey row.

    A person with the lock on gets a locked one (for the plan: if they chose to lock it too),
    which needs their lock key in this request (JournalLocked without it): a new key the server
    alone could open would undo the lock.
    """
    DataKey = _data_key_model()
    lock_key = None
    if _new_key_locked(user_id=user_id, scope=scope):
        lock_key = open_lock_key(user_id)
        if lock_key is None:
            raise JournalLocked(user_id)
    wrapped, server_key_id = data_key_wrap(
        secrets.token_bytes(_KEY_BYTES), user_id=user_id, version=version, lock_key=lock_key, scope=scope
    )
    locked = lock_key is not None
    return DataKey.objects.create(
        user_id=user_id, scope=scope, version=version, server_key_id=server_key_id, wrapped=wrapped, locked=locked
    )


def data_keys_shred(*, user_id: Any) -> None:
    """Delete every wrapped data key a person has (every scope): all their writing becomes unreadable at once."""
    _data_key_model().objects.filter(user_id=user_id).delete()


def load_user_keyring(user_id: Any) -> UserKeyring:
    """Unwrap every journal data-key version a person has, creating the first one on first use."""
    DataKey = _data_key_model()
    rows = list(DataKey.objects.filter(user_id=user_id, scope=JOURNAL))
    if not rows:
        try:
            with transaction.atomic():
                rows = [data_key_create(user_id=user_id, version=1)]
        except IntegrityError:
            # Two first requests at once: the other one created it; use theirs.
            rows = list(DataKey.objects.filter(user_id=user_id, scope=JOURNAL))
    return UserKeyring(user_id, _open_data_keys(user_id, rows))


def load_scope_keyring(user_id: Any, scope: str) -> UserKeyring | None:
    """The keyring of one of a person's scopes other than the journal, or None if they have no key in it."""
    rows = list(_data_key_model().objects.filter(user_id=user_id, scope=scope))
    return UserKeyring(user_id, _open_data_keys(user_id, rows), scope=scope) if rows else None


_RING_ATTRIBUTE = "_waypoint_keyring"
_PLAN_RING_ATTRIBUTE = "_waypoint_plan_keyring"
_ROWS_ATTRIBUTE = "_waypoint_data_key_rows"


def _key_rows(user: Any, scope: str) -> list[Any]:
    # Every scope's rows in one query, kept for this user object: a page that opens the plan
    # and the journal reads the person's keys once, as it did before the plan had its own.
    cached = getattr(user, _ROWS_ATTRIBUTE, None)
    if cached is None or cached[0] != str(user.pk):
        cached = (str(user.pk), list(_data_key_model().objects.filter(user_id=user.pk)))
        setattr(user, _ROWS_ATTRIBUTE, cached)
    return [row for row in cached[1] if row.scope == scope]


def user_keyring(user: User | Any) -> UserKeyring:
    """The person's journal keyring, cached on this user object (so per request, never across people)."""
    ring = getattr(user, _RING_ATTRIBUTE, None)
    if ring is None or ring.user_id != str(user.pk):
        rows = _key_rows(user, JOURNAL)
        ring = UserKeyring(user.pk, _open_data_keys(user.pk, rows)) if rows else load_user_keyring(user.pk)
        setattr(user, _RING_ATTRIBUTE, ring)
    return ring


def plan_keyring(user: User | Any) -> UserKeyring:
    """The keyring of the person's safety plan and coping list, cached like user_keyring.

    Their own plan key once the lock has split it out (journal/lock_services.py), else their
    journal keyring: for everyone who never turned the lock on nothing changes, and nothing
    stored needs moving. Use it through keyring_for(user, label), never directly.
    """
    ring = getattr(user, _PLAN_RING_ATTRIBUTE, None)
    if ring is None or ring.user_id != str(user.pk):
        rows = _key_rows(user, PLAN)
        ring = UserKeyring(user.pk, _open_data_keys(user.pk, rows), scope=PLAN) if rows else user_keyring(user)
        setattr(user, _PLAN_RING_ATTRIBUTE, ring)
    return ring


def keyring_for(user: User | Any, label: str) -> UserKeyring:
    """The keyring that encrypts a registered model's records (`label` is Model._meta.label).

    Every app reads and writes its encrypted fields through this, so a model registered with
    scope="plan" can never be written under the journal's key by one place and read under the
    plan's by another.
    """
    return plan_keyring(user) if scope_of(label) == PLAN else user_keyring(user)


def forget_user_keyring(user: Any) -> None:
    for name in (_RING_ATTRIBUTE, _PLAN_RING_ATTRIBUTE, _ROWS_ATTRIBUTE):
        if hasattr(user, name):
            delattr(user, name)


def new_record_id() -> uuid.UUID:
    return uuid.uuid4()


# --- Item keys (a snapshot one person chose to share) --------------------------------------------


def item_key_create(*, purpose: str, item_id: Any) -> tuple[bytes, str, UserKeyring]:
    """A fresh random key for one item, wrapped under the active server key's item-key subkey.

    Returns (wrapped key, server key id, a keyring that encrypts with it). The item's key is
    nobody's data key, so serving the item never opens the person's own writing; deleting the
    wrapped key makes the item unreadable everywhere, backups included.
    """
    server_key = active_server_key()
    item_key = secrets.token_bytes(_KEY_BYTES)
    wrapped = wrap_item_key(item_key, server_key=server_key, purpose=purpose, item_id=item_id)
    return wrapped, server_key.key_id, UserKeyring(f"{purpose}:{item_id}", {1: item_key})


def _item_key_open(*, wrapped: Blob, server_key_id: str, purpose: str, item_id: Any) -> bytes:
    server_key = server_keyring().get(server_key_id)
    return unwrap_item_key(wrapped, server_key=server_key, purpose=purpose, item_id=item_id)


def item_keyring(*, wrapped: Blob, server_key_id: str, purpose: str, item_id: Any) -> UserKeyring:
    """Open an item's key made by `item_key_create`; DecryptionError if it was moved or changed."""
    item_key = _item_key_open(wrapped=wrapped, server_key_id=server_key_id, purpose=purpose, item_id=item_id)
    return UserKeyring(f"{purpose}:{item_id}", {1: item_key})


def item_key_rewrap(*, wrapped: Blob, server_key_id: str, purpose: str, item_id: Any) -> tuple[bytes, str]:
    """Wrap an item's key with the active server key (for keys_rewrap). Returns (wrapped, key id)."""
    item_key = _item_key_open(wrapped=wrapped, server_key_id=server_key_id, purpose=purpose, item_id=item_id)
    active = active_server_key()
    return wrap_item_key(item_key, server_key=active, purpose=purpose, item_id=item_id), active.key_id

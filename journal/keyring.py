"""Waypoint's keyring: the one place personal text is encrypted and decrypted.

Server keys (from a 0600 key file or WAYPOINT_KEYS) wrap one random data key per person;
HKDF-SHA256 subkeys of that data key encrypt records with AES-256-GCM. Every ciphertext is
bound by associated data to its model, field, owner and record id, so a blob copied anywhere
else fails to decrypt. See /docs or shared/design/encryption.md for the why.

    ring = user_keyring(user)
    blob = ring.encrypt(text, model="journal.Entry", field="body", record_id=entry.id)
    text = ring.decrypt(blob, model="journal.Entry", field="body", record_id=entry.id)

`model` is the model's label (`Model._meta.label`) and `field` the model field's name, so
`register_encrypted_model` can find, re-encrypt and verify every record later.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import os
import re
import secrets
import struct
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import IntegrityError, models, transaction

if TYPE_CHECKING:
    from accounts.models import User
    from journal.models import DataKey

RECORD_FORMAT = 1
_RECORD_HEADER = struct.Struct(">BI")  # format version, data-key version
_NONCE_BYTES = 12
_PAD_BUCKET = 64
_KEY_BYTES = 32
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
logger = logging.getLogger(__name__)

_WRAP_PURPOSE = "waypoint/data-key-wrap/v1"
_RECORD_PURPOSE = "waypoint/record/v1"
_SERVER_PURPOSE = "waypoint/server-secret/v1"
_SERVER_TOKEN_PREFIX = "wp1$"  # noqa: S105 - a format marker, not a secret
_HKDF_ENCRYPTION = b"waypoint record encryption v1"
_HKDF_BLIND_INDEX = b"waypoint blind index v1"

KEY_FILE_HEADER = (
    "# Waypoint server keys. Keep this file private (0600) and back it up apart from the database:\n"
    "# without it nothing in the journal can be read. The first key is the active one.\n"
)


# BinaryField values come back as memoryview on PostgreSQL and bytes on SQLite; both are accepted.
Blob = bytes | memoryview


class DecryptionError(Exception):
    """A ciphertext could not be opened: tampered, moved to another record, or the wrong key."""


class KeyringError(ImproperlyConfigured):
    """The server keyring is missing or unusable. The message says what to do."""


# --- Server keys ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerKey:
    key_id: str
    secret: bytes

    def __repr__(self) -> str:  # never show the secret, not even in a traceback
        return f"ServerKey({self.key_id!r})"


@dataclass(frozen=True)
class ServerKeyring:
    keys: tuple[ServerKey, ...]
    source: str

    @property
    def active(self) -> ServerKey:
        return self.keys[0]

    def get(self, key_id: str) -> ServerKey:
        for key in self.keys:
            if key.key_id == key_id:
                return key
        raise KeyringError(
            f"The server key {key_id!r} is not in {self.source}. Data wrapped with it cannot be read until "
            "that key is restored (from the backup of your key file), or until `manage.py keys_rewrap` has "
            "moved every data key to a key you still hold."
        )

    def ids(self) -> list[str]:
        return [key.key_id for key in self.keys]


def new_server_key_secret() -> bytes:
    return secrets.token_bytes(_KEY_BYTES)


def parse_server_keys(text: str, *, source: str) -> tuple[ServerKey, ...]:
    """Parse `id:<base64>` entries separated by commas or lines; '#' starts a comment line."""
    keys: list[ServerKey] = []
    for raw in re.split(r"[,\n]", text):
        item = raw.strip()
        if not item or item.startswith("#"):
            continue
        key_id, sep, encoded = item.partition(":")
        key_id = key_id.strip()
        if not sep or not _KEY_ID.match(key_id):
            raise KeyringError(f"{source} has an entry that is not `id:<base64 key>`. Each key looks like k1:AbC…=")
        try:
            secret = base64.b64decode(encoded.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise KeyringError(f"The key {key_id!r} in {source} is not valid base64.") from None
        if len(secret) != _KEY_BYTES:
            raise KeyringError(f"The key {key_id!r} in {source} is {len(secret)} bytes; it needs 32.")
        if any(k.key_id == key_id for k in keys):
            raise KeyringError(f"{source} lists the key {key_id!r} twice.")
        keys.append(ServerKey(key_id, secret))
    if not keys:
        raise KeyringError(f"{source} holds no keys.")
    return tuple(keys)


def format_server_keys(keys: Sequence[ServerKey]) -> str:
    lines = [f"{key.key_id}:{base64.b64encode(key.secret).decode()}" for key in keys]
    return KEY_FILE_HEADER + "\n".join(lines) + "\n"


def key_file_path() -> Path:
    return Path(settings.WAYPOINT_KEY_FILE)


def keys_from_environment() -> bool:
    return bool(getattr(settings, "WAYPOINT_KEYS", ""))


def read_server_keyring() -> ServerKeyring:
    """Read the keyring from its source now, raising KeyringError with what to do."""
    if keys_from_environment():
        return ServerKeyring(parse_server_keys(settings.WAYPOINT_KEYS, source="WAYPOINT_KEYS"), "WAYPOINT_KEYS")
    path = key_file_path()
    if not path.exists():
        raise KeyringError(
            f"Waypoint's key file {path} is missing, so nothing in the journal can be read. "
            "If this is a new installation, run `python manage.py keys_create` (`make run` does it for you). "
            "If Waypoint already holds writing, restore the key file from your backup, or set WAYPOINT_KEYS."
        )
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KeyringError(f"Waypoint cannot read its key file {path} ({exc.strerror}). Check its owner.") from None
    return ServerKeyring(parse_server_keys(text, source=str(path)), str(path))


# The key file's identity when it was read: os.replace (write_key_file, rsync) gives a new inode,
# an editor a new size or time. None for WAYPOINT_KEYS, which cannot change while running.
_Stamp = tuple[int, int, int, int] | None
_server_cache: dict[str, tuple[ServerKeyring, _Stamp]] = {}
_server_lock = threading.Lock()


def _key_file_stamp() -> _Stamp:
    if keys_from_environment():
        return None
    try:
        found = os.stat(key_file_path())
    except OSError:
        return (0, 0, 0, 0)  # missing: never equal to a file that was read
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


def _current_server_keyring(*, for_wrapping: bool) -> ServerKeyring:
    # Rotation (keys_add, keys_activate, keys_retire) rewrites the file under running workers:
    # one stat per use (about a microsecond) notices, and the file is read again.
    stamp = _key_file_stamp()
    cached = _server_cache.get("ring")
    if cached is not None and cached[1] == stamp:
        return cached[0]
    with _server_lock:
        cached = _server_cache.get("ring")
        if cached is not None and cached[1] == stamp:
            return cached[0]
        try:
            ring = read_server_keyring()
        except KeyringError:
            if cached is None or for_wrapping:
                raise
            # A half-copied or mistyped file: what is already wrapped still opens with the keys
            # read before, but nothing new is wrapped until the file can be read again.
            logger.error("The server key file changed and cannot be read; new data keys wait until it can.")
            return cached[0]
        _server_cache["ring"] = (ring, stamp)
        return ring


def server_keyring() -> ServerKeyring:
    """The server keys, to open what they wrap. Re-read whenever the key file changes."""
    return _current_server_keyring(for_wrapping=False)


def active_server_key() -> ServerKey:
    """The key to wrap with: the active key in the key file as it is now, never one it has dropped.

    Raises KeyringError when the file cannot be read, rather than wrap with a key that a
    later start-up might not find.
    """
    return _current_server_keyring(for_wrapping=True).active


def forget_server_keyring(**_: Any) -> None:
    """Drop the cached server keys so the next use reads the file again (after a rotation)."""
    _server_cache.clear()


def _on_setting_changed(*, setting: str, **_: Any) -> None:
    if setting in {"WAYPOINT_KEY_FILE", "WAYPOINT_KEYS"}:
        forget_server_keyring()


setting_changed.connect(_on_setting_changed)


def write_key_file(path: Path, keys: Sequence[ServerKey]) -> None:
    """Replace the key file atomically; it is created 0600 and never exists half-written.

    Running workers notice the new file by itself (server_keyring), so no restart is needed.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".keys-")  # mkstemp makes it 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(format_server_keys(keys))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    # The rename is durable only once the folder is on disk too; a power cut must not bring back
    # a key file without the key that new data keys were just wrapped with.
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
    forget_server_keyring()


def next_key_id(existing: Iterable[str]) -> str:
    numbers = [int(m.group(1)) for key_id in existing if (m := re.fullmatch(r"k(\d+)", key_id))]
    return f"k{max(numbers, default=0) + 1}"


# --- Associated data -------------------------------------------------------------------------


def _associated_data(*parts: str) -> bytes:
    # Length prefixes make ("ab", "c") and ("a", "bc") different, so no two contexts collide.
    out = bytearray()
    for part in parts:
        encoded = part.encode("utf-8")
        out += struct.pack(">I", len(encoded))
        out += encoded
    return bytes(out)


def _wrap_ad(user_id: Any, version: int, server_key_id: str) -> bytes:
    return _associated_data(_WRAP_PURPOSE, str(user_id), str(version), server_key_id)


def wrap_data_key(data_key: bytes, *, server_key: ServerKey, user_id: Any, version: int) -> bytes:
    nonce = secrets.token_bytes(_NONCE_BYTES)
    return nonce + AESGCM(server_key.secret).encrypt(nonce, data_key, _wrap_ad(user_id, version, server_key.key_id))


def unwrap_data_key(wrapped: Blob, *, server_key: ServerKey, user_id: Any, version: int) -> bytes:
    wrapped = bytes(wrapped)
    try:
        return AESGCM(server_key.secret).decrypt(
            wrapped[:_NONCE_BYTES], wrapped[_NONCE_BYTES:], _wrap_ad(user_id, version, server_key.key_id)
        )
    except (InvalidTag, ValueError):
        raise DecryptionError(
            f"The data key v{version} does not open with the server key {server_key.key_id!r}: "
            "the key file does not match this database."
        ) from None


# --- Records -----------------------------------------------------------------------------------


def _pad(data: bytes) -> bytes:
    framed = struct.pack(">I", len(data)) + data
    return framed + b"\0" * (-len(framed) % _PAD_BUCKET)


def _unpad(data: bytes) -> bytes:
    (length,) = struct.unpack(">I", data[:4])
    if length > len(data) - 4:
        raise DecryptionError("The record's length does not match its contents.")
    return data[4 : 4 + length]


def _hkdf(data_key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=_KEY_BYTES, salt=None, info=info).derive(data_key)


def record_data_key_version(blob: Blob) -> int:
    """The data-key version a record was written with (for rotation progress), without decrypting."""
    blob = bytes(blob)
    if len(blob) < _RECORD_HEADER.size:
        raise DecryptionError("The record is too short to be a Waypoint ciphertext.")
    _format, version = _RECORD_HEADER.unpack_from(blob)
    return int(version)


@dataclass
class _OpenKey:
    aead: AESGCM
    blind_key: bytes


class UserKeyring:
    """One person's keys, unwrapped. Build it with `user_keyring(user)`; never share it across people."""

    def __init__(self, user_id: Any, keys: dict[int, bytes]) -> None:
        self.user_id = str(user_id)
        self._keys = {
            version: _OpenKey(AESGCM(_hkdf(k, _HKDF_ENCRYPTION)), _hkdf(k, _HKDF_BLIND_INDEX))
            for version, k in keys.items()
        }
        self.active_version = max(keys)
        self._ad_prefixes: dict[tuple[str, str], bytes] = {}

    def __repr__(self) -> str:
        return f"UserKeyring(user={self.user_id}, versions={sorted(self._keys)})"

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


def _open_data_keys(user_id: Any, rows: Iterable[Any]) -> dict[int, bytes]:
    ring = server_keyring()
    return {
        row.version: unwrap_data_key(
            row.wrapped, server_key=ring.get(row.server_key_id), user_id=user_id, version=row.version
        )
        for row in rows
    }


def data_key_create(*, user_id: Any, version: int) -> Any:
    """Store a new wrapped data key version for a person. Returns the DataKey row."""
    DataKey = _data_key_model()
    server_key = active_server_key()
    data_key = secrets.token_bytes(_KEY_BYTES)
    return DataKey.objects.create(
        user_id=user_id,
        version=version,
        server_key_id=server_key.key_id,
        wrapped=wrap_data_key(data_key, server_key=server_key, user_id=user_id, version=version),
    )


def load_user_keyring(user_id: Any) -> UserKeyring:
    """Unwrap every data-key version a person has, creating the first one on first use."""
    DataKey = _data_key_model()
    rows = list(DataKey.objects.filter(user_id=user_id))
    if not rows:
        try:
            with transaction.atomic():
                rows = [data_key_create(user_id=user_id, version=1)]
        except IntegrityError:
            # Two first requests at once: the other one created it; use theirs.
            rows = list(DataKey.objects.filter(user_id=user_id))
    return UserKeyring(user_id, _open_data_keys(user_id, rows))


_RING_ATTRIBUTE = "_waypoint_keyring"


def user_keyring(user: User | Any) -> UserKeyring:
    """The person's keyring, cached on this user object (so per request, never across people)."""
    ring = getattr(user, _RING_ATTRIBUTE, None)
    if ring is None or ring.user_id != str(user.pk):
        ring = load_user_keyring(user.pk)
        setattr(user, _RING_ATTRIBUTE, ring)
    return ring


def forget_user_keyring(user: Any) -> None:
    if hasattr(user, _RING_ATTRIBUTE):
        delattr(user, _RING_ATTRIBUTE)


# --- Server-level secrets (allauth's MFA secrets) ------------------------------------------------


def server_encrypt(text: str, *, purpose: str) -> str:
    """Encrypt a small secret that belongs to the site, not to one person's data key."""
    key = active_server_key()
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = AESGCM(key.secret).encrypt(
        nonce, text.encode("utf-8"), _associated_data(_SERVER_PURPOSE, purpose, key.key_id)
    )
    return f"{_SERVER_TOKEN_PREFIX}{key.key_id}${base64.urlsafe_b64encode(nonce + sealed).decode()}"


def server_token_key_id(token: str) -> str:
    if not token.startswith(_SERVER_TOKEN_PREFIX):
        raise DecryptionError("This is not a Waypoint server ciphertext.")
    return token[len(_SERVER_TOKEN_PREFIX) :].partition("$")[0]


def server_decrypt(token: str, *, purpose: str) -> str:
    key = server_keyring().get(server_token_key_id(token))
    try:
        raw = base64.urlsafe_b64decode(token.rpartition("$")[2].encode())
        plain = AESGCM(key.secret).decrypt(
            raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _associated_data(_SERVER_PURPOSE, purpose, key.key_id)
        )
    except (InvalidTag, ValueError, binascii.Error):
        raise DecryptionError("The secret does not open with the server key.") from None
    return plain.decode("utf-8")


# --- The registry of encrypted models ----------------------------------------------------------


@dataclass(frozen=True)
class EncryptedModel:
    model: type[models.Model]
    fields: tuple[str, ...]
    owner_field: str
    # Runs inside a data-key rotation after the re-encryption, e.g. to recompute blind indexes.
    after_rotate: Callable[[Any, UserKeyring], None] | None = None

    @property
    def label(self) -> str:
        return str(self.model._meta.label)

    def rows_for(self, user_id: Any | None = None) -> Iterator[models.Model]:
        queryset = self.model._default_manager.all()
        if user_id is not None:
            queryset = queryset.filter(**{f"{self.owner_field}_id": user_id})
        return queryset.only("pk", f"{self.owner_field}_id", *self.fields).order_by("pk").iterator(chunk_size=500)

    def owner_id(self, row: models.Model) -> Any:
        return getattr(row, f"{self.owner_field}_id")


_registry: dict[str, EncryptedModel] = {}


def register_encrypted_model(
    model: type[models.Model],
    *,
    fields: Sequence[str],
    owner_field: str = "owner",
    after_rotate: Callable[[Any, UserKeyring], None] | None = None,
) -> None:
    """Declare which fields of a model hold ciphertext, so rotation and verification cover them.

    Call it from your AppConfig.ready(). The fields must be encrypted with
    model=Model._meta.label, field=<field name>, record_id=row.pk, by the keyring of `owner_field`.
    """
    entry = EncryptedModel(model, tuple(fields), owner_field, after_rotate)
    _registry[entry.label] = entry


def encrypted_models() -> list[EncryptedModel]:
    return sorted(_registry.values(), key=lambda e: e.label)


@dataclass(frozen=True)
class ServerWrapped:
    label: str
    key_ids: Callable[[], set[str]]
    rewrap: Callable[[], int]
    # Opens everything held under these keys: (how many checked, failing record ids, never content).
    verify: Callable[[], tuple[int, list[str]]] | None = None


_server_wrapped: dict[str, ServerWrapped] = {}


def register_server_wrapped(
    label: str,
    *,
    key_ids: Callable[[], set[str]],
    rewrap: Callable[[], int],
    verify: Callable[[], tuple[int, list[str]]] | None = None,
) -> None:
    """Declare secrets wrapped directly by a server key (MFA secrets, shared-item keys).

    `key_ids()` returns the server key ids still in use; `rewrap()` moves them all to the active
    key and returns how many moved. keys_rewrap calls every rewrap; keys_retire refuses to remove
    a key that any of them still uses, so nothing is ever left without its key. `verify()`, if
    given, is run by keys_verify (and so by backup_restore).
    """
    _server_wrapped[label] = ServerWrapped(label, key_ids, rewrap, verify)


def server_wrapped() -> list[ServerWrapped]:
    return sorted(_server_wrapped.values(), key=lambda w: w.label)


def new_record_id() -> uuid.UUID:
    return uuid.uuid4()


# --- Item keys (a snapshot one person chose to share) --------------------------------------------

_ITEM_WRAP_PURPOSE = "waypoint/item-key-wrap/v1"


def _item_wrap_ad(purpose: str, item_id: Any, server_key_id: str) -> bytes:
    return _associated_data(_ITEM_WRAP_PURPOSE, purpose, str(item_id), server_key_id)


def item_key_create(*, purpose: str, item_id: Any) -> tuple[bytes, str, UserKeyring]:
    """A fresh random key for one item, wrapped under the active server key.

    Returns (wrapped key, server key id, a keyring that encrypts with it). The item's key is
    nobody's data key, so serving the item never opens the person's own writing; deleting the
    wrapped key makes the item unreadable everywhere, backups included.
    """
    server_key = active_server_key()
    item_key = secrets.token_bytes(_KEY_BYTES)
    nonce = secrets.token_bytes(_NONCE_BYTES)
    wrapped = nonce + AESGCM(server_key.secret).encrypt(
        nonce, item_key, _item_wrap_ad(purpose, item_id, server_key.key_id)
    )
    return wrapped, server_key.key_id, UserKeyring(f"{purpose}:{item_id}", {1: item_key})


def _item_key_open(*, wrapped: Blob, server_key_id: str, purpose: str, item_id: Any) -> bytes:
    server_key = server_keyring().get(server_key_id)
    wrapped = bytes(wrapped)
    try:
        return AESGCM(server_key.secret).decrypt(
            wrapped[:_NONCE_BYTES], wrapped[_NONCE_BYTES:], _item_wrap_ad(purpose, item_id, server_key_id)
        )
    except (InvalidTag, ValueError):
        raise DecryptionError("The item's key does not open with the server key.") from None


def item_keyring(*, wrapped: Blob, server_key_id: str, purpose: str, item_id: Any) -> UserKeyring:
    """Open an item's key made by `item_key_create`; DecryptionError if it was moved or changed."""
    item_key = _item_key_open(wrapped=wrapped, server_key_id=server_key_id, purpose=purpose, item_id=item_id)
    return UserKeyring(f"{purpose}:{item_id}", {1: item_key})


def item_key_rewrap(*, wrapped: Blob, server_key_id: str, purpose: str, item_id: Any) -> tuple[bytes, str]:
    """Wrap an item's key with the active server key (for keys_rewrap). Returns (wrapped, key id)."""
    item_key = _item_key_open(wrapped=wrapped, server_key_id=server_key_id, purpose=purpose, item_id=item_id)
    active = active_server_key()
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = AESGCM(active.secret).encrypt(nonce, item_key, _item_wrap_ad(purpose, item_id, active.key_id))
    return nonce + sealed, active.key_id

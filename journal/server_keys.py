"""The server keys: read from the key file (or WAYPOINT_KEYS), followed as the file changes, and
written by the rotation commands. journal/keyring.py re-exports all of it; use it from there.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import pwd
import re
import secrets
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

_KEY_BYTES = 32
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
logger = logging.getLogger(__name__)

KEY_FILE_HEADER = (
    "# Waypoint server keys. Keep this file private (0600) and back it up apart from the database:\n"
    "# without it nothing in the journal can be read. The first key is the active one.\n"
)


class KeyringError(ImproperlyConfigured):
    """The server keyring is missing or unusable. The message says what to do."""


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
            # Named as docs/deployment.md runs it: Debian has no bare `python`, and on a server the
            # command needs the service's user and settings, which waypoint-run gives it.
            "If this is a new installation, run `.venv/bin/python manage.py keys_create` with Waypoint's "
            "settings (`waypoint-run .venv/bin/python manage.py keys_create` on a server set up as in "
            "docs/deployment.md; `make run` and `make serve-setup` do it for you). "
            "If Waypoint already holds writing, restore the key file from your backup, or set WAYPOINT_KEYS."
        )
    try:
        text = path.read_text(encoding="utf-8")
    except PermissionError as exc:
        user = _this_user()
        raise KeyringError(
            f"Waypoint, running as {user}, cannot read its key file {path} ({exc.strerror}). Make the file "
            f"belong to {user}, mode 0600 (`chown {user} {path} && chmod 600 {path}`, as root), and check "
            "that the folders above it let that user through."
        ) from None
    except IsADirectoryError:
        raise KeyringError(
            f"{path} is a folder. WAYPOINT_KEY_FILE has to name the key file itself, readable by the user "
            "Waypoint runs as."
        ) from None
    except OSError as exc:
        raise KeyringError(
            f"Waypoint cannot read its key file {path} ({exc.strerror}). Check the disk it is on, or restore "
            "the key file from your backup."
        ) from None
    except UnicodeDecodeError:
        # Not a key file Waypoint wrote (those are plain text): overwritten, or the wrong file named.
        raise KeyringError(
            f"{path} is not a Waypoint key file: it is not plain text. Restore the key file from your "
            "backup, or set WAYPOINT_KEY_FILE to the right file."
        ) from None
    return ServerKeyring(parse_server_keys(text, source=str(path)), str(path))


def _this_user() -> str:
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return f"user id {os.geteuid()}"


# The key file's identity when it was read: os.replace (write_key_file, rsync) gives a new inode,
# an editor a new size or time. None for WAYPOINT_KEYS, which cannot change while running.
_Stamp = tuple[int, int, int, int] | None
# (keys, the file's stamp when they were read, when the stamp was last compared)
_server_cache: dict[str, tuple[ServerKeyring, _Stamp, float]] = {}
_server_lock = threading.Lock()
# Opening what is already wrapped may use keys up to this old; wrapping never does. Rotation steps
# are commands run seconds apart, and a stat costs a system call on every request otherwise.
_RECHECK_SECONDS = 1.0


def _key_file_stamp() -> _Stamp:
    if keys_from_environment():
        return None
    try:
        found = os.stat(key_file_path())
    except OSError:
        return (0, 0, 0, 0)  # missing: never equal to a file that was read
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


def _current_server_keyring(*, for_wrapping: bool) -> ServerKeyring:
    # Rotation (keys_add, keys_activate, keys_retire) rewrites the file under running workers,
    # which notice by its stamp and read it again.
    now = time.monotonic()
    cached = _server_cache.get("ring")
    if cached is not None and not for_wrapping and now - cached[2] < _RECHECK_SECONDS:
        return cached[0]
    stamp = _key_file_stamp()
    if cached is not None and cached[1] == stamp:
        _server_cache["ring"] = (cached[0], stamp, now)
        return cached[0]
    with _server_lock:
        try:
            ring = read_server_keyring()
        except KeyringError:
            if cached is None or for_wrapping:
                raise
            # A half-copied or mistyped file: what is already wrapped still opens with the keys
            # read before, but nothing new is wrapped until the file can be read again.
            logger.error("The server key file changed and cannot be read; new data keys wait until it can.")
            _server_cache["ring"] = (cached[0], cached[1], now)
            return cached[0]
        _server_cache["ring"] = (ring, stamp, now)
        return ring


def server_keyring() -> ServerKeyring:
    """The server keys, to open what they wrap. Re-read when the key file changes (looked at once a second)."""
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

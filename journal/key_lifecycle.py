"""Creating, rotating and checking keys. The management commands are thin wrappers around these.

Server-key rotation happens in phases so no moment exists where a running process cannot read:
add a new key (inactive) → activate it → rewrap every data key → retire the old key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from journal import keyring
from journal.keyring import DecryptionError, KeyringError, ServerKey, UserKeyring
from journal.models import DataKey


def _file_keys_for_change() -> tuple[Path, list[ServerKey]]:
    if keyring.keys_from_environment():
        raise KeyringError(
            "The server keys come from WAYPOINT_KEYS, so Waypoint cannot change them. "
            "Edit WAYPOINT_KEYS yourself (the first key is the active one), then run keys_rewrap."
        )
    path = keyring.key_file_path()
    return path, list(keyring.read_server_keyring().keys)


def keys_create(*, if_missing: bool = False) -> bool:
    """Create the key file with one fresh key. Returns False when it was already there."""
    if keyring.keys_from_environment():
        keyring.read_server_keyring()  # a bad WAYPOINT_KEYS stops here with its message
        return False
    path = keyring.key_file_path()
    if path.exists():
        if if_missing:
            keyring.read_server_keyring()
            return False
        raise KeyringError(f"{path} already exists. Waypoint never overwrites keys; use keys_add to rotate.")
    keyring.write_key_file(path, [ServerKey("k1", keyring.new_server_key_secret())])
    return True


def server_key_add() -> str:
    """Phase 1: add a new key at the end of the file, where it only decrypts (inactive)."""
    path, keys = _file_keys_for_change()
    key_id = keyring.next_key_id(k.key_id for k in keys)
    keyring.write_key_file(path, [*keys, ServerKey(key_id, keyring.new_server_key_secret())])
    return key_id


def server_key_activate(key_id: str) -> None:
    """Phase 2: make a key the active one (first in the file); new data keys are wrapped with it."""
    path, keys = _file_keys_for_change()
    chosen = [k for k in keys if k.key_id == key_id]
    if not chosen:
        raise KeyringError(f"There is no key {key_id!r} in {path}.")
    keyring.write_key_file(path, [*chosen, *(k for k in keys if k.key_id != key_id)])


def keys_rewrap() -> int:
    """Phase 3: wrap every data key (and MFA secret, shared item key) with the active server key.

    Also moves whatever was still wrapped the way it was before subkeys. Returns how many moved.
    """
    active = keyring.active_server_key()
    ring = keyring.server_keyring()
    moved = 0
    # Every row is looked at, not only those under an older key: wraps made before subkeys sit
    # under the active key too, and only their length tells them apart (SQL cannot, portably).
    rows = DataKey.objects.only("pk", "user_id", "version", "server_key_id", "wrapped").order_by("pk")
    for row in rows.iterator(chunk_size=500):
        if not keyring.wrap_needs_rewrap(row.wrapped, server_key_id=row.server_key_id, active_key_id=active.key_id):
            continue
        plain = keyring.unwrap_data_key(
            row.wrapped, server_key=ring.get(row.server_key_id), user_id=row.user_id, version=row.version
        )
        rewrapped = keyring.wrap_data_key(plain, server_key=active, user_id=row.user_id, version=row.version)
        # The server keeps running: a person may delete their account or get a new data key
        # meanwhile. Only the row as it was read is replaced; a changed or deleted one is left.
        moved += DataKey.objects.filter(pk=row.pk, server_key_id=row.server_key_id, wrapped=bytes(row.wrapped)).update(
            wrapped=rewrapped, server_key_id=active.key_id
        )
    return moved + sum(wrapped.rewrap() for wrapped in keyring.server_wrapped())


def server_key_retire(key_id: str) -> None:
    """Phase 4: remove an old key once nothing is wrapped with it. The removed key is gone for good."""
    path, keys = _file_keys_for_change()
    if keys and keys[0].key_id == key_id:
        raise KeyringError(f"{key_id!r} is the active key. Activate another key first.")
    if not any(k.key_id == key_id for k in keys):
        raise KeyringError(f"There is no key {key_id!r} in {path}.")
    users = [w.label for w in keyring.server_wrapped() if key_id in w.key_ids()]
    if DataKey.objects.filter(server_key_id=key_id).exists():
        users.insert(0, "data keys")
    if users:
        raise KeyringError(f"{key_id!r} still wraps {', '.join(users)}. Run keys_rewrap first.")
    keyring.write_key_file(path, [k for k in keys if k.key_id != key_id])


def _reencrypt(value: bytes, *, ring: UserKeyring, label: str, field_name: str, record_id: Any) -> bytes:
    text = ring.decrypt(value, model=label, field=field_name, record_id=record_id)
    return ring.encrypt(text, model=label, field=field_name, record_id=record_id)


def user_data_key_rotate(*, user_id: Any) -> int:
    """Give a person a new data key, re-encrypt everything they wrote, then shred the old versions.

    Returns the new data-key version.
    """
    with transaction.atomic():
        # The same per-person row lock as turning the lock on (journal/lock_services.py): a new
        # key is made locked or not by what is true once nobody else is changing their keys.
        get_user_model().objects.select_for_update().filter(pk=user_id).first()
        versions = list(DataKey.objects.select_for_update().filter(user_id=user_id).values_list("version", flat=True))
        new_version = max(versions, default=0) + 1
        keyring.data_key_create(user_id=user_id, version=new_version)
        ring = keyring.load_user_keyring(user_id)
        for registered in keyring.encrypted_models():
            for row in registered.rows_for(user_id):
                changes = {
                    name: _reencrypt(value, ring=ring, label=registered.label, field_name=name, record_id=row.pk)
                    for name in registered.fields
                    if (value := getattr(row, name))
                }
                if changes:
                    # A queryset update: re-encryption is not an edit, so no version bump, no updated_at.
                    registered.model._default_manager.filter(pk=row.pk).update(**changes)
            if registered.after_rotate:
                registered.after_rotate(user_id, ring)
        DataKey.objects.filter(user_id=user_id, version__lt=new_version).delete()
    return new_version


@dataclass
class VerifyReport:
    checked: int = 0
    failures: list[str] = field(default_factory=list)
    # Keys and secrets that opened but are still wrapped the way they were before subkeys.
    old_format: int = 0
    # People whose journal is locked with their passphrase: their server layer opened, and what
    # is inside it is theirs alone to open, so their records are not tried.
    locked: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures


def keys_verify(*, on_failure: Callable[[str], None] | None = None) -> VerifyReport:
    """Decrypt every data key and every registered field. Failures name records, never content."""
    report = VerifyReport()

    def fail(what: str) -> None:
        report.failures.append(what)
        if on_failure:
            on_failure(what)

    rings: dict[str, UserKeyring | None] = {}
    locked: set[str] = set()

    def ring_for(user_id: Any) -> UserKeyring | None:
        key = str(user_id)
        if key not in rings:
            rows = list(DataKey.objects.filter(user_id=user_id))
            try:
                rings[key] = keyring.UserKeyring(user_id, keyring._open_data_keys(user_id, rows)) if rows else None
            except keyring.JournalLocked:
                rings[key] = None
                locked.add(key)
                _server_layer_check(user_id, rows, fail)
            except (DecryptionError, KeyringError):
                rings[key] = None
                fail(f"data key of user {user_id}")
        return rings[key]

    for user_id in DataKey.objects.values_list("user_id", flat=True).distinct():
        ring_for(user_id)
        report.checked += 1
    for data_key in DataKey.objects.values_list("wrapped", flat=True).iterator(chunk_size=500):
        report.old_format += int(keyring.wrap_is_legacy(data_key))
    for registered in keyring.encrypted_models():
        for row in registered.rows_for():
            ring = ring_for(registered.owner_id(row))
            if ring is None and str(registered.owner_id(row)) in locked:
                continue
            for name in registered.fields:
                value = getattr(row, name)
                if not value:
                    continue
                report.checked += 1
                try:
                    if ring is None:
                        raise DecryptionError("no key")
                    ring.decrypt(value, model=registered.label, field=name, record_id=row.pk)
                except DecryptionError:
                    fail(f"{registered.label} {row.pk} {name}")
    for wrapped in keyring.server_wrapped():
        if wrapped.verify is None:
            continue
        checked, failed_ids = wrapped.verify()
        report.checked += checked
        for record in failed_ids:
            fail(record)
        if wrapped.old_format is not None:
            report.old_format += wrapped.old_format()
    # A data key the server alone opens, in a journal its owner locked: the lock would be a lie.
    for user_id in DataKey.objects.filter(locked=False, user__journal_lock__isnull=False).values_list(
        "user_id", flat=True
    ):
        fail(f"data key of user {user_id}: not locked in a locked journal")
    report.locked = len(locked)
    return report


def _server_layer_check(user_id: Any, rows: list[DataKey], fail: Callable[[str], None]) -> None:
    # A locked journal's outer layer is still the server's to check: a wrong key file shows here.
    ring = keyring.server_keyring()
    for row in rows:
        try:
            keyring.unwrap_data_key(
                row.wrapped, server_key=ring.get(row.server_key_id), user_id=user_id, version=row.version
            )
        except (DecryptionError, KeyringError):
            fail(f"data key of user {user_id}")
            return

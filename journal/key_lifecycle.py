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
from django.db import DatabaseError, connection, transaction

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
    in_use = _server_keys_the_database_needs()
    if in_use:
        # A new k1 opens none of it, and once anything is written under it, the backed-up k1 can
        # no longer simply be put back: two different keys would share one name.
        raise KeyringError(
            f"{path} is missing, and the database already holds writing under server key(s) "
            f"{', '.join(in_use)}. A new key could not open it, so none was created. Put the key file "
            f"from your backup at {path}, owned by the user Waypoint runs as, mode 0600. "
            "If you meant to start over, point DATABASE_URL at a new, empty database first."
        )
    keyring.write_key_file(path, [ServerKey("k1", keyring.new_server_key_secret())])
    return True


def _server_keys_the_database_needs() -> list[str]:
    """The server key ids the database's data keys and other wrapped secrets use; [] before migrating."""
    name = str(connection.settings_dict["NAME"])
    in_memory = name == ":memory:" or "mode=memory" in name
    if connection.vendor == "sqlite" and not in_memory and not Path(name).exists():
        return []  # opening it would create it: a refused restore must find no file here
    try:
        if DataKey._meta.db_table not in connection.introspection.table_names():
            return []
        ids = set(DataKey.objects.values_list("server_key_id", flat=True).distinct())
        for wrapped in keyring.server_wrapped():
            ids |= wrapped.key_ids()
    except DatabaseError as exc:
        raise KeyringError(
            f"Waypoint could not look in its database ({exc}), so it cannot tell whether a new key file "
            "is safe to make; none was created. Check DATABASE_URL and that the database is running."
        ) from None
    return sorted(ids)


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
    moved = 0
    # Every row is looked at, not only those under an older key: wraps made before subkeys sit
    # under the active key too, and only their length tells them apart (SQL cannot, portably).
    # The outer layer only: a locked key (a journal's, or a plan its owner locked too) stays sealed
    # under their lock key inside it, so this never needs the person.
    rows = DataKey.objects.only("pk", "user_id", "scope", "version", "server_key_id", "wrapped").order_by("pk")
    for row in rows.iterator(chunk_size=500):
        if not keyring.wrap_needs_rewrap(row.wrapped, server_key_id=row.server_key_id, active_key_id=active.key_id):
            continue
        plain = keyring.data_key_unwrap_server_layer(row)
        owner = keyring.key_owner(row.user_id, row.scope)
        rewrapped = keyring.wrap_data_key(plain, server_key=active, user_id=owner, version=row.version)
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
    """Give a person a new data key in each of their scopes (the journal's, and the plan's once it
    has its own), re-encrypt everything they wrote, then shred the old versions.

    A locked journal (or a locked plan) needs the person's lock key in this request: without it
    JournalLocked is raised and nothing changes. Returns the journal's new data-key version.
    """
    with transaction.atomic():
        # The same per-person row lock as turning the lock on (journal/lock_services.py): a new
        # key is made locked or not by what is true once nobody else is changing their keys.
        get_user_model().objects.select_for_update().filter(pk=user_id).first()
        held = DataKey.objects.select_for_update().filter(user_id=user_id).values_list("scope", "version")
        versions: dict[str, list[int]] = {keyring.JOURNAL: []}
        for scope, version in held:
            versions.setdefault(scope, []).append(version)
        new_versions = {scope: max(found, default=0) + 1 for scope, found in versions.items()}
        for scope, version in new_versions.items():
            keyring.data_key_create(user_id=user_id, version=version, scope=scope)
        rings = {keyring.JOURNAL: keyring.load_user_keyring(user_id)}
        for scope in new_versions:
            rings[scope] = rings.get(scope) or keyring.load_scope_keyring(user_id, scope) or rings[keyring.JOURNAL]
        for registered in keyring.encrypted_models():
            # A scope the person has no key of is under their journal key (keyring.plan_keyring).
            _reencrypt_model(registered, user_id=user_id, ring=rings.get(registered.scope, rings[keyring.JOURNAL]))
        for scope, version in new_versions.items():
            DataKey.objects.filter(user_id=user_id, scope=scope, version__lt=version).delete()
    return new_versions[keyring.JOURNAL]


def _reencrypt_model(registered: keyring.EncryptedModel, *, user_id: Any, ring: UserKeyring) -> None:
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

    rings: dict[tuple[str, str], UserKeyring | None] = {}
    locked: set[str] = set()  # people whose journal is locked
    locked_scopes: set[tuple[str, str]] = set()
    has_key: set[tuple[str, str]] = {
        (str(user_id), scope) for user_id, scope in DataKey.objects.values_list("user_id", "scope").distinct()
    }

    def ring_for(user_id: Any, scope: str) -> UserKeyring | None:
        key = (str(user_id), scope)
        if scope != keyring.JOURNAL and key not in has_key:
            # No key of its own: the scope's records are under the journal's (keyring.plan_keyring).
            return ring_for(user_id, keyring.JOURNAL)
        if key not in rings:
            rows = list(DataKey.objects.filter(user_id=user_id, scope=scope))
            try:
                opened = keyring._open_data_keys(user_id, rows) if rows else None
                rings[key] = keyring.UserKeyring(user_id, opened, scope=scope) if opened else None
            except keyring.JournalLocked:
                rings[key] = None
                locked_scopes.add(key)
                if scope == keyring.JOURNAL:
                    locked.add(key[0])
                _server_layer_check(user_id, rows, fail)
            except (DecryptionError, KeyringError):
                rings[key] = None
                fail(
                    f"{scope} data key of user {user_id}" if scope != keyring.JOURNAL else f"data key of user {user_id}"
                )
        return rings[key]

    for user_id, scope in sorted(has_key):
        ring_for(user_id, scope)
        report.checked += 1
    for data_key in DataKey.objects.values_list("wrapped", flat=True).iterator(chunk_size=500):
        report.old_format += int(keyring.wrap_is_legacy(data_key))
    for registered in keyring.encrypted_models():
        for row in registered.rows_for():
            owner = str(registered.owner_id(row))
            ring = ring_for(owner, registered.scope)
            if ring is None and _ring_scope(owner, registered.scope, has_key) in locked_scopes:
                continue  # theirs alone to open: its server layer was checked above
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
    # A journal data key the server alone opens, in a journal its owner locked: the lock would be
    # a lie. (The plan's key is unlocked by default: outside the lock is where it belongs.)
    unlocked = DataKey.objects.filter(scope=keyring.JOURNAL, locked=False, user__journal_lock__isnull=False)
    for person in unlocked.values_list("user_id", flat=True):
        fail(f"data key of user {person}: not locked in a locked journal")
    # A locked key with no lock left to open it: nothing the person holds can open it any more.
    orphaned = DataKey.objects.filter(locked=True, user__journal_lock__isnull=True)
    for person in orphaned.values_list("user_id", flat=True).distinct():
        fail(f"data key of user {person}: locked, but the journal has no lock")
    report.locked = len(locked)
    return report


def _ring_scope(user_id: str, scope: str, has_key: set[tuple[str, str]]) -> tuple[str, str]:
    return (user_id, scope) if scope == keyring.JOURNAL or (user_id, scope) in has_key else (user_id, keyring.JOURNAL)


def _server_layer_check(user_id: Any, rows: list[DataKey], fail: Callable[[str], None]) -> None:
    # A locked key's outer layer is still the server's to check: a wrong key file shows here.
    for row in rows:
        try:
            keyring.data_key_unwrap_server_layer(row)
        except (DecryptionError, KeyringError):
            fail(f"data key of user {user_id}")
            return

"""Back up and restore Waypoint's database, and check that what comes back can be read.

A backup holds ciphertext only. The server key file is NOT in it, on purpose: keep the two
apart, so a stolen backup is unreadable, and so destroying a retired key (docs/backups.md)
makes old backups of deleted accounts unreadable too. The manifest names which server keys
the backup needs and a one-way fingerprint of each, never the keys themselves, so a restore
can tell the right key file from another installation's (every new installation's first key
is called k1) before it touches the database.
"""

from __future__ import annotations

import hmac
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils.crypto import salted_hmac

from backups.errors import BackupError
from backups.integrity import cannot_read, database_file_reads
from backups.pg_tools import pg_run, pg_tool
from journal.keyring import (
    KeyringError,
    ServerKey,
    key_file_path,
    keys_from_environment,
    legacy_server_key_fingerprint,
    server_key_fingerprint,
    server_keyring,
    server_wrapped,
)
from journal.models import DataKey

MANIFEST = "manifest.json"
# Format 2 adds server_key_fingerprints. Format 1 backups (made before) still restore, unchecked.
# Format 3 takes each fingerprint from the key's own fingerprint subkey, not the raw key (see
# journal/server_wraps.py); format 2 backups still restore, checked the way they were made.
# Format 4 adds secret_key_fingerprint: an older Waypoint then says "format 4" plainly instead of
# failing on a field it doesn't know.
FORMAT = 4
READABLE_FORMATS = {1, 2, 3, 4}
_RAW_KEY_FINGERPRINT_FORMATS = {2}


_ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class Manifest:
    format: int
    created_at: str
    engine: str
    database_file: str
    server_key_ids: list[str]
    # key id → server_key_fingerprint(); None in format 1 manifests, which had no fingerprints.
    server_key_fingerprints: dict[str, str] | None = None
    # secret_key_fingerprint() of the SECRET_KEY in use; None in backups made before it was kept.
    secret_key_fingerprint: str | None = None

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=2) + "\n"


def server_keys_in_use() -> list[str]:
    """Every server key id something in the database is wrapped with: data keys, MFA secrets, shared items."""
    ids = set(DataKey.objects.values_list("server_key_id", flat=True).distinct())
    for wrapped in server_wrapped():
        ids |= wrapped.key_ids()
    return sorted(ids)


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def tables_left_out() -> list[str]:
    """Tables whose rows a backup leaves out: who is signed in where, and the cache.

    Session rows hold only hashes of the cookies (accounts/sessions.py), but a backup is kept
    far longer than any session lives and has no use for them; the cache holds sign-in limit
    counters and copies of settings that the app rebuilds. The tables themselves stay, empty.
    """
    tables = [Session._meta.db_table, UserSession._meta.db_table]
    tables += [
        cache["LOCATION"]
        for cache in settings.CACHES.values()
        if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    ]
    return tables


def _sqlite_empty_tables(path: Path, tables: list[str]) -> None:
    db = sqlite3.connect(path)
    try:
        present = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in tables:
            if table in present:
                db.execute(f'DELETE FROM "{table}"')  # noqa: S608 - names from our own models and settings
        db.commit()
        # Deleted rows stay in the file's free pages until it is rewritten.
        db.execute("VACUUM")
    finally:
        db.close()


def _fingerprints(key_ids: list[str]) -> dict[str, str]:
    # A key already missing here cannot be fingerprinted: the backup is still made (the rest of
    # it is readable), backup_create says so, and a restore reports that key as not checked.
    if not key_ids:
        return {}
    try:
        held = {key.key_id: key for key in server_keyring().keys}
    except KeyringError:
        return {}
    return {key_id: server_key_fingerprint(held[key_id]) for key_id in key_ids if key_id in held}


def secret_key_fingerprint() -> str:
    """One-way, like the server keys' fingerprints: it tells this SECRET_KEY from another, nothing more.

    The codes people carry (a supporter's link code, sign-up and clinic invitations) are stored as
    HMACs under SECRET_KEY (accounts/secret_codes.py), so a restore under another one decrypts
    everything and still opens none of them.
    """
    return salted_hmac("waypoint-backups-secret-key-fingerprint", "fingerprint", algorithm="sha256").hexdigest()


def secret_key_differs(manifest: Manifest) -> bool:
    """True when this server's SECRET_KEY is not the one the backup was made with (when it says)."""
    made_with = manifest.secret_key_fingerprint
    return made_with is not None and not hmac.compare_digest(made_with, secret_key_fingerprint())


def backup_create(*, destination: Path) -> Manifest:
    """Write a consistent copy of the database and a manifest into a new folder."""
    engine = _engine()
    if destination.exists() and not destination.is_dir():
        raise BackupError(f"{destination} is a file, not a folder. Give the path of a new folder for each backup.")
    try:
        if destination.exists() and any(destination.iterdir()):
            raise BackupError(f"{destination} is not empty; choose a new folder for each backup.")
        made = not destination.exists()
        destination.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(
            f"Could not make the folder {destination} ({exc.strerror or exc}). Check the path, and that the "
            "user Waypoint runs as can write in the folder above it. Nothing was backed up."
        ) from None
    try:
        return _backup_write(destination=destination, engine=engine)
    except BaseException:
        # A half-written backup (pg_dump stopped, the disk filled) is no backup, and left behind it
        # made the same command, run again once the cause was fixed, refuse the folder as not empty.
        for written in destination.iterdir():
            written.unlink()
        if made:
            destination.rmdir()
        raise


def _backup_write(*, destination: Path, engine: str) -> Manifest:
    os.chmod(destination, 0o700)
    if engine == "sqlite":
        database_file = "waypoint.sqlite3"
        connection.ensure_connection()
        # Private from its first byte, not only once it is complete.
        os.close(os.open(destination / database_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        target = sqlite3.connect(destination / database_file)
        try:
            # SQLite's online backup copies a consistent snapshot while Waypoint keeps running.
            connection.connection.backup(target)
        finally:
            target.close()
        _sqlite_empty_tables(destination / database_file, tables_left_out())
    else:
        database_file = "waypoint.pgdump"
        left_out = [f"--exclude-table-data={table}" for table in tables_left_out()]
        pg_run(
            [
                pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                *left_out,
                f"--file={destination / database_file}",
            ]
        )
    os.chmod(destination / database_file, 0o600)
    key_ids = server_keys_in_use()
    manifest = Manifest(
        format=FORMAT,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        engine=engine,
        database_file=database_file,
        server_key_ids=key_ids,
        server_key_fingerprints=_fingerprints(key_ids),
        secret_key_fingerprint=secret_key_fingerprint(),
    )
    (destination / MANIFEST).write_text(manifest.to_json())
    return manifest


def manifest_read(source: Path) -> Manifest:
    try:
        data = json.loads((source / MANIFEST).read_text())
        manifest = Manifest(**data)
    except PermissionError:
        raise BackupError(f"{cannot_read(source / MANIFEST, source)} Nothing was changed.") from None
    except (OSError, ValueError, TypeError) as exc:
        raise BackupError(f"{source} does not hold a Waypoint backup ({exc}).") from None
    if manifest.format not in READABLE_FORMATS:
        readable = ", ".join(str(f) for f in sorted(READABLE_FORMATS))
        raise BackupError(
            f"This backup has format {manifest.format}; this Waypoint reads formats {readable}, so it was made by a "
            "newer Waypoint. Nothing was changed. Update Waypoint here to that version or newer (git pull, then "
            "make serve-setup, or make run), then try again."
        )
    return manifest


@dataclass(frozen=True)
class KeyCheck:
    """How the configured server keys compare with the ones a backup needs."""

    missing: list[str]
    different: list[str]
    # Needed keys the manifest holds no fingerprint for (format 1 backups): present, but unproven.
    unchecked: list[str]

    @property
    def ok(self) -> bool:
        return not self.missing and not self.different


def _key_source() -> str:
    return "WAYPOINT_KEYS" if keys_from_environment() else f"{key_file_path()} (WAYPOINT_KEY_FILE)"


def _put_keys_in_place() -> str:
    if keys_from_environment():
        return "Set WAYPOINT_KEYS to the keys that were in use when the backup was made, then try again."
    return (
        f"Copy the key file you backed up with this backup to {key_file_path()} (WAYPOINT_KEY_FILE), "
        "owned by the user Waypoint runs as, mode 0600, then try again."
    )


def _fingerprint_as_made(manifest: Manifest, key: ServerKey) -> str:
    # Compared the way the manifest's own Waypoint made it; new backups are only written the new way.
    if manifest.format in _RAW_KEY_FINGERPRINT_FORMATS:
        return legacy_server_key_fingerprint(key)
    return server_key_fingerprint(key)


def server_keys_check(manifest: Manifest) -> KeyCheck:
    """Compare the configured server keys with the backup's manifest. Reads keys, never the database."""
    if not manifest.server_key_ids:
        return KeyCheck([], [], [])
    try:
        held = {key.key_id: key for key in server_keyring().keys}
    except KeyringError as exc:
        if keys_from_environment() or key_file_path().exists():
            raise BackupError(f"{exc} Nothing was changed: the database is as it was.") from None
        held = {}  # no key file yet: every key the backup needs is reported as not there
    fingerprints = manifest.server_key_fingerprints or {}
    missing, different, unchecked = [], [], []
    for key_id in manifest.server_key_ids:
        key = held.get(key_id)
        if key is None:
            missing.append(key_id)
        elif key_id not in fingerprints:
            unchecked.append(key_id)
        elif not hmac.compare_digest(_fingerprint_as_made(manifest, key), fingerprints[key_id]):
            different.append(key_id)
    return KeyCheck(missing, different, unchecked)


def _refuse(manifest: Manifest, check: KeyCheck) -> BackupError:
    problems = [f"{key_id} is a different key with the same id" for key_id in check.different]
    problems += [f"{key_id} is not there" for key_id in check.missing]
    note = " (a new installation makes its own k1)" if "k1" in check.different else ""
    return BackupError(
        f"This backup needs server key(s) {', '.join(manifest.server_key_ids)} from the key file in use when "
        f"it was made, and {_key_source()} does not match: {'; '.join(problems)}{note}. "
        f"Nothing was changed: the database is as it was. {_put_keys_in_place()}"
    )


def _in_use(where: str, manifest: Manifest) -> BackupError:
    # --force throws away everything written since the backup: say so before anyone types it.
    return BackupError(
        f"{where} already holds a Waypoint database. Restoring replaces all of it: whatever was written "
        f"since this backup was made ({manifest.created_at}) would be gone. Nothing was changed. To restore "
        "anyway, stop Waypoint, keep a copy of what is there now with backup_create, then run this again "
        "with --force."
    )


def _sqlite_has_tables(path: Path) -> bool:
    # Starting Django creates an empty file (WAL mode); only one with tables holds anything.
    if not path.exists():
        return False
    with sqlite3.connect(path) as db:
        tables: int = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    return tables > 0


def backup_restore(*, source: Path, force: bool = False) -> tuple[Manifest, KeyCheck]:
    """Put a backup's database in place of the configured one, once the server keys match it.

    Every check happens before the database is touched: a wrong key file leaves it as it was.
    """
    manifest = manifest_read(source)
    engine = _engine()
    if manifest.engine != engine:
        wanted = _ENGINE_NAMES.get(manifest.engine, manifest.engine)
        raise BackupError(
            f"This is a {manifest.engine} backup, but Waypoint here is configured for {engine} (DATABASE_URL). "
            f"Nothing was changed. Restore it where DATABASE_URL names an empty {wanted} database, as the one it "
            "was made from did."
        )
    # Read to the end before anything is replaced: a half-copied or damaged file copied in place of
    # the database (with --force, in place of a good one) would leave nothing that opens.
    try:
        database_file_reads(source=source, engine=engine, database_file=manifest.database_file)
    except BackupError as exc:
        raise BackupError(f"{exc} Nothing was changed: the database is as it was.") from None
    check = server_keys_check(manifest)
    if not check.ok:
        raise _refuse(manifest, check)
    if engine == "sqlite":
        target = Path(str(connection.settings_dict["NAME"]))
        if _sqlite_has_tables(target) and not force:
            raise _in_use(str(target), manifest)
        connection.close()
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(source / manifest.database_file, target)
        os.chmod(target, 0o600)
    else:
        if not force and connection.introspection.table_names():
            raise _in_use(f"The database {connection.settings_dict['NAME']}", manifest)
        connection.close()
        args = [
            pg_tool("pg_restore"),
            "--no-owner",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
        ]
        if force:
            args.insert(1, "--clean")
            args.insert(2, "--if-exists")
        pg_run([*args, str(source / manifest.database_file)])
    return manifest, check

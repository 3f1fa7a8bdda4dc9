"""Check a backup without restoring it: the database that is serving is never opened for writing.

What it proves: the manifest is one this Waypoint reads; the database file is all there and reads
as what it claims to be (SQLite's integrity check, or pg_restore reading every block of the dump
into nothing); and the server keys configured here are the ones the backup needs, by fingerprint.
What it cannot: open any record. That needs the backup's rows in a database, which is what
backup_restore (and its keys_verify) does on a fresh installation.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from backups.archive import (
    KeyCheck,
    Manifest,
    manifest_read,
    secret_key_differs,
    server_keys_check,
)
from backups.errors import BackupError
from backups.pg_tools import pg_run, pg_tool


@dataclass(frozen=True)
class BackupCheck:
    manifest: Manifest
    size: int
    keys: KeyCheck
    secret_key_differs: bool


def _sqlite_reads(path: Path) -> None:
    # immutable: nothing is locked or written beside the file, not even a -shm, in the backup folder.
    try:
        # closing(): sqlite3's own "with" ends a transaction but leaves the file open.
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)) as db:
            result = [row[0] for row in db.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        result = [str(exc)]
    if result != ["ok"]:
        raise BackupError(
            f"{path} is damaged ({'; '.join(result[:3])}): it would not restore. Make a new backup, "
            "or use an older copy of this one."
        )


def _pg_dump_reads(path: Path) -> None:
    # Reads every block of the archive and writes the SQL nowhere: no database is connected to.
    try:
        pg_run([pg_tool("pg_restore"), f"--file={os.devnull}", str(path)])
    except BackupError as exc:
        raise BackupError(
            f"{path} does not read as a whole PostgreSQL backup: it would not restore ({exc}). Make a new "
            "backup, or use an older copy of this one."
        ) from None


def backup_check(*, source: Path) -> BackupCheck:
    """Raise BackupError saying what is wrong; otherwise say what was checked."""
    manifest = manifest_read(source)
    database = source / manifest.database_file
    if not database.is_file() or database.stat().st_size == 0:
        raise BackupError(
            f"{source} holds the backup's manifest but not its database file, {manifest.database_file}, or "
            "it is empty: the copy may be incomplete. Copy the whole backup folder again."
        )
    if manifest.engine == "sqlite":
        _sqlite_reads(database)
    elif manifest.engine == "postgresql":
        _pg_dump_reads(database)
    else:
        raise BackupError(f"{source} says it is a {manifest.engine} backup; Waypoint makes SQLite and PostgreSQL ones.")
    keys = server_keys_check(manifest)
    if not keys.ok:
        problems = [f"{key_id} here is a different key with the same id" for key_id in keys.different]
        problems += [f"{key_id} is not here" for key_id in keys.missing]
        # Never "copy it over": on a running server the key file here is the one in use.
        raise BackupError(
            f"The backup itself reads, but it needs server key(s) {', '.join(manifest.server_key_ids)} and the "
            f"keys configured here do not match: {'; '.join(problems)}. To restore it you will need the key "
            "file that was in use when it was made, from your key backup (kept apart from database backups)."
        )
    return BackupCheck(manifest, database.stat().st_size, keys, secret_key_differs(manifest))

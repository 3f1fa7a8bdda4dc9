"""Does a backup's database file read from start to end? Asked by backup_check, and by backup_restore
before it replaces anything: a half-copied file would otherwise take the place of a good database.
"""

from __future__ import annotations

import os
import pwd
import sqlite3
from contextlib import closing
from pathlib import Path

from backups.errors import BackupError
from backups.pg_tools import pg_run, pg_tool


def cannot_read(path: Path, folder: Path) -> BackupError:
    """A backup this user may not open. Said plainly: "does not hold a backup" or "damaged" sent
    people looking for a fault in a good copy, when it was only owned by whoever copied it here."""
    user = pwd.getpwuid(os.geteuid()).pw_name
    return BackupError(
        f"{path} cannot be read by {user}, the user this runs as. A backup is private to the user who made "
        f"or copied it: give the whole folder to the user Waypoint runs as (chown -R {user}: {folder}), "
        "then try again."
    )


def _openable(path: Path, folder: Path) -> None:
    try:
        path.open("rb").close()
    except PermissionError:
        raise cannot_read(path, folder) from None


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


def database_file_reads(*, source: Path, engine: str, database_file: str) -> Path:
    """The backup's database file, once it is there, not empty, and reads as what it claims to be."""
    database = source / database_file
    # An empty SQLite file passes the integrity check (it is an empty database): restored, it would
    # leave a fresh installation with nobody on it.
    if not database.is_file() or database.stat().st_size == 0:
        raise BackupError(
            f"{source} holds the backup's manifest but not its database file, {database_file}, or "
            "it is empty: the copy may be incomplete. Copy the whole backup folder again."
        )
    _openable(database, source)
    if engine == "sqlite":
        _sqlite_reads(database)
    elif engine == "postgresql":
        _pg_dump_reads(database)
    else:
        raise BackupError(f"{source} says it is a {engine} backup; Waypoint makes SQLite and PostgreSQL ones.")
    return database

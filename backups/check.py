"""Check a backup without restoring it: the database that is serving is never opened for writing.

What it proves: the manifest is one this Waypoint reads; the database file is all there and reads
as what it claims to be (SQLite's integrity check, or pg_restore reading every block of the dump
into nothing); and the server keys configured here are the ones the backup needs, by fingerprint.
What it cannot: open any record. That needs the backup's rows in a database, which is what
backup_restore (and its keys_verify) does on a fresh installation.
"""

from __future__ import annotations

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
from backups.integrity import database_file_reads


@dataclass(frozen=True)
class BackupCheck:
    manifest: Manifest
    size: int
    keys: KeyCheck
    secret_key_differs: bool


def backup_check(*, source: Path) -> BackupCheck:
    """Raise BackupError saying what is wrong; otherwise say what was checked."""
    manifest = manifest_read(source)
    database = database_file_reads(source=source, engine=manifest.engine, database_file=manifest.database_file)
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

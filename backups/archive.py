"""Back up and restore Waypoint's database, and check that what comes back can be read.

A backup holds ciphertext only. The server key file is NOT in it, on purpose: keep the two
apart, so a stolen backup is unreadable, and so destroying a retired key (docs/backups.md)
makes old backups of deleted accounts unreadable too. The manifest names which server keys
the backup needs, never the keys themselves.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection

from journal.keyring import server_keyring
from journal.models import DataKey

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Manifest:
    format: int
    created_at: str
    engine: str
    database_file: str
    server_key_ids: list[str]

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=2) + "\n"


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _pg_tool(name: str) -> str:
    # CI and clinics may keep several PostgreSQL versions; PG_DUMP / PG_RESTORE pick one.
    explicit = os.environ.get(name.upper())
    if explicit:
        return explicit
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} was not found. Install the PostgreSQL client tools or set {name.upper()}.")
    return found


def _pg_env() -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(settings.get("HOST") or ""),
            "PGPORT": str(settings.get("PORT") or ""),
            "PGUSER": str(settings.get("USER") or ""),
            "PGDATABASE": str(settings["NAME"]),
        }
    )
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return env


def backup_create(*, destination: Path) -> Manifest:
    """Write a consistent copy of the database and a manifest into a new folder."""
    engine = _engine()
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty; choose a new folder for each backup.")
    destination.mkdir(parents=True, exist_ok=True)
    os.chmod(destination, 0o700)
    if engine == "sqlite":
        database_file = "waypoint.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(destination / database_file)
        try:
            # SQLite's online backup copies a consistent snapshot while Waypoint keeps running.
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        database_file = "waypoint.pgdump"
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={destination / database_file}"],
            env=_pg_env(),
            check=True,
            capture_output=True,
        )
    os.chmod(destination / database_file, 0o600)
    key_ids = sorted(set(DataKey.objects.values_list("server_key_id", flat=True)))
    manifest = Manifest(
        format=FORMAT,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        engine=engine,
        database_file=database_file,
        server_key_ids=key_ids,
    )
    (destination / MANIFEST).write_text(manifest.to_json())
    return manifest


def manifest_read(source: Path) -> Manifest:
    try:
        data = json.loads((source / MANIFEST).read_text())
        manifest = Manifest(**data)
    except (OSError, ValueError, TypeError) as exc:
        raise BackupError(f"{source} does not hold a Waypoint backup ({exc}).") from None
    if manifest.format != FORMAT:
        raise BackupError(f"This backup has format {manifest.format}; this Waypoint reads format {FORMAT}.")
    return manifest


def missing_server_keys(manifest: Manifest) -> list[str]:
    available = {key.key_id for key in server_keyring().keys}
    return [key_id for key_id in manifest.server_key_ids if key_id not in available]


def _sqlite_has_tables(path: Path) -> bool:
    # Starting Django creates an empty file (WAL mode); only one with tables holds anything.
    if not path.exists():
        return False
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0


def backup_restore(*, source: Path, force: bool = False) -> Manifest:
    """Put a backup's database in place of the configured one."""
    manifest = manifest_read(source)
    engine = _engine()
    if manifest.engine != engine:
        raise BackupError(f"This is a {manifest.engine} backup, but Waypoint is configured for {engine}.")
    missing = missing_server_keys(manifest)
    if missing:
        raise BackupError(
            f"The key file does not hold the server key(s) {', '.join(missing)} this backup needs. "
            "Restore the key file that was in use when the backup was made, then try again."
        )
    if engine == "sqlite":
        target = Path(str(connection.settings_dict["NAME"]))
        if _sqlite_has_tables(target) and not force:
            raise BackupError(f"{target} already exists. Move it aside, or pass --force to replace it.")
        connection.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(source / manifest.database_file, target)
        os.chmod(target, 0o600)
    else:
        connection.close()
        args = [
            _pg_tool("pg_restore"),
            "--no-owner",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
        ]
        if force:
            args.insert(1, "--clean")
            args.insert(2, "--if-exists")
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [*args, str(source / manifest.database_file)], env=_pg_env(), check=True, capture_output=True
        )
    return manifest

"""A clinic's backup, restored on a fresh machine: every record decrypts, and only with the right key file.

Runs against whichever database the suite runs on: SQLite files locally, PostgreSQL databases in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SENTINEL = "SENTINEL-backup-words-" + uuid.uuid4().hex

WRITE = f"""
from accounts.models import User
from journal.services import entry_create
person = User.objects.create_user("river@example.com", "a long gentle password 9")
entry_create(author=person, body="{SENTINEL}", title="Tuesday")
"""
READ = """
from accounts.models import User
from journal.models import Entry
from journal.selectors import entry_texts
person = User.objects.get(email="river@example.com")
print(entry_texts(user=person, entry=Entry.objects.get(owner=person)).body)
"""


class Machine:
    """One Waypoint installation: its own data folder (keys, SQLite file) and database."""

    def __init__(self, data_dir: Path, database_url: str | None) -> None:
        self.data_dir = data_dir
        self.database_url = database_url
        data_dir.mkdir()

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "WAYPOINT_KEYS", "WAYPOINT_KEY_FILE"}}
        env.update(SECRET_KEY="backup-test-" + "x" * 40, HTTPS="false", WAYPOINT_DATA_DIR=str(self.data_dir))
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result


@pytest.fixture
def database_urls() -> Iterator[tuple[str | None, str | None]]:
    """Two empty databases of the suite's engine: the clinic's, and the fresh machine's."""
    if connection.vendor == "sqlite":
        yield None, None
        return
    import psycopg

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    names = [f"waypoint_backup_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{base}/{names[0]}", f"{base}/{names[1]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_on_a_fresh_machine_and_every_record_decrypts(
    tmp_path: Path, database_urls: tuple[str | None, str | None]
) -> None:
    clinic = Machine(tmp_path / "clinic", database_urls[0])
    clinic.manage("setup")
    clinic.manage("shell", "-c", WRITE)
    made = clinic.manage("backup_create", str(tmp_path / "backup"))
    assert "key file is not in the backup" in made.stdout

    backup_files = list((tmp_path / "backup").iterdir())
    assert not any(path.name == "keys" for path in backup_files)
    for path in backup_files:
        assert SENTINEL.encode() not in path.read_bytes(), path.name

    fresh = Machine(tmp_path / "fresh", database_urls[1])
    shutil.copy2(clinic.data_dir / "keys", fresh.data_dir / "keys")
    restored = fresh.manage("backup_restore", str(tmp_path / "backup"))
    assert "items decrypt" in restored.stdout
    assert fresh.manage("shell", "-c", READ).stdout.strip().splitlines()[-1] == SENTINEL


def test_a_backup_restored_with_the_wrong_key_file_says_so_and_shows_nothing(
    tmp_path: Path, database_urls: tuple[str | None, str | None]
) -> None:
    clinic = Machine(tmp_path / "clinic", database_urls[0])
    clinic.manage("setup")
    clinic.manage("shell", "-c", WRITE)
    clinic.manage("backup_create", str(tmp_path / "backup"))

    stranger = Machine(tmp_path / "stranger", database_urls[1])
    stranger.manage("keys_create")
    result = stranger.manage("backup_restore", str(tmp_path / "backup"), check=False)
    assert result.returncode != 0
    assert "did not decrypt" in result.stderr
    assert SENTINEL not in result.stdout + result.stderr

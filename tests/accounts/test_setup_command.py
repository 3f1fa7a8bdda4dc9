from __future__ import annotations

import os
import stat
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.management.commands.setup import data_make_private
from journal import keyring
from journal.key_lifecycle import keys_create
from journal.keyring import ServerKey, user_keyring
from prompts.models import Sequence
from safety.models import CrisisResource


@pytest.mark.django_db
def test_setup_loads_shipped_data_and_running_it_again_changes_nothing() -> None:
    call_command("setup", stdout=StringIO())
    sequences, resources = Sequence.objects.count(), CrisisResource.objects.count()
    assert sequences >= 8
    assert resources > 0
    call_command("setup", stdout=StringIO())
    assert (Sequence.objects.count(), CrisisResource.objects.count()) == (sequences, resources)


ROOT = Path(__file__).resolve().parents[2]
# The suite's own settings; `make run` sets its own.
_NOT_MAKE_RUN = {
    "SECRET_KEY",
    "HTTPS",
    "DEBUG",
    "DATABASE_URL",
    "CACHE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "WAYPOINT_DATA_DIR",
    "WAYPOINT_KEYS",
    "WAYPOINT_KEY_FILE",
}
# While a connection is open, SQLite keeps the -wal and -shm files beside the database.
_MODES_WHILE_WRITING = """
import os, stat
from django.conf import settings
from accounts.models import User
User.objects.create_user("river@example.com", "a long gentle password 9")
db = settings.DATABASES["default"]["NAME"]
print(" ".join(oct(stat.S_IMODE(os.stat(f"{db}{s}").st_mode)) for s in ("", "-wal", "-shm")))
"""


def _mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def test_make_run_keeps_its_data_folder_and_every_file_in_it_private(tmp_path: Path) -> None:
    # `make run` in a fresh checkout (tmp_path), by someone whose umask lets others read their files.
    for name in ("manage.py", ".venv"):
        (tmp_path / name).symlink_to(ROOT / name)
    env = {k: v for k, v in os.environ.items() if k not in _NOT_MAKE_RUN}
    made = subprocess.run(
        ["make", "-f", str(ROOT / "Makefile"), "-C", str(tmp_path), "-o", ".venv/.installed", "setup"],
        env=env,
        umask=0o022,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert made.returncode == 0, made.stdout + made.stderr

    data = tmp_path / "var"
    assert _mode(data) == "0o700"
    for name in ("secret_key", "keys", "db.sqlite3"):
        assert _mode(data / name) == "0o600", name
    # Collected static files too (Django's storage chmods them 0644 unless told otherwise).
    readable = [p for p in data.rglob("*") if _mode(p) != ("0o700" if p.is_dir() else "0o600")]
    assert not readable, readable[:5]

    # What `make run` serves with: its settings, its umask, a write in progress.
    env.update(WAYPOINT_DATA_DIR=str(data), SECRET_KEY_FILE=str(data / "secret_key"), HTTPS="false")
    writing = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", _MODES_WHILE_WRITING],
        cwd=ROOT,
        env=env,
        umask=0o022,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert writing.returncode == 0, writing.stderr
    assert writing.stdout.strip().splitlines()[-1].split() == ["0o600", "0o600", "0o600"]


def test_setup_takes_back_a_database_that_an_earlier_version_left_readable(tmp_path: Path) -> None:
    data = tmp_path / "var"
    data.mkdir()
    data.chmod(0o755)
    database, wal, keys = data / "db.sqlite3", data / "db.sqlite3-wal", data / "keys"
    for path, mode in ((database, 0o644), (wal, 0o644), (keys, 0o600)):
        path.write_bytes(b"")
        path.chmod(mode)

    changed = data_make_private(data_dir=data, files=[keys, database, wal, data / "db.sqlite3-shm"])
    assert changed == [data, database, wal]
    assert [_mode(p) for p in (data, database, wal, keys)] == ["0o700", "0o600", "0o600", "0o600"]


def test_setup_stops_when_the_key_file_is_missing_and_makes_no_new_one(
    settings: Any, tmp_path: Path, alice: Any
) -> None:
    """A tired operator's missing key file: setup used to make a new one, say "Back it up", and
    let gunicorn start, so every person met an error page."""
    settings.WAYPOINT_KEYS = ""
    settings.WAYPOINT_KEY_FILE = tmp_path / "keys"
    keys_create()
    user_keyring(alice)  # alice's data key, wrapped with this file's k1
    settings.WAYPOINT_KEY_FILE.unlink()
    with pytest.raises(CommandError, match=r"missing or unreadable[\s\S]*Restore the key file"):
        call_command("setup", stdout=StringIO())
    assert not settings.WAYPOINT_KEY_FILE.exists()


def test_setup_stops_when_the_key_file_belongs_to_another_installation(
    settings: Any, tmp_path: Path, alice: Any
) -> None:
    settings.WAYPOINT_KEYS = ""
    settings.WAYPOINT_KEY_FILE = tmp_path / "keys"
    keys_create()
    user_keyring(alice)
    settings.WAYPOINT_KEY_FILE.unlink()
    # Another installation's file: a fresh k1, not the one alice's key is wrapped with.
    keyring.write_key_file(settings.WAYPOINT_KEY_FILE, [ServerKey("k1", keyring.new_server_key_secret())])
    with pytest.raises(CommandError, match=r"do not open the data keys[\s\S]*Restore the key file"):
        call_command("setup", stdout=StringIO())


def test_setup_makes_a_data_folder_that_is_not_there_yet(tmp_path: Path) -> None:
    """`manage.py setup` with WAYPOINT_DATA_DIR set to a new folder, as a first walk-through does."""
    data = tmp_path / "new" / "var"
    env = {k: v for k, v in os.environ.items() if k not in _NOT_MAKE_RUN}
    env.update(WAYPOINT_DATA_DIR=str(data), SECRET_KEY="setup-test-only", HTTPS="false")
    made = subprocess.run(
        [sys.executable, "manage.py", "setup"],
        cwd=ROOT,
        env=env,
        umask=0o022,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert made.returncode == 0, made.stderr[-2000:]
    assert "Reflection library ready" in made.stdout
    assert _mode(data) == "0o700"
    assert [_mode(data / name) for name in ("db.sqlite3", "keys")] == ["0o600", "0o600"]

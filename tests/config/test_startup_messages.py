"""What a clinic's admin sees when Waypoint cannot start: one message saying what to do, no traceback,
and gunicorn (the systemd unit in docs/deployment.md) stops rather than serve with the wrong keys."""

from __future__ import annotations

import base64
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import machines
from tests.machines import empty_databases

WRITE = """
from accounts.models import User
from journal.services import entry_create
entry_create(author=User.objects.create_user("river@example.com", "a long gentle password 9"), body="words")
print("written")
"""
DATA_KEYS = "from journal.models import DataKey; print(DataKey.objects.count())"


def _gunicorn(machine: machines.Machine) -> subprocess.CompletedProcess[str]:
    """gunicorn as the unit starts it; it must stop by itself, not keep serving."""
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    return subprocess.run(
        [gunicorn, "config.wsgi", "--bind", "127.0.0.1:0", "--workers", "1", "--no-control-socket"],
        cwd=machines.ROOT,
        env=machine.env(),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def used(tmp_path: Path) -> Iterator[machines.Machine]:
    """An installation where someone has written."""
    with empty_databases(1) as (url,):
        machine = machines.Machine(tmp_path / "clinic", url)
        machine.manage("setup")
        assert machine.shell(WRITE) == "written"
        yield machine


def test_manage_py_says_what_is_wrong_with_a_setting_without_a_traceback(tmp_path: Path) -> None:
    machine = machines.Machine(tmp_path / "clinic", None)
    env = {k: v for k, v in machine.env().items() if k != "SECRET_KEY"}
    env["SECRET_KEY_FILE"] = str(tmp_path / "not-there")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=machines.ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY_FILE points to" in result.stderr
    assert "Traceback" not in result.stderr


def test_gunicorn_without_its_key_file_stops_with_the_message_alone(used: machines.Machine) -> None:
    used.key_file.unlink()
    result = _gunicorn(used)
    assert result.returncode != 0
    assert "key file" in result.stderr and "is missing" in result.stderr
    assert "restore the key file from your backup" in result.stderr
    assert "Traceback" not in result.stderr


def test_gunicorn_with_another_installations_key_file_does_not_start(used: machines.Machine) -> None:
    """It used to serve: everyone met an error page, and newcomers' data keys were wrapped with a
    key that was never this database's, unreadable once the right file was put back."""
    used.key_file.write_text(f"k1:{base64.b64encode(secrets.token_bytes(32)).decode()}\n")
    result = _gunicorn(used)
    assert result.returncode != 0
    assert "do not open the data keys in this database" in result.stderr
    assert "from your backup" in result.stderr
    assert "Traceback" not in result.stderr
    assert used.shell(DATA_KEYS) == "1"

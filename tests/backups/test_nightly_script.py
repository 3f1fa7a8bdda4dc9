"""docs/backups.md's nightly script, run as written: a checked backup in a new dated folder, and
only then backups past the 35 days go; when the backup or its check fails, nothing is deleted.

The guide's `waypoint-run` (runuser, the service's settings) is stood in for by one that runs the
command in this checkout against a throwaway data folder; /srv/backups becomes a temporary folder.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DAY = 24 * 60 * 60


def _script(backups: Path) -> str:
    guide = (ROOT / "docs" / "backups.md").read_text(encoding="utf-8")
    found = re.search(r"## Every night, by itself\n.*?```sh\n(.*?)```", guide, re.S)
    assert found is not None, "backups.md has no nightly script"
    return found.group(1).replace("/srv/backups", str(backups))


def _waypoint_run(bin_dir: Path, data: Path, *, failing: str = "") -> None:
    # Every command the script runs is `.venv/bin/python manage.py <command> <folder>`.
    refuse = f'[ "$3" = "{failing}" ] && exit 1\n' if failing else ""
    bin_dir.mkdir(exist_ok=True)
    helper = bin_dir / "waypoint-run"
    helper.write_text(
        f'#!/bin/sh\n{refuse}cd "{ROOT}" && exec env WAYPOINT_DATA_DIR="{data}" SECRET_KEY=nightly-test '
        f'HTTPS=false DEBUG=false "{sys.executable}" "$2" "$3" "$4"\n'
    )
    helper.chmod(0o755)


def _old(folder: Path, days: int) -> Path:
    folder.mkdir()
    then = time.time() - days * DAY
    os.utime(folder, (then, then))
    return folder


def _run(tmp_path: Path, backups: Path) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "waypoint-backup"
    script.write_text(_script(backups))
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["PATH"] = f"{tmp_path / 'bin'}:{env['PATH']}"
    return subprocess.run(["sh", str(script)], env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {"WAYPOINT_DATA_DIR": str(folder), "SECRET_KEY": "nightly-test", "HTTPS": "false", "DEBUG": "false"}
    for command in (["migrate", "--noinput"], ["keys_create", "--if-missing"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stdout + done.stderr
    return folder


def test_the_nightly_script_keeps_a_checked_backup_and_lets_only_old_backups_go(tmp_path: Path, data: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir(mode=0o700)
    _waypoint_run(tmp_path / "bin", data)
    expired = _old(backups / "waypoint-2026-10-01-0315", 40)
    before_upgrade = _old(backups / "waypoint-before-upgrade-2026-10-02", 40)
    recent = _old(backups / "waypoint-2026-11-30-0315", 7)
    not_ours = _old(backups / "photos", 400)
    there = set(backups.iterdir())

    result = _run(tmp_path, backups)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "reads from start to end" in result.stdout, "backup_check read the new backup"
    [made] = set(backups.iterdir()) - there
    assert re.fullmatch(r"waypoint-\d{4}-\d\d-\d\d-\d{4}", made.name) and (made / "manifest.json").exists()
    assert not expired.exists() and not before_upgrade.exists()
    assert recent.exists() and not_ours.exists()


def test_a_backup_whose_check_fails_deletes_nothing(tmp_path: Path, data: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir(mode=0o700)
    _waypoint_run(tmp_path / "bin", data, failing="backup_check")
    expired = _old(backups / "waypoint-2026-10-01-0315", 40)

    result = _run(tmp_path, backups)

    assert result.returncode != 0, "systemd shows the run as failed"
    assert expired.exists(), "the last good backups stay while the new one is not known to be good"

"""`make manage ARGS=...` runs a manage.py command with the settings `make run` uses."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_make_manage_runs_a_command_against_make_runs_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "var"
    result = subprocess.run(
        ["make", "-s", "manage", "ARGS=check", f"DATA={data}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified" in result.stdout
    # The same secret-key file `make run` makes, in the folder it was given.
    assert (data / "secret_key").exists()


def test_make_manage_without_a_command_says_how_to_use_it() -> None:
    result = subprocess.run(["make", "-s", "manage"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert 'make manage ARGS="createsuperuser"' in result.stdout

"""A good backup that the user running the command may not open, because someone else copied it there.

backup_create keeps each backup private to its user (0700, 0600). Copied to a new machine as root,
then restored as the waypoint user the way docs/backups.md says, it cannot be opened: the command
should say that, not that the folder holds no backup or that the copy is damaged. The tests run as
root, which may open anything, so the refusal the operating system would give is stood in for.
"""

from __future__ import annotations

import json
import os
import pwd
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

ORIGINAL_OPEN = Path.open
# A backup of the database this runs on (CI runs the suite on SQLite and on PostgreSQL): the engine
# is checked before the files are read.
DATABASE_FILE = "waypoint.sqlite3" if connection.vendor == "sqlite" else "waypoint.pgdump"


def _copied_by_root(folder: Path, monkeypatch: pytest.MonkeyPatch, *, unreadable: str) -> None:
    def refusing_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.parent == folder and self.name == unreadable:
            raise PermissionError(13, "Permission denied", str(self))
        return ORIGINAL_OPEN(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing_open)


@pytest.fixture
def backup_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "waypoint-2026-11-26"
    folder.mkdir()
    manifest = {
        "format": 4,
        "created_at": "2026-11-26T02:00:00+00:00",
        "engine": connection.vendor,
        "database_file": DATABASE_FILE,
        "server_key_ids": [],
        "server_key_fingerprints": {},
        "secret_key_fingerprint": None,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    (folder / DATABASE_FILE).write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    return folder


@pytest.mark.parametrize("command", ["backup_check", "backup_restore"])
@pytest.mark.parametrize("unreadable", ["manifest.json", DATABASE_FILE])
def test_a_backup_this_user_cannot_open_says_so_and_whose_it_should_be(
    backup_folder: Path, monkeypatch: pytest.MonkeyPatch, command: str, unreadable: str
) -> None:
    _copied_by_root(backup_folder, monkeypatch, unreadable=unreadable)
    with pytest.raises(CommandError) as refused:
        call_command(command, str(backup_folder))
    said = str(refused.value)
    assert f"{backup_folder / unreadable} cannot be read by" in said
    assert f"chown -R {pwd.getpwuid(os.geteuid()).pw_name}: {backup_folder}" in said
    assert "does not hold a Waypoint backup" not in said
    assert "damaged" not in said

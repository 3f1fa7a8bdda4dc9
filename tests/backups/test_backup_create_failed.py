"""A backup that stops half-way leaves nothing behind, so the same command works once the cause is fixed."""

from __future__ import annotations

import errno
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from backups import archive


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_backup_that_stopped_half_way_can_be_made_again_in_the_same_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "backups" / "waypoint-2026-11-26"

    def disk_full(*_args: object) -> list[str]:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched:
        # The database file is written by then (either engine); the disk fills before the manifest.
        patched.setattr(archive, "server_keys_in_use", disk_full)
        with pytest.raises(OSError):
            run("backup_create", str(folder))
    assert not folder.exists()
    assert f"Backed up to {folder}." in run("backup_create", str(folder))


@pytest.mark.django_db(transaction=True)
def test_the_backup_names_the_secret_key_file_when_the_server_uses_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `make run` and many servers set SECRET_KEY_FILE, not SECRET_KEY: the file is what to copy.
    monkeypatch.setenv("SECRET_KEY_FILE", "/etc/waypoint/secret_key")
    said = run("backup_create", str(tmp_path / "with-file"))
    assert "the secret key file /etc/waypoint/secret_key (SECRET_KEY_FILE)" in said
    monkeypatch.delenv("SECRET_KEY_FILE")
    assert "the secret key (SECRET_KEY)" in run("backup_create", str(tmp_path / "plain"))

"""backup_check: an admin's way to know a backup is good without restoring it over anything."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass
class Backup:
    clinic: machines.Machine
    folder: Path


@pytest.fixture(scope="module")
def backup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backup]:
    root = tmp_path_factory.mktemp("clinic")
    with empty_databases(1) as (url,):
        clinic = machines.Machine(root / "clinic", url)
        clinic.manage("setup")
        assert clinic.shell(WRITE) == "written"
        clinic.manage("backup_create", str(root / "backup"))
        yield Backup(clinic, root / "backup")


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[machines.Machine]:
    with empty_databases(1) as (url,):
        yield machines.Machine(tmp_path / "fresh", url)


def _files(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}


def test_a_good_backup_is_confirmed_and_nothing_changes(backup: Backup) -> None:
    before = _files(backup.folder)
    result = backup.clinic.manage("backup_check", str(backup.folder))
    assert "reads from start to end" in result.stdout
    assert "the ones it needs (k1), with matching fingerprints" in result.stdout
    assert "Nothing was restored or changed." in result.stdout
    assert result.stderr == ""
    assert _files(backup.folder) == before  # not even a -shm beside a SQLite copy


def test_a_backup_cut_short_in_copying_is_reported_as_one_that_would_not_restore(
    backup: Backup, tmp_path: Path
) -> None:
    cut = tmp_path / "cut"
    shutil.copytree(backup.folder, cut)
    database = next(path for path in cut.iterdir() if path.name != "manifest.json")
    database.write_bytes(database.read_bytes()[: database.stat().st_size // 2])
    result = backup.clinic.manage("backup_check", str(cut), check=False)
    assert result.returncode != 0
    assert "would not restore" in result.stderr
    assert "Traceback" not in result.stderr


def test_another_installations_key_file_is_named_and_nothing_is_touched(
    backup: Backup, fresh: machines.Machine
) -> None:
    fresh.manage("keys_create")
    result = fresh.manage("backup_check", str(backup.folder), check=False)
    assert result.returncode != 0
    assert "k1 here is a different key with the same id" in result.stderr
    assert "from your key backup" in result.stderr
    assert "Traceback" not in result.stderr
    assert fresh.untouched()


def test_the_right_key_file_under_another_secret_key_passes_and_says_what_codes_would_stop(
    backup: Backup, fresh: machines.Machine
) -> None:
    shutil.copy2(backup.clinic.key_file, fresh.key_file)
    fresh.secret_key = "another-secret-key-" + "y" * 40
    result = fresh.manage("backup_check", str(backup.folder))
    assert "with matching fingerprints" in result.stdout
    assert "made under another SECRET_KEY" in result.stderr
    assert fresh.untouched()


def test_a_backup_of_a_fresh_install_says_it_needs_no_key_yet(fresh: machines.Machine, tmp_path: Path) -> None:
    # Before anyone wrote anything it said "It needs the server key file with key(s): none yet",
    # which read as a key gone missing.
    fresh.manage("setup")
    result = fresh.manage("backup_create", str(tmp_path / "first-backup"))
    assert "Nothing in it is encrypted with a server key yet, so it needs no key file to be read." in result.stdout
    assert "none yet" not in result.stdout and "key(s):" not in result.stdout

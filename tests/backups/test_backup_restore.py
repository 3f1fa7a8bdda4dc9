"""A clinic's backup, restored on a fresh machine: every record decrypts, and only with the right key file.

Each "machine" (tests/machines.py) is a real `manage.py` in its own process, with its own data
folder and database: SQLite files locally, PostgreSQL databases in CI.
"""

from __future__ import annotations

import base64
import json
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from journal.keyring import ServerKey, parse_server_keys, server_key_fingerprint
from tests import machines
from tests.journal.legacy_wraps import legacy_fingerprint
from tests.machines import empty_databases

SENTINEL = "SENTINEL-backup-words-" + uuid.uuid4().hex
FRESH_SENTINEL = "SENTINEL-fresh-machine-words-" + uuid.uuid4().hex
LOCKED_SENTINEL = "SENTINEL-locked-journal-words-" + uuid.uuid4().hex
PASSPHRASE = "the tide comes back in"

WRITE = """
from accounts.models import User
from journal.services import entry_create
person = User.objects.create_user({email!r}, "a long gentle password 9")
entry_create(author=person, body={words!r}, title="Tuesday")
"""
READ = """
from accounts.models import User
from journal.models import Entry
from journal.selectors import entry_texts
person = User.objects.filter(email={email!r}).first()
print(entry_texts(user=person, entry=Entry.objects.get(owner=person)).body if person else "nobody")
"""
# A second person who turned the journal lock on (#17), with a cheap Argon2id (its cost is stored).
LOCK = """
from accounts.models import User
from journal.lock_keys import KdfParams
from journal.lock_services import lock_turn_on
person = User.objects.get(email={email!r})
lock_turn_on(user=person, passphrase={passphrase!r}, params=KdfParams(memory_kib=1024, iterations=1, lanes=1))
print("locked")
"""
READ_LOCKED = """
from accounts.models import User
from journal.keyring import JournalLocked, journal_unlocked
from journal.lock_services import lock_open_with_passphrase
from journal.models import Entry
from journal.selectors import entry_texts
person = User.objects.get(email={email!r})
entry = Entry.objects.get(owner=person)
try:
    entry_texts(user=person, entry=entry)
    without = "opened"
except JournalLocked:
    without = "locked"
with journal_unlocked(person.pk, lock_open_with_passphrase(user=person, passphrase={passphrase!r})):
    print(without, entry_texts(user=person, entry=entry).body)
"""
SIGN_IN = """
from allauth.usersessions.models import UserSession
from django.core.cache import cache
from accounts.models import User
from accounts.sessions import SessionStore
person = User.objects.get(email={email!r})
session = SessionStore()
session["_auth_user_id"] = str(person.pk)
session.save()
UserSession.objects.create(user=person, ip="127.0.0.1", session_key=session.session_key, user_agent="phone")
cache.set("sign-in-tries", 3)
"""
SIGNED_IN = """
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core.cache import cache
print(Session.objects.count(), UserSession.objects.count(), cache.get("sign-in-tries"))
"""


class Machine(machines.Machine):
    def write(self, email: str, words: str) -> None:
        self.shell(WRITE.format(email=email, words=words) + "\nprint('written')")

    def read(self, email: str) -> str:
        return self.shell(READ.format(email=email))

    def signed_in(self) -> str:
        """Sessions, "where you are signed in" rows, and a cached sign-in counter."""
        return self.shell(SIGNED_IN)


@dataclass
class ClinicBackup:
    clinic: Machine
    folder: Path


@pytest.fixture(scope="module")
def clinic_backup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClinicBackup]:
    """A clinic that has been used (one person wrote an entry), and a backup of it. Made once: it is slow."""
    root = tmp_path_factory.mktemp("clinic")
    with empty_databases(1) as (url,):
        clinic = Machine(root / "clinic", url)
        clinic.manage("setup")
        clinic.write("river@example.com", SENTINEL)
        clinic.write("lake@example.com", LOCKED_SENTINEL)
        assert clinic.shell(LOCK.format(email="lake@example.com", passphrase=PASSPHRASE)) == "locked"
        clinic.manage("shell", "-c", SIGN_IN.format(email="river@example.com"))
        assert clinic.signed_in() == "1 1 3"
        made = clinic.manage("backup_create", str(root / "backup"))
        assert "key file is not in the backup" in made.stdout
        yield ClinicBackup(clinic, root / "backup")


def _keys(key_file: Path) -> dict[str, ServerKey]:
    return {key.key_id: key for key in parse_server_keys(key_file.read_text(), source=str(key_file))}


TO_LEGACY = "from tests.journal.legacy_wraps import data_keys_to_legacy\nprint(data_keys_to_legacy())"


@pytest.fixture(scope="module")
def old_clinic_backup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClinicBackup]:
    """A backup as Waypoint made it before subkeys: data keys wrapped with the raw server key, and a
    format 2 manifest whose fingerprints are HMACs under the raw key."""
    root = tmp_path_factory.mktemp("old-clinic")
    with empty_databases(1) as (url,):
        clinic = Machine(root / "clinic", url)
        clinic.manage("setup")
        clinic.write("river@example.com", SENTINEL)
        assert clinic.shell(TO_LEGACY) == "1"
        clinic.manage("backup_create", str(root / "backup"))
        manifest_file = root / "backup" / "manifest.json"
        manifest = json.loads(manifest_file.read_text())
        keys = _keys(clinic.key_file)
        manifest["format"] = 2
        manifest["server_key_fingerprints"] = {key_id: legacy_fingerprint(keys[key_id]) for key_id in keys}
        manifest_file.write_text(json.dumps(manifest))
        yield ClinicBackup(clinic, root / "backup")


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Machine]:
    """A new machine with nothing on it yet."""
    with empty_databases(1) as (url,):
        yield Machine(tmp_path / "fresh", url)


def test_a_backup_holds_neither_the_writing_nor_the_key(clinic_backup: ClinicBackup) -> None:
    secret = base64.b64decode(clinic_backup.clinic.key_file.read_text().splitlines()[-1].partition(":")[2])
    backup_files = list(clinic_backup.folder.iterdir())
    assert not any(path.name == "keys" for path in backup_files)
    for path in backup_files:
        content = path.read_bytes()
        assert SENTINEL.encode() not in content, path.name
        assert LOCKED_SENTINEL.encode() not in content, path.name
        for form in (secret, base64.b64encode(secret), secret.hex().encode()):
            assert form not in content, path.name
    manifest = json.loads((clinic_backup.folder / "manifest.json").read_text())
    assert manifest["server_key_ids"] == ["k1"]
    # Written only the new way: from the key's fingerprint subkey, never the raw key.
    k1 = _keys(clinic_backup.clinic.key_file)["k1"]
    assert manifest["format"] == 4
    assert manifest["server_key_fingerprints"] == {"k1": server_key_fingerprint(k1)}
    assert manifest["server_key_fingerprints"]["k1"] != legacy_fingerprint(k1)


def test_a_backup_restores_on_a_fresh_machine_and_every_record_decrypts(
    clinic_backup: ClinicBackup, fresh: Machine
) -> None:
    # Step 1 of docs/backups.md: the key file goes in place first.
    shutil.copy2(clinic_backup.clinic.key_file, fresh.key_file)
    restored = fresh.manage("backup_restore", str(clinic_backup.folder))
    assert "server keys match this backup (k1)" in restored.stdout
    assert "items decrypt" in restored.stdout
    assert fresh.read("river@example.com") == SENTINEL
    # A locked journal comes back locked: checked as far as the server can, opened only by its passphrase.
    assert "1 journal(s) are locked with their owner's passphrase" in restored.stdout
    assert (
        fresh.shell(READ_LOCKED.format(email="lake@example.com", passphrase=PASSPHRASE)) == f"locked {LOCKED_SENTINEL}"
    )
    # Who was signed in where, and the cache, stayed behind: a backup opens no session.
    assert fresh.signed_in() == "0 0 None"
    assert "SECRET_KEY" not in restored.stderr, "the same secret key: nothing to say about it"


SUPPORTER_CODE = """
from accounts.models import User
from supporters.services import link_make, supporter_add
person = User.objects.get(email="river@example.com")
made = link_make(supporter=supporter_add(owner=person, name="Sam"), days=7, with_code=True)
print(made.link.pk, made.code)
"""
CODE_OPENS = """
from supporters.link_secrets import code_matches
from supporters.models import SupporterLink
link = SupporterLink.objects.get(pk={link_id!r})
print(code_matches({code!r}, link_id=link.pk, expected=link.code_hash))
"""


def test_a_restore_under_another_secret_key_says_the_codes_people_hold_stop_working(
    clinic_backup: ClinicBackup, tmp_path: Path
) -> None:
    # Every record decrypted, yet a supporter's code (and every invitation) opened nothing: their
    # hashes are keyed by SECRET_KEY, which a fresh machine makes anew, and nothing said so.
    with empty_databases(2) as (clinic_url, fresh_url):
        clinic = Machine(tmp_path / "clinic", clinic_url)
        clinic.manage("setup")
        clinic.write("river@example.com", SENTINEL)
        link_id, code = clinic.shell(SUPPORTER_CODE).split()
        clinic.manage("backup_create", str(tmp_path / "backup"))
        fresh = Machine(tmp_path / "fresh", fresh_url)
        fresh.secret_key = "a-new-machines-own-secret-" + "y" * 30
        shutil.copy2(clinic.key_file, fresh.key_file)
        restored = fresh.manage("backup_restore", str(tmp_path / "backup"))
        assert "items decrypt" in restored.stdout
        assert fresh.shell(CODE_OPENS.format(link_id=link_id, code=code)) == "False"
        assert "SECRET_KEY is not the one the backup was made with" in restored.stderr
        assert "supporters' link codes, sign-up and clinic invitations" in restored.stderr
        # With the old secret key put back, as the message says, the code opens its link again.
        fresh.secret_key = clinic.secret_key
        assert fresh.shell(CODE_OPENS.format(link_id=link_id, code=code)) == "True"


def test_a_fresh_install_with_its_own_k1_is_refused_before_its_database_is_touched(
    clinic_backup: ClinicBackup, fresh: Machine
) -> None:
    # The QA walk-through: setup on the new machine made its own k1, then restore --force.
    fresh.manage("setup")
    fresh.write("sky@example.com", FRESH_SENTINEL)
    refused = fresh.manage("backup_restore", "--force", str(clinic_backup.folder), check=False)

    assert refused.returncode != 0
    assert "k1 is a different key with the same id" in refused.stderr
    assert f"Copy the key file you backed up with this backup to {fresh.key_file} (WAYPOINT_KEY_FILE)" in (
        refused.stderr
    )
    assert "cannot decrypt" not in refused.stderr
    assert fresh.read("sky@example.com") == FRESH_SENTINEL
    assert fresh.read("river@example.com") == "nobody"

    # Following the message: with the backed-up key file in place, the same command restores.
    shutil.copy2(clinic_backup.clinic.key_file, fresh.key_file)
    restored = fresh.manage("backup_restore", "--force", str(clinic_backup.folder))
    assert "items decrypt" in restored.stdout
    assert fresh.read("river@example.com") == SENTINEL


def test_a_machine_without_a_key_file_is_refused_and_told_where_the_key_file_goes(
    clinic_backup: ClinicBackup, fresh: Machine
) -> None:
    refused = fresh.manage("backup_restore", str(clinic_backup.folder), check=False)
    assert refused.returncode != 0
    assert "k1 is not there" in refused.stderr
    assert str(fresh.key_file) in refused.stderr
    assert fresh.untouched()
    assert fresh.table_count() == 0


def test_a_folder_that_is_not_a_backup_is_refused_and_nothing_is_created(fresh: Machine, tmp_path: Path) -> None:
    not_a_backup = tmp_path / "holiday-photos"
    not_a_backup.mkdir()
    (not_a_backup / "manifest.json").write_text("{}")
    refused = fresh.manage("backup_restore", str(not_a_backup), check=False)
    assert refused.returncode != 0
    assert "does not hold a Waypoint backup" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert fresh.untouched()


def _as_made_before_fingerprints(folder: Path, into: Path) -> Path:
    shutil.copytree(folder, into)
    manifest = json.loads((into / "manifest.json").read_text())
    manifest["format"] = 1
    del manifest["server_key_fingerprints"]
    (into / "manifest.json").write_text(json.dumps(manifest))
    return into


def test_a_backup_made_before_fingerprints_still_restores_and_says_the_keys_were_not_checked(
    clinic_backup: ClinicBackup, fresh: Machine, tmp_path: Path
) -> None:
    old = _as_made_before_fingerprints(clinic_backup.folder, tmp_path / "old-backup")
    shutil.copy2(clinic_backup.clinic.key_file, fresh.key_file)
    restored = fresh.manage("backup_restore", str(old))
    assert "the key check could not be done" in restored.stderr
    assert "items decrypt" in restored.stdout
    assert fresh.read("river@example.com") == SENTINEL


def test_a_backup_made_before_fingerprints_with_the_wrong_key_file_shows_nothing(
    clinic_backup: ClinicBackup, fresh: Machine, tmp_path: Path
) -> None:
    old = _as_made_before_fingerprints(clinic_backup.folder, tmp_path / "old-backup")
    fresh.manage("keys_create")
    result = fresh.manage("backup_restore", str(old), check=False)
    assert result.returncode != 0
    assert "the key check could not be done" in result.stderr
    assert "did not decrypt" in result.stderr
    assert SENTINEL not in result.stdout + result.stderr


def test_a_backup_made_before_subkeys_is_checked_restored_and_every_record_decrypts(
    old_clinic_backup: ClinicBackup, fresh: Machine
) -> None:
    shutil.copy2(old_clinic_backup.clinic.key_file, fresh.key_file)
    restored = fresh.manage("backup_restore", str(old_clinic_backup.folder))
    assert "server keys match this backup (k1)" in restored.stdout  # the raw-key fingerprint was checked
    assert "items decrypt" in restored.stdout
    assert "1 of them are still wrapped the way they were before subkeys" in restored.stdout
    assert fresh.read("river@example.com") == SENTINEL

    fresh.manage("keys_rewrap")
    verified = fresh.manage("keys_verify").stdout
    assert "items decrypt" in verified and "before subkeys" not in verified
    assert fresh.read("river@example.com") == SENTINEL


def test_a_backup_made_before_subkeys_is_refused_with_another_installations_k1(
    old_clinic_backup: ClinicBackup, fresh: Machine
) -> None:
    fresh.manage("keys_create")
    refused = fresh.manage("backup_restore", str(old_clinic_backup.folder), check=False)
    assert refused.returncode != 0
    assert "k1 is a different key with the same id" in refused.stderr
    assert fresh.untouched()


def test_a_backup_copied_without_its_database_file_is_refused_and_nothing_is_lost(
    clinic_backup: ClinicBackup, fresh: Machine, tmp_path: Path
) -> None:
    # The right key file, a database in use, and a backup folder whose copy stopped half-way.
    shutil.copy2(clinic_backup.clinic.key_file, fresh.key_file)
    fresh.manage("setup")
    fresh.write("sky@example.com", FRESH_SENTINEL)
    half_copied = tmp_path / "half-copied"
    half_copied.mkdir()
    shutil.copy2(clinic_backup.folder / "manifest.json", half_copied)

    refused = fresh.manage("backup_restore", "--force", str(half_copied), check=False)
    assert refused.returncode != 0
    assert "not its database file" in refused.stderr
    assert "Nothing was changed" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert fresh.read("sky@example.com") == FRESH_SENTINEL


@pytest.mark.parametrize("damage", ["cut short", "emptied"])
def test_a_damaged_backup_is_refused_before_it_replaces_the_database_in_use(
    clinic_backup: ClinicBackup, fresh: Machine, tmp_path: Path, damage: str
) -> None:
    # A copy that stopped part-way (a full disk, a dropped connection), restored with --force
    # over a database people use: it used to replace it, then fail with a traceback.
    shutil.copy2(clinic_backup.clinic.key_file, fresh.key_file)
    fresh.manage("setup")
    fresh.write("sky@example.com", FRESH_SENTINEL)
    damaged = shutil.copytree(clinic_backup.folder, tmp_path / "damaged")
    database = next(path for path in damaged.iterdir() if path.name != "manifest.json")
    whole = database.read_bytes()
    database.write_bytes(whole[: len(whole) // 2] if damage == "cut short" else b"")

    refused = fresh.manage("backup_restore", "--force", str(damaged), check=False)
    assert refused.returncode != 0
    assert "Traceback" not in refused.stderr
    assert "Nothing was changed" in refused.stderr
    assert fresh.read("sky@example.com") == FRESH_SENTINEL


@pytest.mark.parametrize("where", ["a file", "inside a file"])
def test_a_backup_into_a_path_that_cannot_be_a_folder_says_so_kindly(
    fresh: Machine, tmp_path: Path, where: str
) -> None:
    # A tired operator's typo: the database's own path, or a folder under a file.
    a_file = tmp_path / "db.sqlite3"
    a_file.write_bytes(b"keep me")
    destination = a_file if where == "a file" else a_file / "backup-1"
    refused = fresh.manage("backup_create", str(destination), check=False)
    assert refused.returncode != 0
    assert "Traceback" not in refused.stderr
    assert ("is a file, not a folder" if where == "a file" else "Could not make the folder") in refused.stderr
    assert a_file.read_bytes() == b"keep me"


def test_restoring_over_a_database_in_use_is_refused_and_says_what_force_would_lose(
    clinic_backup: ClinicBackup, fresh: Machine
) -> None:
    shutil.copy2(clinic_backup.clinic.key_file, fresh.key_file)
    fresh.manage("setup")
    fresh.write("sky@example.com", FRESH_SENTINEL)
    refused = fresh.manage("backup_restore", str(clinic_backup.folder), check=False)
    assert refused.returncode != 0
    assert "Traceback" not in refused.stderr
    assert "already holds a Waypoint database" in refused.stderr
    assert "since this backup was made" in refused.stderr
    assert "stop Waypoint, keep a copy of what is there now with backup_create" in refused.stderr
    assert fresh.read("sky@example.com") == FRESH_SENTINEL


def _with_manifest(folder: Path, into: Path, **changes: object) -> Path:
    shutil.copytree(folder, into)
    manifest = json.loads((into / "manifest.json").read_text())
    (into / "manifest.json").write_text(json.dumps({**manifest, **changes}))
    return into


def test_a_backup_from_a_newer_waypoint_says_to_update_first_and_nothing_changes(
    clinic_backup: ClinicBackup, fresh: Machine, tmp_path: Path
) -> None:
    newer = _with_manifest(clinic_backup.folder, tmp_path / "newer", format=99)
    shutil.copy2(clinic_backup.clinic.key_file, fresh.key_file)
    refused = fresh.manage("backup_restore", str(newer), check=False)
    assert refused.returncode != 0
    assert "made by a newer Waypoint" in refused.stderr
    assert "Update Waypoint here" in refused.stderr
    assert fresh.untouched()


def test_a_backup_of_the_other_database_engine_says_where_it_restores(
    clinic_backup: ClinicBackup, fresh: Machine, tmp_path: Path
) -> None:
    manifest = json.loads((clinic_backup.folder / "manifest.json").read_text())
    other = "postgresql" if manifest["engine"] == "sqlite" else "sqlite"
    moved = _with_manifest(clinic_backup.folder, tmp_path / "other", engine=other)
    shutil.copy2(clinic_backup.clinic.key_file, fresh.key_file)
    refused = fresh.manage("backup_restore", str(moved), check=False)
    assert refused.returncode != 0
    assert f"This is a {other} backup" in refused.stderr
    assert "Restore it where DATABASE_URL names an empty" in refused.stderr
    assert fresh.untouched()

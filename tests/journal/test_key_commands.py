from __future__ import annotations

import uuid
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from journal import keyring
from journal.keyring import user_keyring
from journal.models import DataKey, Entry
from journal.selectors import entry_texts
from journal.services import entry_create, tag_digest
from tests.journal.locking import lock_journal


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_keys_create_writes_a_private_file_once(settings: Any, tmp_path: Path) -> None:
    settings.WAYPOINT_KEYS = ""
    settings.WAYPOINT_KEY_FILE = tmp_path / "var" / "keys"
    assert "Back it up" in run("keys_create")
    first = settings.WAYPOINT_KEY_FILE.read_text()
    run("keys_create", "--if-missing")
    assert settings.WAYPOINT_KEY_FILE.read_text() == first
    with pytest.raises(CommandError, match="never overwrites"):
        run("keys_create")


def test_keys_create_leaves_a_broken_file_alone_and_says_so(settings: Any, tmp_path: Path) -> None:
    settings.WAYPOINT_KEYS = ""
    settings.WAYPOINT_KEY_FILE = tmp_path / "keys"
    settings.WAYPOINT_KEY_FILE.write_text("k1:tooshort\n")
    with pytest.raises(CommandError, match=r"base64|bytes"):
        run("keys_create", "--if-missing")
    assert settings.WAYPOINT_KEY_FILE.read_text() == "k1:tooshort\n"


def test_keys_create_by_hand_never_makes_a_new_key_for_writing_under_a_lost_one(own_key_file: Path, alice: Any) -> None:
    """An admin whose key file went missing, following "run keys_create" from the start-up message:
    a new k1 opened nothing, and once anyone wrote under it the backed-up k1 could not go back."""
    user_keyring(alice)  # alice's data key, wrapped with k1 of the file about to go missing
    own_key_file.unlink()
    for args in [(), ("--if-missing",)]:
        with pytest.raises(CommandError, match=r"holds writing under server key\(s\) k1[\s\S]*from your backup"):
            run("keys_create", *args)
        assert not own_key_file.exists()


def test_server_key_rotation_in_phases_keeps_everything_readable(own_key_file: Path, alice: Any) -> None:
    record_id = uuid.uuid4()
    blob = user_keyring(alice).encrypt("still mine", model="journal.Entry", field="body", record_id=record_id)

    run("keys_add")
    assert keyring.read_server_keyring().active.key_id == "k1"  # phase 1: added, not yet active
    run("keys_activate", "k2")
    assert keyring.read_server_keyring().active.key_id == "k2"
    with pytest.raises(CommandError, match="keys_rewrap"):
        run("keys_retire", "k1")  # alice's data key is still wrapped with k1
    assert "Rewrapped 1 key." in run("keys_rewrap")
    assert set(DataKey.objects.values_list("server_key_id", flat=True)) == {"k2"}
    run("keys_retire", "k1")
    assert keyring.read_server_keyring().ids() == ["k2"]

    keyring.forget_user_keyring(alice)
    assert user_keyring(alice).decrypt(blob, model="journal.Entry", field="body", record_id=record_id) == "still mine"


def test_the_active_key_cannot_be_retired(own_key_file: Path) -> None:
    with pytest.raises(CommandError, match="active"):
        run("keys_retire", "k1")


def test_keys_verify_names_the_broken_record_but_never_its_content(alice: Any, capsys: Any) -> None:
    good = entry_create(author=alice, body="a good day to remember")
    broken = entry_create(author=alice, body="secret words that stay secret")
    assert "decrypt" in run("keys_verify")

    type(broken).objects.filter(pk=broken.pk).update(body=bytes(good.body))
    err = StringIO()
    with pytest.raises(CommandError, match="did not decrypt"):
        call_command("keys_verify", stdout=StringIO(), stderr=err)
    assert str(broken.pk) in err.getvalue()
    assert str(good.pk) not in err.getvalue()
    assert "secret words" not in err.getvalue() + capsys.readouterr().out


def test_rotating_a_persons_data_key_reencrypts_their_writing(alice: Any, bob: Any) -> None:
    entry = entry_create(author=alice, body="before the rotation", tags=["sleep"])
    bobs = entry_create(author=bob, body="bob's own words")
    old_body = bytes(entry.body)
    version_before = entry.version

    run("keys_rotate_user", alice.email)

    assert list(DataKey.objects.filter(user=alice).values_list("version", flat=True)) == [2]
    fresh = Entry.objects.get(pk=entry.pk)
    assert bytes(fresh.body) != old_body
    assert keyring.record_data_key_version(bytes(fresh.body)) == 2
    assert fresh.version == version_before  # re-encryption is not an edit
    keyring.forget_user_keyring(alice)
    assert entry_texts(user=alice, entry=fresh).body == "before the rotation"
    assert entry_texts(user=alice, entry=fresh).tags == ["sleep"]
    assert Entry.objects.filter(owner=alice, tags__digest=tag_digest(user_keyring(alice), "Sleep")).exists()
    assert entry_texts(user=bob, entry=Entry.objects.get(pk=bobs.pk)).body == "bob's own words"


def test_a_backup_from_before_a_deletion_is_unreadable_once_the_server_key_is_retired(
    own_key_file: Path, alice: Any, bob: Any
) -> None:
    entry_create(author=alice, body="from the old backup")
    entry_create(author=bob, body="bob stays")
    backup_key = DataKey.objects.get(user=alice)  # what a database backup holds
    alice_id = alice.pk

    DataKey.objects.filter(user=alice).delete()
    alice.delete()
    run("keys_add")
    run("keys_activate", "k2")
    run("keys_rewrap")
    run("keys_retire", "k1")

    ring = keyring.read_server_keyring()
    with pytest.raises(keyring.KeyringError):
        ring.get(backup_key.server_key_id)
    for server_key in ring.keys:  # no key that still exists opens the backed-up data key
        with pytest.raises(keyring.DecryptionError):
            keyring.unwrap_data_key(backup_key.wrapped, server_key=server_key, user_id=alice_id, version=1)
    assert "All" in run("keys_verify")  # everyone still here can read everything


def test_rotating_a_data_key_covers_every_app_that_registered_its_fields(alice: Any) -> None:
    from safety.plan_sections import CONTACT_SECTIONS, SECTIONS
    from safety.services import coping_item_add, plan_contact_add, plan_step_save

    plan_step_save(owner=alice, section=SECTIONS[0].slug, body="notice the signs", obstacles="tiredness")
    plan_contact_add(owner=alice, section=CONTACT_SECTIONS[0], name="Sam", phone="555 0100")
    coping_item_add(owner=alice, group="comfort", text="a warm shower")
    entry_create(author=alice, body="journal too")

    run("keys_rotate_user", alice.email)

    # Every registered field of every app now opens with the new key alone.
    assert list(DataKey.objects.filter(user=alice).values_list("version", flat=True)) == [2]
    ring = keyring.load_user_keyring(alice.pk)
    checked = 0
    for registered in keyring.encrypted_models():
        for row in registered.rows_for(alice.pk):
            for name in registered.fields:
                if value := getattr(row, name):
                    assert keyring.record_data_key_version(value) == 2
                    ring.decrypt(value, model=registered.label, field=name, record_id=row.pk)
                    checked += 1
    assert checked >= 6
    assert "All" in run("keys_verify")


def test_rotating_a_locked_persons_data_key_says_why_not_and_changes_nothing(alice: Any) -> None:
    _recovery, lock_key = lock_journal(alice)
    with keyring.journal_unlocked(alice.pk, lock_key):
        entry = entry_create(author=alice, body="kept under her own lock")
    keys_before = list(
        DataKey.objects.filter(user=alice).order_by("scope", "version").values_list("scope", "version", "wrapped")
    )

    with pytest.raises(CommandError, match="locked with their own passphrase"):
        run("keys_rotate_user", alice.email)

    assert (
        list(DataKey.objects.filter(user=alice).order_by("scope", "version").values_list("scope", "version", "wrapped"))
        == keys_before
    )
    keyring.forget_user_keyring(alice)
    with keyring.journal_unlocked(alice.pk, lock_key):
        assert entry_texts(user=alice, entry=Entry.objects.get(pk=entry.pk)).body == "kept under her own lock"


def test_rotation_steps_never_ask_for_a_restart(own_key_file: Path) -> None:
    """Every step is safe while Waypoint serves (docs/encryption.md); the commands said to restart."""
    added = run("keys_add")
    activated = run("keys_activate", "k2")
    for said in (added, activated):
        assert "restart" not in said.lower().replace("no restart", "")
    assert "keys_activate k2" in added
    assert "keys_rewrap" in activated


def test_keys_add_says_to_copy_the_key_file_to_the_key_backup_before_activating(own_key_file: Path) -> None:
    # The key backup made at setup holds only k1; once k2 is active, new writing needs k2.
    added = run("keys_add")
    assert "Copy the key file to your key backup now, before `keys_activate k2`" in added


def test_keys_verify_with_the_key_file_missing_says_so_once(own_key_file: Path, alice: Any) -> None:
    entry_create(author=alice, body="still mine", title="Tuesday")
    own_key_file.unlink()
    err = StringIO()
    with pytest.raises(CommandError, match=r"key file .* is missing[\s\S]*restore the key file from your backup"):
        call_command("keys_verify", stdout=StringIO(), stderr=err)
    assert "cannot decrypt" not in err.getvalue()


def test_keys_verify_with_another_installations_key_file_says_which_file_to_restore(
    own_key_file: Path, alice: Any
) -> None:
    entry_create(author=alice, body="still mine", title="Tuesday")
    own_key_file.unlink()
    keyring.write_key_file(own_key_file, [keyring.ServerKey("k1", keyring.new_server_key_secret())])
    with pytest.raises(CommandError, match=r"None opened: .*keys is probably not the key file"):
        call_command("keys_verify", stdout=StringIO(), stderr=StringIO())

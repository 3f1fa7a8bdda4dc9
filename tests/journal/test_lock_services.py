"""The optional lock's services (journal/lock_services.py) against the real keyring and database.

The person's words are tried the way someone holding the database and the key file would try
them: with Waypoint's own keyring, in a fresh process state (nothing cached).
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from journal import keyring, lock_services
from journal.key_lifecycle import keys_verify, user_data_key_rotate
from journal.keyring import JournalLocked, journal_unlocked, user_keyring
from journal.lock_keys import KdfParams, WrongSecret
from journal.models import DataKey, Entry, JournalLock
from journal.selectors import entry_texts
from journal.services import entry_create

FAST = KdfParams(memory_kib=1024, iterations=1, lanes=1)  # Argon2id's cost is stored per seal
PASSPHRASE = "the tide comes back in"


def _fresh(user: Any) -> Any:
    """As a new process would see the person: nothing cached on the user object."""
    keyring.forget_user_keyring(user)
    return user


def _locked_alice(alice: Any) -> tuple[Entry, str, bytes]:
    entry = entry_create(author=alice, title="Tuesday", body="I rang Sam before it got worse")
    recovery_key, lock_key = lock_services.lock_turn_on(user=alice, passphrase=PASSPHRASE, params=FAST)
    return entry, recovery_key, lock_key


def test_with_the_lock_on_the_database_and_key_file_together_read_nothing(alice: Any, bob: Any) -> None:
    entry, _recovery, lock_key = _locked_alice(alice)
    bobs = entry_create(author=bob, title="Mine", body="bob's own words")
    stored = DataKey.objects.get(user=alice, scope="journal")
    assert stored.locked and JournalLock.objects.filter(user=alice).exists()

    # Waypoint's own keyring, with the database and the key file, and no passphrase: nothing opens.
    with pytest.raises(JournalLocked):
        user_keyring(_fresh(alice))
    # Not even by hand: the server layer opens to a sealed value, which is no AES key of hers.
    inner = keyring.unwrap_data_key(
        stored.wrapped, server_key=keyring.server_keyring().get(stored.server_key_id), user_id=alice.pk, version=1
    )
    assert len(inner) != 32
    forced = keyring.UserKeyring(alice.pk, {1: inner[-32:]})
    with pytest.raises(keyring.DecryptionError):
        forced.decrypt(Entry.objects.get(pk=entry.pk).body, model="journal.Entry", field="body", record_id=entry.pk)

    # Someone else's journal is untouched by her lock, and her key opens only hers.
    assert entry_texts(user=_fresh(bob), entry=bobs).body == "bob's own words"
    with journal_unlocked(bob.pk, lock_key), pytest.raises(JournalLocked):
        user_keyring(_fresh(alice))

    # With her lock key in this request, everything reads and writes as before.
    with journal_unlocked(alice.pk, lock_key):
        assert entry_texts(user=_fresh(alice), entry=entry).body == "I rang Sam before it got worse"
        later = entry_create(author=alice, body="written while unlocked")
    with journal_unlocked(alice.pk, lock_key):
        assert entry_texts(user=_fresh(alice), entry=later).body == "written while unlocked"


def test_the_passphrase_and_the_recovery_key_each_open_it_and_wrong_ones_do_not(alice: Any) -> None:
    _entry, recovery_key, lock_key = _locked_alice(alice)
    assert lock_services.lock_open_with_passphrase(user=alice, passphrase=PASSPHRASE) == lock_key
    assert lock_services.lock_open_with_recovery_key(user=alice, recovery_key=recovery_key.lower()) == lock_key
    with pytest.raises(WrongSecret):
        lock_services.lock_open_with_passphrase(user=alice, passphrase=PASSPHRASE.upper())
    with pytest.raises(WrongSecret):
        lock_services.lock_open_with_recovery_key(user=alice, recovery_key="0" * 32)
    with pytest.raises(ValueError):
        lock_services.lock_open_with_recovery_key(user=alice, recovery_key="my cat's name")


def test_a_new_passphrase_reseals_only_the_lock_key_and_the_old_one_stops_working(alice: Any) -> None:
    entry, recovery_key, lock_key = _locked_alice(alice)
    data_keys = list(DataKey.objects.filter(user=alice).values_list("wrapped", flat=True))
    body = bytes(Entry.objects.get(pk=entry.pk).body)

    # Forgot the passphrase: the recovery key opens the lock, and a new passphrase is set.
    opened = lock_services.lock_open_with_recovery_key(user=alice, recovery_key=recovery_key)
    lock_services.lock_passphrase_change(user=alice, lock_key=opened, passphrase="a new one", params=FAST)

    assert list(DataKey.objects.filter(user=alice).values_list("wrapped", flat=True)) == data_keys
    assert bytes(Entry.objects.get(pk=entry.pk).body) == body
    with pytest.raises(WrongSecret):
        lock_services.lock_open_with_passphrase(user=alice, passphrase=PASSPHRASE)
    assert lock_services.lock_open_with_passphrase(user=alice, passphrase="a new one") == lock_key
    # A lock key that is not this lock's cannot set a passphrase.
    with pytest.raises(keyring.DecryptionError):
        lock_services.lock_passphrase_change(user=alice, lock_key=b"x" * 32, passphrase="taken over", params=FAST)
    assert lock_services.lock_open_with_passphrase(user=alice, passphrase="a new one") == lock_key


def test_a_new_recovery_key_replaces_the_old_one(alice: Any) -> None:
    _entry, old, lock_key = _locked_alice(alice)
    new = lock_services.lock_recovery_key_replace(user=alice, lock_key=lock_key)
    assert new != old
    assert lock_services.lock_open_with_recovery_key(user=alice, recovery_key=new) == lock_key
    with pytest.raises(WrongSecret):
        lock_services.lock_open_with_recovery_key(user=alice, recovery_key=old)


def test_turning_it_off_while_unlocked_makes_the_journal_open_with_the_server_key_again(alice: Any) -> None:
    entry, _recovery, lock_key = _locked_alice(alice)
    with pytest.raises(lock_services.LockAlreadyOn):
        lock_services.lock_turn_on(user=alice, passphrase="again", params=FAST)
    lock_services.lock_turn_off(user=alice, lock_key=lock_key)
    assert not JournalLock.objects.filter(user=alice).exists()
    assert not DataKey.objects.filter(user=alice, locked=True).exists()
    assert entry_texts(user=_fresh(alice), entry=entry).body == "I rang Sam before it got worse"


def test_a_persons_data_key_rotation_needs_them_and_keeps_the_new_key_locked(alice: Any) -> None:
    entry, _recovery, lock_key = _locked_alice(alice)
    with pytest.raises(JournalLocked):
        user_data_key_rotate(user_id=alice.pk)
    assert list(DataKey.objects.filter(user=alice, scope="journal").values_list("version", flat=True)) == [1]

    with journal_unlocked(alice.pk, lock_key):
        assert user_data_key_rotate(user_id=alice.pk) == 2
    # Both of her keys are new; the plan's stays outside the lock, as she left it.
    keys = DataKey.objects.filter(user=alice).order_by("scope").values_list("scope", "version", "locked")
    assert list(keys) == [("journal", 2, True), ("plan", 2, False)]
    with pytest.raises(JournalLocked):
        user_keyring(_fresh(alice))
    with journal_unlocked(alice.pk, lock_key):
        reread = Entry.objects.get(pk=entry.pk)  # re-encrypted under the new version
        assert entry_texts(user=_fresh(alice), entry=reread).body == "I rang Sam before it got worse"


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_server_key_rotation_rewraps_a_locked_journal_which_stays_locked(own_key_file: Path, alice: Any) -> None:
    entry, _recovery, _lock_key = _locked_alice(alice)
    _run("keys_add")
    _run("keys_activate", "k2")
    _run("keys_rewrap")
    _run("keys_retire", "k1")
    keys = DataKey.objects.filter(user=alice).order_by("scope").values_list("scope", "server_key_id", "locked")
    assert list(keys) == [("journal", "k2", True), ("plan", "k2", False)]

    with pytest.raises(JournalLocked):
        user_keyring(_fresh(alice))
    opened = lock_services.lock_open_with_passphrase(user=alice, passphrase=PASSPHRASE)
    with journal_unlocked(alice.pk, opened):
        assert entry_texts(user=_fresh(alice), entry=entry).body == "I rang Sam before it got worse"


def test_keys_verify_reports_a_locked_journal_as_locked_not_failed(alice: Any, bob: Any) -> None:
    _locked_alice(alice)
    entry_create(author=bob, body="bob's")
    report = keys_verify()
    assert report.ok and report.locked == 1
    assert "1 journal(s) are locked with their owner's passphrase" in _run("keys_verify")

    # A key file that does not match still fails for a locked journal: its server layer is checked.
    DataKey.objects.filter(user=alice).update(server_key_id="k9")
    with pytest.raises(CommandError, match="did not decrypt"):
        _run("keys_verify")


def test_keys_verify_fails_a_locked_journal_holding_a_key_the_server_alone_opens(alice: Any) -> None:
    _entry, _recovery, lock_key = _locked_alice(alice)
    # As a race or a bug could leave it: a second, unlocked version beside the lock.
    with journal_unlocked(alice.pk, lock_key):
        keyring.data_key_create(user_id=alice.pk, version=2)
    DataKey.objects.filter(user=alice, version=2).update(locked=False)
    report = keys_verify()
    assert not report.ok
    assert any("not locked in a locked journal" in failure for failure in report.failures)


def test_a_passphrase_cannot_be_set_with_a_key_nothing_proves(alice: Any) -> None:
    _entry, _recovery, _lock_key = _locked_alice(alice)
    # With no locked data key left to check against, an unproven key is refused, not sealed.
    DataKey.objects.filter(user=alice).update(locked=False)
    with pytest.raises(keyring.DecryptionError):
        lock_services.lock_passphrase_change(user=alice, lock_key=b"y" * 32, passphrase="new", params=FAST)
    assert lock_services.lock_open_with_passphrase(user=alice, passphrase=PASSPHRASE) == _lock_key

"""The safety plan's own key (#17): outside the journal's lock by default, inside it if the person asks.

Tried as someone holding the database and the key file would: with Waypoint's own keyring, in a
fresh process state (nothing cached on the user object), and through the real pages.
"""

from __future__ import annotations

import io
import json
import zipfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from journal import keyring, lock_services
from journal.key_lifecycle import keys_verify, user_data_key_rotate
from journal.keyring import DecryptionError, JournalLocked, journal_unlocked, keyring_for, plan_keyring, user_keyring
from journal.lock_keys import KdfParams
from journal.models import DataKey, Entry, JournalLock
from journal.portability import export_archive, import_archive
from journal.selectors import entry_texts
from journal.services import entry_create
from safety.models import CopingItem, PlanContact, PlanStep, SafetyPreferences
from safety.selectors import coping_list_for_owner, plan_for_owner, waves_ridden_for
from safety.services import (
    coping_item_add,
    coping_list_start,
    crisis_resources_load,
    plan_contact_add,
    plan_step_save,
    wave_ridden,
)

FAST = KdfParams(memory_kib=1024, iterations=1, lanes=1)
PASSPHRASE = "the tide comes back in"
STEP = "When the house goes quiet I call Sam"
CONTACT = "Sam from the climbing club"
IDEA = "Hold an ice cube until it melts"
JOURNAL = "Tuesday was the worst it has been"


def _fresh(user: Any) -> Any:
    """As a new process would see the person: nothing cached on the user object."""
    keyring.forget_user_keyring(user)
    return user


def _write_everything(person: Any) -> Entry:
    plan_step_save(owner=person, section="on_my_own", body=STEP, obstacles="Being too tired")
    plan_contact_add(owner=person, section="people", name=CONTACT, phone="+44 7700 900123")
    coping_list_start(owner=person)  # the starter ideas, as opening the list the first time adds them
    coping_item_add(owner=person, group="comfort", text=IDEA)
    wave_ridden(owner=person, note_in_journal=False)
    return entry_create(author=person, title="Tuesday", body=JOURNAL)


def _locked(person: Any) -> tuple[Entry, bytes]:
    entry = _write_everything(person)
    _recovery, lock_key = lock_services.lock_turn_on(user=person, passphrase=PASSPHRASE, params=FAST)
    return entry, lock_key


def _plan_reads(person: Any) -> bool:
    plan = plan_for_owner(_fresh(person))
    ideas = [item.text for group in coping_list_for_owner(person) for item in group.items]
    people = [contact.name for contact in plan.step("people").contacts]
    return plan.step("on_my_own").body == STEP and CONTACT in people and IDEA in ideas and waves_ridden_for(person) == 1


def _journal_opens(person: Any, entry: Entry) -> bool:
    try:
        return entry_texts(user=_fresh(person), entry=Entry.objects.get(pk=entry.pk)).body == JOURNAL
    except JournalLocked:
        return False


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


# --- Through the pages --------------------------------------------------------------------------


def test_with_the_lock_on_the_plan_and_coping_pages_work_without_the_passphrase(alice: Any) -> None:
    crisis_resources_load()
    entry, _lock_key = _locked(alice)
    client = Client()
    client.force_login(alice)  # signed in, and no lock key in this browser: the journal stays locked

    for url in ("/safety/plan/", "/safety/plan/edit/", "/safety/plan/print/", "/safety/plan/on_my_own/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert STEP in response.content.decode(), url
    assert CONTACT in client.get("/safety/plan/").content.decode()
    assert IDEA in client.get("/safety/coping/").content.decode()
    assert IDEA in client.get("/safety/coping/edit/").content.decode()
    assert CONTACT in client.get("/safety/ride-the-wave/talk/").content.decode()
    for url in ("/safety/", "/safety/help/", "/safety/ride-the-wave/", "/safety/plan/download/"):
        assert client.get(url).status_code == 200, url

    # Changing the plan and the list works too, and what is saved reads back on the next page.
    saved = client.post("/safety/plan/warning_signs/", {"body": "Not answering texts", "obstacles": ""})
    assert saved.status_code == 302
    assert client.post("/safety/coping/add/", {"group": "distract", "text": "Count blue cars"}).status_code == 302
    assert "Not answering texts" in client.get("/safety/plan/").content.decode()
    assert "Count blue cars" in client.get("/safety/coping/").content.decode()

    # Riding the wave counts, and says plainly that the journal note it could not write is not there.
    done = client.post("/safety/ride-the-wave/done/", {"note_in_journal": "on"}, follow=True)
    assert done.status_code == 200
    assert "It's in your journal as something that helped." not in done.content.decode()
    left_out = "Your journal is locked, so nothing was added to it. That doesn't change what you just did."
    assert left_out in done.content.decode()
    assert waves_ridden_for(_fresh(alice)) == 2
    assert not Entry.objects.filter(owner=alice, kind=Entry.Kind.COPING).exists()

    # The journal itself needs the passphrase: it never shows without it.
    try:
        page = client.get(f"/journal/{entry.pk}/")
    except JournalLocked:
        pass
    else:  # once the unlock page catches it, it asks for the passphrase instead
        assert page.status_code != 200 or JOURNAL not in page.content.decode()


def test_a_locked_plan_needs_the_passphrase_on_its_pages_too(alice: Any) -> None:
    _entry, lock_key = _locked(alice)
    lock_services.lock_plan_choose(user=alice, lock_key=lock_key, locked=True)
    client = Client()
    client.force_login(alice)
    try:
        page = client.get("/safety/plan/")
    except JournalLocked:
        pass
    else:
        assert page.status_code != 200 or STEP not in page.content.decode()


# --- With the database and the key file only ----------------------------------------------------


def test_the_database_and_key_file_open_the_plan_but_not_the_journal(alice: Any) -> None:
    entry, _lock_key = _locked(alice)
    assert lock_services.lock_is_on(alice) and not lock_services.lock_plan_is_locked(alice)
    keys = DataKey.objects.filter(user=alice).order_by("scope").values_list("scope", "locked")
    assert list(keys) == [("journal", True), ("plan", False)]

    assert _plan_reads(alice)
    assert not _journal_opens(alice, entry)
    with pytest.raises(JournalLocked):
        keyring_for(_fresh(alice), "journal.Entry")
    # The plan's records were moved to its key: the journal's key (even opened) does not read them.
    step = PlanStep.objects.get(owner=alice, section="on_my_own")
    assert plan_keyring(_fresh(alice)).scope == "plan"
    with journal_unlocked(alice.pk, _lock_key), pytest.raises(DecryptionError):
        user_keyring(_fresh(alice)).decrypt(step.body, model="safety.PlanStep", field="body", record_id=step.pk)


def test_a_person_without_the_lock_keeps_one_key_and_nothing_moves(alice: Any) -> None:
    _write_everything(alice)
    before = bytes(PlanStep.objects.get(owner=alice, section="on_my_own").body)
    assert list(DataKey.objects.filter(user=alice).values_list("scope", flat=True)) == ["journal"]
    assert plan_keyring(_fresh(alice)) is user_keyring(alice)
    assert _plan_reads(alice)
    assert bytes(PlanStep.objects.get(owner=alice, section="on_my_own").body) == before


def test_once_the_plan_is_locked_too_it_needs_the_lock_key_and_can_be_let_out_again(alice: Any) -> None:
    entry, lock_key = _locked(alice)
    lock_services.lock_plan_choose(user=alice, lock_key=lock_key, locked=True)
    assert lock_services.lock_plan_is_locked(alice)
    with pytest.raises(JournalLocked):
        _plan_reads(alice)
    with journal_unlocked(alice.pk, lock_key):
        assert _plan_reads(alice) and _journal_opens(alice, entry)
        # Written while unlocked, under the locked plan key.
        coping_item_add(owner=alice, group="breathe", text="Four in, six out")
    with pytest.raises(DecryptionError):  # not this lock's key: nothing changes
        lock_services.lock_plan_choose(user=alice, lock_key=b"z" * 32, locked=False)
    assert lock_services.lock_plan_is_locked(alice)

    lock_services.lock_plan_choose(user=alice, lock_key=lock_key, locked=False)
    assert not lock_services.lock_plan_is_locked(alice)
    assert _plan_reads(alice) and not _journal_opens(alice, entry)
    assert "Four in, six out" in [i.text for g in coping_list_for_owner(_fresh(alice)) for i in g.items]


def test_turning_the_lock_off_opens_everything_with_the_server_key_and_the_plan_keeps_its_key(alice: Any) -> None:
    entry, lock_key = _locked(alice)
    lock_services.lock_plan_choose(user=alice, lock_key=lock_key, locked=True)
    lock_services.lock_turn_off(user=alice, lock_key=lock_key)
    assert list(DataKey.objects.filter(user=alice).order_by("scope").values_list("scope", "locked")) == [
        ("journal", False),
        ("plan", False),
    ]
    assert _plan_reads(alice) and _journal_opens(alice, entry)
    # On again: the plan already has its own key, so nothing moves; it starts outside the lock.
    _recovery, again = lock_services.lock_turn_on(user=alice, passphrase="again", params=FAST)
    assert DataKey.objects.filter(user=alice, scope="plan").count() == 1
    assert _plan_reads(alice) and not _journal_opens(alice, entry)
    with journal_unlocked(alice.pk, again):
        assert _journal_opens(alice, entry)


def test_the_plan_choice_needs_the_lock_on(alice: Any) -> None:
    _write_everything(alice)
    with pytest.raises(JournalLock.DoesNotExist):
        lock_services.lock_plan_choose(user=alice, lock_key=b"k" * 32, locked=True)
    assert not lock_services.lock_plan_is_locked(alice)


# --- Key rows moved where they do not belong -----------------------------------------------------


def test_a_plan_key_row_moved_to_the_journal_scope_or_to_someone_else_opens_nothing(alice: Any, bob: Any) -> None:
    entry, lock_key = _locked(alice)
    # With the lock off both keys are the server's alone: the strongest case for a swap.
    lock_services.lock_turn_off(user=alice, lock_key=lock_key)
    plan_row = DataKey.objects.get(user=alice, scope="plan")
    journal_row = DataKey.objects.get(user=alice, scope="journal")
    plan_wrap, journal_wrap = bytes(plan_row.wrapped), bytes(journal_row.wrapped)

    # The plan's key in the journal's place: the journal does not open with it.
    DataKey.objects.filter(pk=journal_row.pk).update(wrapped=plan_wrap)
    with pytest.raises(DecryptionError):
        user_keyring(_fresh(alice))
    # Nor the journal's key in the plan's place.
    DataKey.objects.filter(pk=journal_row.pk).update(wrapped=journal_wrap)
    DataKey.objects.filter(pk=plan_row.pk).update(wrapped=journal_wrap)
    with pytest.raises(DecryptionError):
        plan_keyring(_fresh(alice))
    DataKey.objects.filter(pk=plan_row.pk).update(wrapped=plan_wrap)
    assert _plan_reads(alice) and _journal_opens(alice, entry)

    # Her plan key given to Bob opens nothing of his, and nothing of hers as his.
    DataKey.objects.create(
        user=bob, scope="plan", version=1, server_key_id=plan_row.server_key_id, wrapped=plan_wrap, locked=False
    )
    with pytest.raises(DecryptionError):
        plan_keyring(_fresh(bob))
    report = keys_verify()
    assert not report.ok and any(str(bob.pk) in failure for failure in report.failures)


# --- Rotation, verification, server-key rotation, export and import, deletion --------------------


def test_rotation_needs_the_person_while_the_journal_is_locked_and_rotates_both_keys(alice: Any) -> None:
    entry, lock_key = _locked(alice)
    before = list(DataKey.objects.filter(user=alice).order_by("scope").values_list("scope", "version", "wrapped"))
    with pytest.raises(JournalLocked):
        user_data_key_rotate(user_id=alice.pk)
    after = list(DataKey.objects.filter(user=alice).order_by("scope").values_list("scope", "version", "wrapped"))
    assert after == before

    with journal_unlocked(alice.pk, lock_key):
        assert user_data_key_rotate(user_id=alice.pk) == 2
    keys = DataKey.objects.filter(user=alice).order_by("scope").values_list("scope", "version", "locked")
    assert list(keys) == [("journal", 2, True), ("plan", 2, False)]
    assert _plan_reads(alice) and not _journal_opens(alice, entry)
    with journal_unlocked(alice.pk, lock_key):
        assert _journal_opens(alice, entry)


def test_rotation_keeps_a_locked_plan_locked(alice: Any) -> None:
    _entry, lock_key = _locked(alice)
    lock_services.lock_plan_choose(user=alice, lock_key=lock_key, locked=True)
    with journal_unlocked(alice.pk, lock_key):
        user_data_key_rotate(user_id=alice.pk)
        assert _plan_reads(alice)
    assert list(DataKey.objects.filter(user=alice, scope="plan").values_list("version", "locked")) == [(2, True)]
    with pytest.raises(JournalLocked):
        _plan_reads(alice)


def test_rotation_without_the_lock_rotates_the_plan_with_the_journal(alice: Any) -> None:
    entry = _write_everything(alice)
    user_data_key_rotate(user_id=alice.pk)
    assert list(DataKey.objects.filter(user=alice).values_list("scope", "version")) == [("journal", 2)]
    assert _plan_reads(alice) and _journal_opens(alice, entry)


def test_keys_verify_checks_the_plan_of_a_locked_journal_and_reports_the_journal_as_locked(alice: Any) -> None:
    _locked(alice)
    report = keys_verify()
    assert report.ok and report.locked == 1
    # The plan's records are really tried: one changed behind Waypoint's back is reported.
    item = CopingItem.objects.filter(owner=alice).order_by("pk").first()
    assert item is not None
    damaged = bytearray(bytes(item.text))
    damaged[-1] ^= 1
    CopingItem.objects.filter(pk=item.pk).update(text=bytes(damaged))
    report = keys_verify()
    assert report.failures == [f"safety.CopingItem {item.pk} text"]


def test_keys_verify_reports_a_locked_plan_as_locked_not_failed(alice: Any) -> None:
    _entry, lock_key = _locked(alice)
    lock_services.lock_plan_choose(user=alice, lock_key=lock_key, locked=True)
    report = keys_verify()
    assert report.ok and report.locked == 1
    assert "1 journal(s) are locked" in _run("keys_verify")


def test_server_key_rotation_rewraps_both_keys_without_the_person(own_key_file: Path, alice: Any, bob: Any) -> None:
    entry, lock_key = _locked(alice)
    bobs = _write_everything(bob)  # no lock: his plan stays under his journal key
    _run("keys_add")
    _run("keys_activate", "k2")
    _run("keys_rewrap")
    _run("keys_retire", "k1")
    assert set(DataKey.objects.values_list("server_key_id", flat=True)) == {"k2"}
    assert _plan_reads(alice) and not _journal_opens(alice, entry)
    assert _plan_reads(bob) and _journal_opens(bob, bobs)
    with journal_unlocked(alice.pk, lock_key):
        assert _journal_opens(alice, entry)

    # A locked plan's outer layer moves the same way, still locked inside.
    lock_services.lock_plan_choose(user=alice, lock_key=lock_key, locked=True)
    _run("keys_add")
    _run("keys_activate", "k3")
    _run("keys_rewrap")
    _run("keys_retire", "k2")
    assert list(DataKey.objects.filter(user=alice, scope="plan").values_list("server_key_id", "locked")) == [
        ("k3", True)
    ]
    with journal_unlocked(alice.pk, lock_key):
        assert _plan_reads(alice)
    assert keys_verify().ok


def test_export_needs_the_person_while_locked_and_import_brings_the_plan_back_to_its_own_key(alice: Any) -> None:
    entry, lock_key = _locked(alice)
    with pytest.raises(JournalLocked):
        export_archive(user=_fresh(alice))

    with journal_unlocked(alice.pk, lock_key):
        archive = export_archive(user=_fresh(alice))
    document = json.loads(zipfile.ZipFile(io.BytesIO(archive)).read("waypoint-journal.json"))
    assert JOURNAL in json.dumps(document, ensure_ascii=False)
    assert STEP in json.dumps(document, ensure_ascii=False)

    # Her plan and list are lost here; the export brings them back, under the plan's own key.
    PlanStep.objects.filter(owner=alice).delete()
    PlanContact.objects.filter(owner=alice).delete()
    CopingItem.objects.filter(owner=alice).delete()
    SafetyPreferences.objects.filter(owner=alice).update(waves_ridden=b"")
    with pytest.raises(JournalLocked):  # the journal's part needs her: nothing is half imported
        import_archive(user=_fresh(alice), upload=io.BytesIO(archive))
    assert not PlanStep.objects.filter(owner=alice).exists()
    with journal_unlocked(alice.pk, lock_key):
        import_archive(user=_fresh(alice), upload=io.BytesIO(archive))
    assert _plan_reads(alice)  # without the lock key: it went back outside the lock
    assert Entry.objects.filter(owner=alice).count() == 1 and not _journal_opens(alice, entry)


def test_deleting_the_account_shreds_both_keys(alice: Any) -> None:
    _locked(alice)
    keyring.data_keys_shred(user_id=alice.pk)
    assert not DataKey.objects.filter(user=alice).exists()


def test_a_lock_turned_on_before_the_plan_had_its_own_key_lets_the_plan_out_when_asked(
    alice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a lock turned on before this change would be: the plan still under the locked journal key.
    with monkeypatch.context() as patched:
        patched.setattr(lock_services, "_plan_split", lambda **kwargs: None)
        entry, lock_key = _locked(alice)
    assert not DataKey.objects.filter(user=alice, scope="plan").exists()
    with pytest.raises(JournalLocked):
        _plan_reads(alice)
    assert keys_verify().ok

    lock_services.lock_plan_choose(user=alice, lock_key=lock_key, locked=False)
    assert _plan_reads(alice) and not _journal_opens(alice, entry)
    assert keys_verify().ok

"""A locked journal and everything that runs without its owner's request (#17).

Hourly housekeeping, expiring supporter links, a therapist or a supporter reading what was
shared: none of them holds the person's lock key. A locked journal must never stop them for
anyone else, and what was shared (under its own item key) stays readable while the person is away.
"""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import housekeeping
from care.models import Clinic
from care.services import share_entry, share_plan
from journal import keyring, lock_services
from journal.keyring import JournalLocked, journal_unlocked
from journal.lock_keys import WrongSecret
from journal.models import DataKey, Entry, JournalLock, SearchChunk
from journal.selectors import entry_texts, search
from journal.services import entry_create, entry_trash
from safety.services import plan_step_save
from supporters import services as supporters
from supporters.models import SupporterLink
from tests.care.conftest import client_for, link_people, member
from tests.journal.locking import FAST, PASSPHRASE, lock_journal, unlock_client


def _housekeeping() -> str:
    out = StringIO()
    call_command("housekeeping", stdout=out)
    return out.getvalue()


def _as_old_journal(user: Any) -> None:
    """Entries written before search chunks existed: no chunk yet (housekeeping makes them)."""
    SearchChunk.objects.filter(owner=user).delete()
    Entry.objects.filter(owner=user).update(search_chunk=None)


def _found(user: Any, words: str, lock_key: bytes) -> list[str]:
    keyring.forget_user_keyring(user)
    with journal_unlocked(user.pk, lock_key):
        return [view.title for view in search(user=user, query=words).results]


def test_housekeeping_empties_a_locked_trash_and_still_tidies_everyone_else(alice: Any, bob: Any) -> None:
    kept = entry_create(author=alice, title="kept", body="the harbour at dawn")
    old = entry_trash(entry=entry_create(author=alice, title="old", body="the harbour at night"))
    bobs_old = entry_trash(entry=entry_create(author=bob, title="bob's old", body="gone soon"))
    bobs = entry_create(author=bob, title="bob's", body="written before chunks")
    _as_old_journal(bob)
    _recovery, lock_key = lock_journal(alice)
    Entry.objects.filter(pk__in=[old.pk, bobs_old.pk]).update(trashed_at=timezone.now() - timedelta(days=31))

    out = _housekeeping()
    assert "trash: 2" in out and "failed" not in out
    assert set(Entry.objects.values_list("pk", flat=True)) == {kept.pk, bobs.pk}
    # Bob's old journal went into chunks; his search is quick again.
    assert Entry.objects.get(pk=bobs.pk).search_chunk is not None
    # Alice's chunk could not be rewritten without her key, so it went whole: the deleted words
    # are in no chunk, and her other entry waits outside one.
    assert not SearchChunk.objects.filter(owner=alice).exists()
    assert Entry.objects.get(pk=kept.pk).search_chunk is None
    assert "trash: 0" in _housekeeping()

    # Search still finds what she kept (one entry at a time), and never what was deleted.
    assert _found(alice, "harbour", lock_key) == ["kept"]


def test_a_locked_journal_waits_for_its_owner_to_be_put_in_search_chunks(alice: Any, bob: Any) -> None:
    entry_create(author=alice, title="first", body="a walk by the river")
    entry_create(author=alice, title="second", body="the river was high")
    _as_old_journal(alice)
    _recovery, lock_key = lock_journal(alice)

    assert "search: 0" in _housekeeping(), "housekeeping holds nobody's lock key"
    assert not SearchChunk.objects.filter(owner=alice).exists()
    client = unlock_client(client_for(alice), alice, lock_key)
    # A GET writes nothing, even for upkeep.
    assert client.get(reverse("journal:search"), {"q": "river"}).status_code == 200
    assert not SearchChunk.objects.filter(owner=alice).exists()
    # Her next POST, while her journal is open, does housekeeping's share for her.
    assert client.post(reverse("journal:search"), {"q": "river"}).status_code == 200
    assert not Entry.objects.filter(owner=alice, search_chunk__isnull=True).exists()
    assert sorted(_found(alice, "river", lock_key)) == ["first", "second"]


def test_a_post_without_the_lock_key_leaves_a_locked_journal_alone(alice: Any) -> None:
    entry_create(author=alice, title="first", body="a walk by the river")
    _as_old_journal(alice)
    lock_journal(alice)
    # Without her key the page itself cannot open her journal (it sends her to unlock it): upkeep waits.
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    client.post(reverse("journal:search"), {"q": "river"})
    assert not SearchChunk.objects.filter(owner=alice).exists()


def test_one_failing_job_never_stops_the_others(alice: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []

    def broken() -> int:
        raise JournalLocked(alice.pk)

    def working() -> int:
        ran.append("second")
        return 1

    monkeypatch.setattr(housekeeping, "_jobs", {"first": broken, "second": working})
    out = StringIO()
    with pytest.raises(CommandError, match="first failed"):
        call_command("housekeeping", stdout=out)
    assert ran == ["second"]
    assert "first: failed (see the error log)" in out.getvalue() and "second: 1" in out.getvalue()


def test_an_expired_supporter_link_ends_while_the_journal_is_locked(alice: Any) -> None:
    supporter = supporters.supporter_add(owner=alice, name="Sam", email="sam@example.com")
    supporters.share_entry(supporter=supporter, entry=entry_create(author=alice, body="for Sam"))
    new = supporters.link_make(supporter=supporter, days=7, with_code=False)
    lock_journal(alice)
    SupporterLink.objects.filter(pk=new.link.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    supporter.copies.update(shared_at=timezone.now() - timedelta(days=1))  # shared while the link was open

    out = _housekeeping()
    assert "supporter links: 1" in out and "failed" not in out
    assert not supporter.copies.exists()


@pytest.mark.django_db
def test_a_therapist_reads_what_was_shared_while_the_journal_is_locked(alice: Any) -> None:
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    theo = member(clinic, "theo@example.com")
    link = link_people(theo, alice)
    entry_item = share_entry(link=link, entry=entry_create(author=alice, title="For Theo", body="my shared words"))
    plan_step_save(owner=alice, section="on_my_own", body="Music", obstacles="")
    plan_item = share_plan(link=link)
    lock_journal(alice)
    with pytest.raises(JournalLocked):
        keyring.load_user_keyring(alice.pk)

    theo_client = client_for(theo)
    assert "alice@example.com" in theo_client.get(reverse("care:dashboard")).content.decode()
    assert theo_client.get(reverse("care:client", args=[link.id])).status_code == 200
    page = theo_client.get(reverse("care:shared_item", args=[link.id, entry_item.id])).content.decode()
    assert "my shared words" in page
    suggest = reverse("care:plan_suggest", args=[link.id, plan_item.id, "on_my_own"])
    assert "Music" in theo_client.get(suggest).content.decode()
    assert theo_client.post(suggest, {"body": "Music, then a bath"}).status_code == 302


def test_a_supporter_reads_and_replies_while_the_journal_is_locked(alice: Any, client: Client) -> None:
    supporter = supporters.supporter_add(owner=alice, name="Sam")
    supporters.share_entry(supporter=supporter, entry=entry_create(author=alice, body="I want you to know this"))
    new = supporters.link_make(supporter=supporter, days=7, with_code=False)
    lock_journal(alice)

    url = reverse("supporters:read", args=[new.token])
    assert client.post(url, {"open": "1"}).status_code == 302
    assert "I want you to know this" in client.get(url).content.decode()
    assert client.post(url, {"body": "Thank you for telling me"}).status_code == 302
    assert supporter.replies.count() == 1


def _copy_of_the_lock(user: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What a backup holds of a person's lock and data keys, as it was when it was made."""
    lock = dict(JournalLock.objects.filter(user=user).values().get())
    return lock, [dict(row) for row in DataKey.objects.filter(user=user).values()]


def _put_back(user: Any, copy: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
    """A restore of that backup, as far as the lock is concerned."""
    lock, keys = copy
    JournalLock.objects.filter(user=user).delete()
    DataKey.objects.filter(user=user).delete()
    JournalLock.objects.create(**lock)
    DataKey.objects.bulk_create(DataKey(**row) for row in keys)


def _reads(user: Any, entry: Any, passphrase: str) -> str:
    keyring.forget_user_keyring(user)
    lock_key = lock_services.lock_open_with_passphrase(user=user, passphrase=passphrase)
    with journal_unlocked(user.pk, lock_key):
        return entry_texts(user=user, entry=entry).body


def test_a_copy_made_before_a_new_passphrase_still_opens_with_the_old_one_as_the_docs_say(alice: Any) -> None:
    entry = entry_create(author=alice, body="written before the change")
    _recovery, lock_key = lock_journal(alice)
    backup = _copy_of_the_lock(alice)
    lock_services.lock_passphrase_change(user=alice, lock_key=lock_key, passphrase="a new passphrase", params=FAST)
    with pytest.raises(WrongSecret):
        _reads(alice, entry, PASSPHRASE)
    assert _reads(alice, entry, "a new passphrase") == "written before the change"

    _put_back(alice, backup)  # the old copy, restored: the old passphrase opens it
    assert _reads(alice, entry, PASSPHRASE) == "written before the change"


def test_turning_the_lock_off_and_on_again_leaves_the_old_lock_key_opening_nothing(alice: Any) -> None:
    entry = entry_create(author=alice, body="mine")
    _recovery, old_key = lock_journal(alice)
    lock_services.lock_turn_off(user=alice, lock_key=old_key)
    lock_journal(alice)
    keyring.forget_user_keyring(alice)
    with journal_unlocked(alice.pk, old_key), pytest.raises(keyring.DecryptionError):
        entry_texts(user=alice, entry=entry)

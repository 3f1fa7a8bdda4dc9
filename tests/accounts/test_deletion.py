from __future__ import annotations

from typing import Any

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.test import Client

from accounts.models import User
from journal.models import DataKey, Entry, JournalLock, SearchChunk
from journal.services import entry_create
from supporters.models import Supporter
from supporters.services import supporter_add
from tests.journal.conftest import reauthenticate, sign_in
from tests.journal.locking import lock_journal, unlock_client


def test_deleting_asks_who_you_are_first(alice_client: Client, alice: Any) -> None:
    response = alice_client.get("/account/delete/")
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]


def test_deleting_needs_a_clear_yes(alice_client: Client, alice: Any) -> None:
    reauthenticate(alice_client)
    response = alice_client.post("/account/delete/", {}, follow=True)
    # Back by redirect, so the page left in the history was fetched, not posted.
    assert response.redirect_chain == [("/account/delete/?unticked=1", 302)]
    assert "Nothing has been deleted" in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()


def test_the_page_does_not_promise_more_than_backups_keep(alice_client: Client) -> None:
    # "Nobody can read them afterwards" alone was untrue of backups taken before: their copy of
    # the key opens them until those backups expire and the old server key goes (docs/backups.md).
    reauthenticate(alice_client)
    page = alice_client.get("/account/delete/").content.decode()
    assert "backups become unreadable too, once those backups expire." in page


def test_deleting_shreds_the_key_and_every_entry_and_signs_you_out(alice_client: Client, alice: Any, bob: Any) -> None:
    entry_create(author=alice, body="mine")
    entry_create(author=bob, body="bob's")
    reauthenticate(alice_client)
    assert "Delete my account" in alice_client.get("/account/delete/").content.decode()
    response = alice_client.post("/account/delete/", {"confirm": "on"}, follow=True)
    assert "Your account is deleted" in response.content.decode()
    # POST, redirect, then a page the browser keeps no copy of: Back never offers to send it again.
    assert response.redirect_chain == [("/account/deleted/", 302)]
    assert "no-store" in response["Cache-Control"]
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not DataKey.objects.filter(user_id=alice.pk).exists()
    assert not Entry.objects.filter(owner_id=alice.pk).exists()
    assert Entry.objects.filter(owner=bob).count() == 1
    assert alice_client.get("/journal/").status_code == 302  # signed out


@pytest.mark.parametrize("unlocked", [False, True], ids=["locked", "unlocked"])
def test_a_person_with_the_lock_on_can_delete_everything_even_without_the_passphrase(
    alice: Any, bob: Any, unlocked: bool
) -> None:
    entry_create(author=alice, body="mine")
    supporter_add(owner=alice, name="Sam", email="sam@example.com")
    entry_create(author=bob, body="bob's")
    _recovery, lock_key = lock_journal(alice)
    client = Client()
    client.force_login(alice)
    if unlocked:
        unlock_client(client, alice, lock_key)
    reauthenticate(client)
    assert "Delete my account" in client.get("/account/delete/").content.decode()
    response = client.post("/account/delete/", {"confirm": "on"}, follow=True)
    assert "Your account is deleted" in response.content.decode()
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not DataKey.objects.filter(user_id=alice.pk).exists()
    assert not JournalLock.objects.filter(user_id=alice.pk).exists()
    assert not Entry.objects.filter(owner_id=alice.pk).exists()
    assert not SearchChunk.objects.filter(owner_id=alice.pk).exists()
    assert not Supporter.objects.filter(owner_id=alice.pk).exists()
    assert Entry.objects.filter(owner=bob).count() == 1 and DataKey.objects.filter(user=bob).exists()


def test_deleting_ends_the_sessions_on_every_other_device_too(alice: Any, bob: Any) -> None:
    phone, laptop, bobs = Client(), Client(), Client()
    for client, person in ((phone, alice), (laptop, alice), (bobs, bob)):
        sign_in(client, person.email)
        client.get("/")
    laptops_session = laptop.session.session_key
    reauthenticate(phone)
    phone.post("/account/delete/", {"confirm": "on"})

    # Not left in the session table, holding her id, until it would have expired.
    assert not Session.objects.filter(session_key=laptops_session).exists()
    assert not UserSession.objects.filter(user_id=alice.pk).exists()
    assert laptop.get("/journal/").status_code == 302
    assert Session.objects.filter(session_key=bobs.session.session_key).exists()
    assert bobs.get("/journal/").status_code == 200


def test_the_page_names_everything_that_goes_not_only_the_journal(alice_client: Client) -> None:
    # It named the journal, reflections and safety plan: someone could think their coping list and
    # small victories stayed, and the tick box spoke only of those three.
    reauthenticate(alice_client)
    page = alice_client.get("/account/delete/").content.decode()
    assert "removes everything you wrote here: your journal, reflections, safety plan, coping list and small" in page
    assert "I understand that everything I wrote here will be gone for good" in page

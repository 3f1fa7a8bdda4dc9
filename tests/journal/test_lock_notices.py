"""Changes to the journal lock are told to the account's email address, as sign-in changes are.

Someone with a taken-over session could lock a person out of their own journal, or take the lock
off; the person finds out from their inbox. The email never names the journal.
"""

from __future__ import annotations

import re
from smtplib import SMTPException
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.test import Client

from journal.models import JournalLock
from tests.accounts.test_notices import assert_one_notice
from tests.journal.lock_helpers import (
    Locked,
    confirmed_note,
    locked_alice_fixture,  # noqa: F401  (the locked_alice fixture)
)
from tests.journal.locking import PASSPHRASE

pytestmark = pytest.mark.django_db

NEW_PASSPHRASE = "lanterns along the harbour"


@pytest.fixture
def unlocked_client(locked_alice: Locked, fresh_alice_client: Client) -> Client:
    assert fresh_alice_client.post("/journal/unlock/", {"passphrase": PASSPHRASE}).status_code == 302
    mail.outbox.clear()
    return fresh_alice_client


def test_turning_the_lock_on_is_told(fresh_alice_client: Client, alice: Any) -> None:
    page = fresh_alice_client.get("/journal/lock/settings/turn-on/")
    data = {"confirmed": confirmed_note(page), "understood": "on"}
    response = fresh_alice_client.post(
        "/journal/lock/settings/turn-on/", {**data, "passphrase": PASSPHRASE, "passphrase_again": PASSPHRASE}
    )
    assert response.status_code == 200 and JournalLock.objects.filter(user=alice).exists()
    body = assert_one_notice(alice.email, "A passphrase lock was turned on")
    assert PASSPHRASE not in body


def test_a_new_passphrase_is_told(unlocked_client: Client, alice: Any) -> None:
    response = unlocked_client.post(
        "/journal/lock/settings/passphrase/",
        {"current": PASSPHRASE, "passphrase": NEW_PASSPHRASE, "passphrase_again": NEW_PASSPHRASE},
    )
    assert response.status_code == 302
    body = assert_one_notice(alice.email, "Your passphrase was changed")
    assert NEW_PASSPHRASE not in body and PASSPHRASE not in body


def test_a_wrong_current_passphrase_sends_nothing(unlocked_client: Client) -> None:
    unlocked_client.post(
        "/journal/lock/settings/passphrase/",
        {"current": "not it at all", "passphrase": NEW_PASSPHRASE, "passphrase_again": NEW_PASSPHRASE},
    )
    assert mail.outbox == []


def test_a_new_recovery_key_is_told_without_the_key(unlocked_client: Client, alice: Any) -> None:
    page = unlocked_client.get("/journal/lock/settings/recovery-key/")
    response = unlocked_client.post("/journal/lock/settings/recovery-key/", {"confirmed": confirmed_note(page)})
    assert response.status_code == 200
    body = assert_one_notice(alice.email, "You have a new recovery key")
    groups = re.findall(r"<span>([0-9A-Z]{4})</span>", response.content.decode())
    assert len(groups) == 8 and not any(group in body for group in groups)


def test_turning_the_lock_off_is_told(unlocked_client: Client, alice: Any) -> None:
    page = unlocked_client.get("/journal/lock/settings/turn-off/")
    unlocked_client.post("/journal/lock/settings/turn-off/", {"confirmed": confirmed_note(page)})
    assert not JournalLock.objects.filter(user=alice).exists()
    assert_one_notice(alice.email, "The passphrase lock was turned off")


def test_letting_the_locked_journal_go_is_told(locked_alice: Locked, fresh_alice_client: Client, alice: Any) -> None:
    page = fresh_alice_client.get("/journal/lock/let-go/")
    fresh_alice_client.post("/journal/lock/let-go/", {"confirmed": confirmed_note(page), "understood": "on"})
    assert not JournalLock.objects.filter(user=alice).exists()
    body = assert_one_notice(alice.email, "The passphrase lock was turned off")
    assert "everything it kept closed was deleted" in body


def test_opening_with_the_recovery_key_is_told_once(locked_alice: Locked, alice_client: Client, alice: Any) -> None:
    new = "a brand new passphrase"
    response = alice_client.post(
        "/journal/unlock/recovery/",
        {"recovery_key": locked_alice.recovery_key, "passphrase": new, "passphrase_again": new},
    )
    assert response.status_code == 200 and "This is the only time it is shown" in response.content.decode()
    body = assert_one_notice(alice.email, "Your passphrase and recovery key were changed")
    assert locked_alice.recovery_key not in body and new not in body


def test_a_mail_server_that_is_down_still_shows_the_new_recovery_key(
    fresh_alice_client: Client, alice: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # The key is shown once, in this response: a notice that cannot go must not turn it into an
    # error page, leaving a lock whose recovery key nobody ever saw.
    page = fresh_alice_client.get("/journal/lock/settings/turn-on/")
    data = {"confirmed": confirmed_note(page), "understood": "on", "passphrase": PASSPHRASE}
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=SMTPException("421 alice@example.com busy")):
        response = fresh_alice_client.post("/journal/lock/settings/turn-on/", {**data, "passphrase_again": PASSPHRASE})
    assert response.status_code == 200
    assert len(re.findall(r"<span>([0-9A-Z]{4})</span>", response.content.decode())) == 8
    assert "notice could not be sent" in caplog.text and "alice@example.com" not in caplog.text

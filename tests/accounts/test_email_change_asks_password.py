"""Moving an account to another email address asks for the password first.

A session left open (a shared computer, a phone put down unlocked) must not let someone else put
their own address on the account: the next password reset would go to them, and the person would
be locked out of their journal for good."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

THEIRS = "someone.else@example.com"


def test_an_open_session_alone_cannot_put_another_address_on_the_account(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/accounts/email/", {"action_add": "", "email": THEIRS})

    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/")
    assert not EmailAddress.objects.filter(email=THEIRS).exists()
    assert mail.outbox == []


def test_the_new_address_gets_its_link_once_the_password_is_given(alice_client: Client, alice: User) -> None:
    asked = alice_client.post("/accounts/email/", {"action_add": "", "email": THEIRS})

    # allauth keeps the request while the password is asked, and carries it out after: nothing to type again.
    alice_client.post(asked["Location"], {"password": PASSWORD})

    assert EmailAddress.objects.filter(user=alice, email=THEIRS, verified=False).exists()
    assert [message.to for message in mail.outbox] == [[THEIRS]]


def test_a_new_address_longer_than_an_account_holds_is_refused(alice_client: Client, alice: User) -> None:
    # It was kept whole, longer than the address column (PostgreSQL refuses it), with a link sent to it.
    too_long = "a" * 300 + "@example.com"
    assert alice_client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302

    page = alice_client.post("/accounts/email/", {"action_add": "", "email": too_long}).content.decode()

    assert "That is longer than an email address can be. Could you check it?" in page
    assert list(EmailAddress.objects.filter(user=alice).values_list("email", flat=True)) == [alice.email]
    assert mail.outbox == []

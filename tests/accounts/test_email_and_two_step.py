"""The email page and two-step sign-in, where each one holds the other back: what the pages say."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client

from accounts.models import User
from tests.accounts.test_allauth_wording import assert_reads_as_waypoint
from tests.journal.conftest import reauthenticate
from tests.totp import totp_turn_on

pytestmark = pytest.mark.django_db

NEW = "alice.new@example.com"


@pytest.fixture(autouse=True)
def _password_just_given(alice_client: Client) -> None:
    # Changing the address asks for the password first (test_email_change_asks_password.py).
    reauthenticate(alice_client)


def _ask_for_a_new_address(client: Client) -> Any:
    return client.post("/accounts/email/", {"action_add": "", "email": NEW}, follow=True)


def test_with_two_step_sign_in_on_the_email_page_offers_no_form_and_says_what_to_do(
    alice_client: Client, alice: User
) -> None:
    totp_turn_on(alice_client)
    response = alice_client.get("/accounts/email/")
    text = assert_reads_as_waypoint(response)
    html = response.content.decode()
    assert "You sign in with alice@example.com." in text
    assert "While two-step sign-in is on, your email address can't change." in text
    assert "you could turn off two-step sign-in first, then come back here" in text
    assert 'href="/accounts/2fa/"' in html
    assert "New email address" not in text and "Change email" not in text
    assert 'name="email"' not in html and 'name="action_add"' not in html

    # The words are true: allauth itself refuses a new address while the app is on.
    _ask_for_a_new_address(alice_client)
    assert not EmailAddress.objects.filter(user=alice, email=NEW).exists()


def test_with_only_a_passkey_the_email_page_names_the_passkey(alice_client: Client, alice: User) -> None:
    Authenticator.objects.create(user=alice, type=Authenticator.Type.WEBAUTHN, data={})
    text = assert_reads_as_waypoint(alice_client.get("/accounts/email/"))
    assert "While you have a passkey, your email address can't change." in text
    assert "you could remove your passkeys first" in text
    assert "two-step sign-in is on" not in text

    _ask_for_a_new_address(alice_client)
    assert not EmailAddress.objects.filter(user=alice, email=NEW).exists()


def test_without_two_step_sign_in_the_email_page_still_offers_a_new_address(alice_client: Client) -> None:
    text = assert_reads_as_waypoint(alice_client.get("/accounts/email/"))
    assert "New email address" in text and "can't change" not in text


def test_the_new_address_box_lets_the_browser_fill_in_their_email(alice_client: Client) -> None:
    page = alice_client.get("/accounts/email/").content.decode()
    box = re.search(r'<input [^>]*name="email"[^>]*>', page)
    assert box is not None and 'autocomplete="email"' in box.group(0)


def test_turning_on_two_step_sign_in_during_an_email_change_says_what_is_waiting(alice_client: Client) -> None:
    _ask_for_a_new_address(alice_client)
    response = alice_client.get("/accounts/2fa/totp/activate/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/2fa/"
    text = assert_reads_as_waypoint(response)
    assert "Two-step sign-in and passkeys can be added once your email change is finished." in text
    assert "open the link we sent to your new address, or keep your current one on the Email address page" in text
    assert "verified" not in text


def test_keeping_the_current_email_says_the_change_is_cancelled(alice_client: Client, alice: User) -> None:
    _ask_for_a_new_address(alice_client)
    response = alice_client.post("/accounts/email/", {"action_remove": "", "email": NEW}, follow=True)
    text = assert_reads_as_waypoint(response)
    assert "Your email change is cancelled. You still sign in with your current address." in text
    assert "no longer on your account" not in text
    assert list(EmailAddress.objects.filter(user=alice).values_list("email", "verified")) == [(alice.email, True)]


def test_removing_a_confirmed_second_address_still_says_it_is_gone(alice_client: Client, alice: User) -> None:
    # Only an older account or the admin page holds two confirmed addresses; its removal is no cancelled change.
    EmailAddress.objects.create(user=alice, email="alice.old@example.com", verified=True, primary=False)
    response = alice_client.post(
        "/accounts/email/", {"action_remove": "", "email": "alice.old@example.com"}, follow=True
    )
    text = assert_reads_as_waypoint(response)
    assert "That email address is no longer on your account." in text
    assert "cancelled" not in text


def test_a_change_waiting_shows_its_buttons_under_the_new_address_not_inside_its_help(alice_client: Client) -> None:
    _ask_for_a_new_address(alice_client)
    html = alice_client.get("/accounts/email/").content.decode()
    help_text = re.search(r'<p class="help" id="new_email_help">(.*?)</p>', html, re.S)
    assert help_text is not None
    # The help is the address box's description: a screen reader read the buttons' names as part of it,
    # and on the page they stood between the label and the box, squeezed into the sentence.
    assert "<button" not in help_text.group(1)
    new_address = html.index('id="new_email"')
    assert new_address < html.index("Send the link again") and new_address < html.index("Keep my current email")


def test_asking_for_the_link_again_too_soon_says_so_instead_of_nothing(alice_client: Client) -> None:
    _ask_for_a_new_address(alice_client)
    sent = len(mail.outbox)
    response = alice_client.post("/accounts/email/", {"action_send": "", "email": NEW}, follow=True)
    text = assert_reads_as_waypoint(response)
    assert len(mail.outbox) == sent  # allauth sends one every few minutes
    assert "We sent the link only a few minutes ago." in text
    assert "Changing to" in text

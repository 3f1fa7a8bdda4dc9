"""When a way into an account changes, its email address hears about it (accounts/notices.py).

Each change a person can make sends exactly one short email to the address on the account (the
old address, for a new one), in Waypoint's words, with nothing they wrote and no word of what
Waypoint is for: an inbox can be read over a shoulder.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.test import Client, override_settings

from accounts.models import User
from journal.services import entry_create
from tests.accounts.test_allauth_wording import NEW_PASSWORD, SIGNUP, assert_email_reads_as_waypoint, link_in
from tests.factories import PASSWORD
from tests.totp import totp_turn_on

pytestmark = pytest.mark.django_db

# Words that would tell someone reading over a shoulder what the account is for.
TELLING_WORDS = re.compile(
    r"\b(self-harm\w*|harm\w*|journal\w*|entr(y|ies)|diary|wrote|writing|relapse\w*|urges?|safety plan|crisis)\b",
    re.IGNORECASE,
)
WRITTEN = "I rang Sam before it got worse"


@pytest.fixture(autouse=True)
def _something_written(alice: User) -> None:
    # So a test can show that what Alice wrote never travels in a notice.
    entry_create(author=alice, title="Tuesday by the sea", body=WRITTEN)


def assert_one_notice(to: str, subject: str) -> str:
    """Exactly one email was sent, to `to`, with `subject`, in Waypoint's words. Returns its body."""
    assert [(m.to, m.subject) for m in mail.outbox] == [([to], subject)]
    message = mail.outbox[0]
    body = assert_email_reads_as_waypoint(message, never=(WRITTEN, "Tuesday by the sea"))
    assert not TELLING_WORDS.search(f"{message.subject}\n{body}"), body
    # What to do if it wasn't them, as a full link.
    assert re.search(r"http://testserver/accounts/(password/reset|login)/\n", body), body
    return body


def _post_reauthenticated(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    return client.post(url, data or {})


# --- Passwords -----------------------------------------------------------------------------------


def test_a_changed_password_is_told_to_the_accounts_address(alice_client: Client, alice: User) -> None:
    response = alice_client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    body = assert_one_notice(alice.email, "Your password was changed")
    assert "The password for your Waypoint account was changed." in body
    assert "If it wasn't you, you could choose a new password here" in body
    assert "http://testserver/accounts/password/reset/" in body


def test_a_new_password_from_a_forgotten_password_link_is_told_too(client: Client, alice: User) -> None:
    client.post("/accounts/password/reset/", {"email": alice.email})
    link = link_in(mail.outbox[-1])
    mail.outbox.clear()
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert_one_notice(alice.email, "Your password was changed")


def test_a_first_password_set_is_told(alice_client: Client, alice: User) -> None:
    # Someone who signs in with a passkey alone, and confirmed it's them with it a moment ago
    # (setting a password asks for that first, as allauth records it in the session).
    alice.set_unusable_password()
    alice.save()
    Authenticator.objects.create(user=alice, type=Authenticator.Type.WEBAUTHN, data={})
    alice_client.force_login(alice)
    session = alice_client.session
    session["account_authentication_methods_user"] = str(alice.pk)
    session["account_authentication_methods"] = [
        {"method": "mfa", "type": "webauthn", "reauthenticated": True, "at": time.time()}
    ]
    session.save()
    response = alice_client.post("/accounts/password/set/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert_one_notice(alice.email, "Your password was set")


# --- Email addresses -----------------------------------------------------------------------------


def test_a_new_email_address_is_told_to_the_old_one(alice_client: Client, alice: User) -> None:
    _post_reauthenticated(alice_client, "/accounts/email/", {"action_add": "", "email": "someone.else@example.com"})
    link = link_in(mail.outbox[-1])
    mail.outbox.clear()
    alice_client.post(link)
    assert EmailAddress.objects.get(user=alice, primary=True).email == "someone.else@example.com"
    body = assert_one_notice("alice@example.com", "Your email address was changed")
    assert "someone.else@example.com" not in body
    # A reset link would go to the new address, so the way back is signing in.
    assert "you could sign in here and change it back under Settings" in body
    assert "http://testserver/accounts/login/" in body


def test_a_removed_address_is_told_to_the_one_that_stays(alice_client: Client, alice: User) -> None:
    second = EmailAddress.objects.create(user=alice, email="alice.work@example.com", verified=True, primary=False)
    _post_reauthenticated(alice_client, "/accounts/email/", {"action_remove": "", "email": second.email})
    body = assert_one_notice(alice.email, "An email address was removed")
    assert "alice.work@example.com" not in body


def test_keeping_the_current_email_while_a_change_waits_sends_nothing(alice_client: Client, alice: User) -> None:
    # Nothing about getting in changed: the new address was never confirmed.
    _post_reauthenticated(alice_client, "/accounts/email/", {"action_add": "", "email": "someone.else@example.com"})
    assert EmailAddress.objects.filter(email="someone.else@example.com").exists()
    mail.outbox.clear()
    alice_client.post("/accounts/email/", {"action_remove": "", "email": "someone.else@example.com"})
    assert not EmailAddress.objects.filter(email="someone.else@example.com").exists()
    assert mail.outbox == []


def test_signing_up_sends_only_the_confirmation(client: Client) -> None:
    client.post("/accounts/signup/", SIGNUP)
    link = link_in(mail.outbox[-1])
    client.post(link)
    assert EmailAddress.objects.get(email=SIGNUP["email"]).verified
    assert [m.subject for m in mail.outbox] == ["Confirm your email"]


# --- Two-step sign-in and passkeys ---------------------------------------------------------------


# allauth sends these once the database has committed, as a real request does: not inside a test's
# transaction, where they would wait until after the request and find no request to build links from.
@pytest.mark.django_db(transaction=True)
def test_turning_the_app_on_sends_one_notice_not_two(alice_client: Client, alice: User) -> None:
    totp_turn_on(alice_client)
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.RECOVERY_CODES).exists()
    body = assert_one_notice(alice.email, "Two-step sign-in is on")
    # Someone else's app keeps the person out even with a new password: say who can help.
    assert "whoever runs Waypoint can turn two-step sign-in off for your account" in body


def test_turning_the_app_off_is_told(alice_client: Client, alice: User) -> None:
    totp_turn_on(alice_client)
    mail.outbox.clear()
    _post_reauthenticated(alice_client, "/accounts/2fa/totp/deactivate/")
    assert not Authenticator.objects.filter(user=alice).exists()
    assert_one_notice(alice.email, "Your authenticator app is off")


@pytest.mark.django_db(transaction=True)
def test_new_recovery_codes_are_told(alice_client: Client, alice: User) -> None:
    totp_turn_on(alice_client)
    mail.outbox.clear()
    _post_reauthenticated(alice_client, "/accounts/2fa/recovery-codes/generate/")
    assert_one_notice(alice.email, "You have new recovery codes")


def test_adding_a_passkey_is_told_without_its_name(alice_client: Client, alice: User) -> None:
    credential = {"clientExtensionResults": {"credProps": {"rk": True}}}
    binding = mock.Mock(is_user_verified=mock.Mock(return_value=True))
    # The browser's part of the ceremony cannot run here; what follows it is allauth's own.
    with (
        mock.patch("allauth.mfa.webauthn.internal.auth.parse_registration_response"),
        mock.patch("allauth.mfa.webauthn.internal.auth.complete_registration", return_value=binding),
    ):
        response = _post_reauthenticated(
            alice_client,
            "/accounts/2fa/webauthn/add/",
            {"name": "Sam's old phone", "credential": json.dumps(credential), "passwordless": "on"},
        )
    assert response.status_code == 302, response.content.decode()
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.WEBAUTHN).exists()
    body = assert_one_notice(alice.email, "A passkey was added")
    assert "Sam" not in body


def test_removing_a_passkey_is_told_without_its_name(alice_client: Client, alice: User) -> None:
    key = Authenticator.objects.create(user=alice, type=Authenticator.Type.WEBAUTHN, data={"name": "Sam's old phone"})
    RecoveryCodes.activate(alice)
    _post_reauthenticated(alice_client, f"/accounts/2fa/webauthn/keys/{key.pk}/remove/")
    assert not Authenticator.objects.filter(pk=key.pk).exists()
    body = assert_one_notice(alice.email, "A passkey was removed")
    assert "Sam" not in body


# --- As this server is named ---------------------------------------------------------------------


def test_a_notice_uses_the_servers_own_name(alice_client: Client, alice: User) -> None:
    with override_settings(SITE_NAME="Harbour Notes"):
        alice_client.post(
            "/accounts/password/change/",
            {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
    body = str(mail.outbox[0].body)
    assert "The password for your Harbour Notes account was changed." in body
    assert "With care, Harbour Notes" in body and "Waypoint" not in body


# --- Changes made by whoever runs the server -----------------------------------------------------


def test_removing_someones_two_step_sign_in_in_the_admin_is_told_to_them(
    operator_client: Client, alice_client: Client, alice: User
) -> None:
    # They lost their phone and asked; or someone talked the operator into it, and they find out.
    totp_turn_on(alice_client)
    second = Authenticator.objects.create(user=alice, type=Authenticator.Type.WEBAUTHN, data={"name": "Sam's phone"})
    mail.outbox.clear()
    ids = [str(pk) for pk in Authenticator.objects.filter(user=alice).values_list("pk", flat=True)]
    operator_client.post(
        "/admin/mfa/authenticator/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )
    assert not Authenticator.objects.filter(pk=second.pk).exists()
    body = assert_one_notice(alice.email, "Your two-step sign-in was changed")
    assert "Whoever runs Waypoint removed two-step sign-in or a passkey from your account." in body
    assert "Sam" not in body


def test_a_password_set_in_the_admin_is_told_to_its_owner(operator_client: Client, alice: User) -> None:
    operator_client.post(
        f"/admin/accounts/user/{alice.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    body = assert_one_notice(alice.email, "Your password was changed")
    assert "Whoever runs Waypoint set a new password for your account." in body
    assert NEW_PASSWORD not in body


def test_a_password_form_sent_back_with_a_mistake_sends_nothing(operator_client: Client, alice: User) -> None:
    operator_client.post(
        f"/admin/accounts/user/{alice.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": "something else", "usable_password": "true"},
    )
    assert mail.outbox == []

"""Every allauth page a person can reach reads as Waypoint: warm, plain, second person, kind words only.

Each test walks one journey with the test client (sign-up, confirming an email, signing in,
choosing a new password, changing an email, two-step sign-in, passkeys, sessions) and reads
the page as a person would. Stock allauth templates that carry words must never be rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from typing import Any

import allauth
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from playwright.sync_api import Page, expect

from accounts.mfa_forms import PasskeyAddForm
from accounts.models import User
from journal.services import entry_create
from prompts.language import avoided_words
from prompts.models import Run, Sequence
from prompts.services import run_start
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory
from tests.journal.conftest import reauthenticate
from tests.test_language import ALLOWED, relative, shipped_files, template_text
from tests.totp import totp_code, totp_turn_on

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a slow walk by the sea 31"
SIGNUP = {"email": "sam@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
# allauth templates with no words of their own: wrappers around our layouts, and markup-only elements.
WORDLESS = {
    "account/base_entrance.html",
    "account/base_manage.html",
    "account/base_manage_email.html",
    "account/base_manage_password.html",
    "mfa/base_entrance.html",
    "mfa/base_manage.html",
    "mfa/totp/base.html",
    "mfa/recovery_codes/base.html",
    "mfa/webauthn/base.html",
    "mfa/webauthn/snippets/login_script.html",
    "usersessions/base_manage.html",
}
# What the stock pages said, which QA found. None of it may come back.
STOCK_PHRASES = [
    "please",
    "successfully",
    "sign up closed",
    "we are sorry",
    "verify your email address",
    "finalize",
    "contact us",
    "for user",
    "hello from",
    "thank you for using",
    "two-factor",
    "re-send",
    "bad token",
    "already logged in",
    "are you sure",
    "reauthenticate",
]


def page_text(response: Any) -> str:
    """The words inside <main> (messages included), with the attributes screen readers announce."""
    html = response.content.decode()
    main = re.search(r"<main\b.*?</main>", html, flags=re.DOTALL)
    assert main is not None, "every account page keeps Waypoint's layout"
    return " ".join(template_text(main.group(0)).split())


def assert_reads_as_waypoint(response: Any) -> str:
    assert response.status_code == 200
    stock = sorted(
        {
            template.origin.template_name
            for template in response.templates
            if template.origin.name.startswith(str(ALLAUTH_TEMPLATES))
            and template.origin.template_name not in WORDLESS
            and not template.origin.template_name.startswith("allauth/")
        }
    )
    assert not stock, f"allauth's own words still shown from {stock}"
    text = page_text(response)
    assert not avoided_words(text), text
    found = [phrase for phrase in STOCK_PHRASES if phrase in text.lower()]
    assert not found, f"{found} in: {text}"
    return text


def assert_email_reads_as_waypoint(message: Any, *, never: tuple[str, ...] = ()) -> str:
    body = str(message.body)
    # Links are addresses, not words anyone reads; the subject may use the lint's reviewed phrases.
    words = re.sub(r"https?://\S+", " ", body)
    subject = str(message.subject)
    for _name, phrase, _reason in ALLOWED:
        subject = subject.replace(phrase, " ")
    assert not avoided_words(subject) and not avoided_words(words), f"{message.subject}\n{body}"
    assert "Waypoint" in body
    for phrase in STOCK_PHRASES:
        assert phrase not in body.lower(), body
    # Nothing a person typed travels in an email, and the host only appears inside the link.
    for words in never:
        assert words not in body, body
    assert "testserver" not in re.sub(r"https?://testserver/\S+", "", body), body
    return body


def link_in(message: Any) -> str:
    found = re.search(r"https?://testserver(/\S+)", str(message.body))
    assert found is not None, message.body
    return found.group(1)


@pytest.fixture
def invite_mode() -> Iterator[None]:
    with override_settings(SIGNUP_MODE="invite"):
        yield


# --- Signing in and signing up ------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/password/change/", "/accounts/reauthenticate/"])
def test_forgot_your_password_comes_after_the_button_not_inside_the_password_field(
    alice_client: Client, url: str
) -> None:
    # In the password's help it stood before the input, so Tab from the email met it first.
    client = Client() if url == "/accounts/login/" else alice_client
    html = client.get(url).content.decode()
    password = html.index('type="password"')
    submit = html.index('type="submit"', password)
    link = html.index('href="/accounts/password/reset/"')
    assert password < submit < link
    assert html.count('href="/accounts/password/reset/"') == 1


def test_sign_in_invites_a_newcomer_to_create_an_account(client: Client) -> None:
    response = client.get("/accounts/login/")
    text = assert_reads_as_waypoint(response)
    assert "Sign in to your journal" in text
    assert "Sign in" in text
    assert 'href="/accounts/signup/"' in response.content.decode()
    assert "Forgot your password?" in text


def test_sign_in_on_an_invite_only_server_points_to_the_invite_code_not_a_dead_end(
    client: Client, invite_mode: None
) -> None:
    response = client.get("/accounts/login/")
    text = assert_reads_as_waypoint(response)
    assert "Waypoint is run by a clinic" in text
    assert "your therapist's link" in text
    assert 'href="/account/invite/"' in response.content.decode()
    assert 'href="/accounts/signup/"' not in response.content.decode()


def test_closed_sign_up_explains_the_clinic_and_the_ways_in(client: Client, invite_mode: None) -> None:
    response = client.get("/accounts/signup/")
    text = assert_reads_as_waypoint(response)
    assert "Waypoint is run by a clinic" in text
    assert "If your therapist sent you a link, opening that link works too." in text
    html = response.content.decode()
    assert 'href="/account/invite/"' in html and "I have an invite code" in text
    assert 'href="/accounts/login/"' in html


def test_sign_up_confirm_and_first_home_page(client: Client) -> None:
    text = assert_reads_as_waypoint(client.get("/accounts/signup/"))
    assert "Create your account" in text

    response = client.post("/accounts/signup/", SIGNUP, follow=True)
    text = assert_reads_as_waypoint(response)
    assert "Check your email" in text
    assert "We sent a link to sam@example.com" in text

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Confirm your email"
    link = link_in(message)
    body = assert_email_reads_as_waypoint(message, never=("sam@example.com",))
    assert "To confirm your email address for Waypoint, open this link:" in body
    assert "With care, Waypoint" in body

    text = assert_reads_as_waypoint(client.get(link))
    assert "Is sam@example.com your email address? Confirm it here." in text

    response = client.post(link, follow=True)
    assert response.redirect_chain[-1][0].startswith("/account/where/")
    text = assert_reads_as_waypoint(response)
    assert "One question before you start" in text
    assert "Your email address is confirmed" in text
    response = client.post("/account/where/", {"skip": "1", "next": "/"}, follow=True)
    text = assert_reads_as_waypoint(response)
    assert "Welcome to Waypoint" in text
    assert "Welcome back" not in text
    assert "signed in as" not in text.lower()


def test_signing_in_before_confirming_sends_the_fresh_link_the_page_promises(client: Client) -> None:
    client.post("/accounts/signup/", SIGNUP)
    cache.clear()  # allauth sends one link per address every few minutes; those minutes have passed
    response = client.post("/accounts/login/", {"login": SIGNUP["email"], "password": NEW_PASSWORD}, follow=True)
    assert "Nothing after a few minutes? Signing in with your email and password sends a fresh link." in page_text(
        response
    )
    assert len(mail.outbox) == 2 and mail.outbox[1].subject == "Confirm your email"


def test_check_your_email_is_not_a_dead_end(client: Client) -> None:
    # A mistyped address can never get its link, and signing in again within a few minutes
    # sends nothing new: the page said "Nothing yet? Signing in … sends a fresh link" and
    # offered neither signing in nor a way to fix the address.
    response = client.post("/accounts/signup/", {**SIGNUP, "email": "sam@exmaple.com"}, follow=True)
    text = assert_reads_as_waypoint(response)
    html = response.content.decode()
    assert "Nothing after a few minutes?" in text
    assert '<a href="/accounts/login/">Signing in</a>' in html
    assert "Typed your address wrong? You could create your account again with the right one." in text
    assert '<a href="/accounts/signup/">create your account again</a>' in html


def test_check_your_email_says_what_helps_while_the_link_is_on_its_way(client: Client) -> None:
    # Someone who signs up at night after hurting themselves waits here for a link that can take
    # minutes, and the journal opens only after it: the page offered nothing to do meanwhile.
    response = client.post("/accounts/signup/", SIGNUP, follow=True)
    text = assert_reads_as_waypoint(response)
    html = response.content.decode()
    assert "While you wait, these need no account:" in text
    assert '<a href="/safety/help/">get help now</a>' in html
    assert '<a href="/safety/after/">if you have hurt yourself</a>' in html
    assert '<a href="/safety/ride-the-wave/">ride the wave</a>' in html


def test_check_your_email_says_so_once_the_link_was_opened_in_another_browser(client: Client) -> None:
    # On a phone the link often opens in the mail app's own browser. Confirmed there, the tab where
    # the account was made still said "Check your email" and "Nothing after a few minutes?" when
    # looked at again, as if no link had come (found walking a first night on a phone).
    client.post("/accounts/signup/", SIGNUP)
    assert "Check your email" in page_text(client.get("/accounts/confirm-email/"))
    mail_app = Client()
    mail_app.post(link_in(mail.outbox[0]))

    response = client.get("/accounts/confirm-email/")
    text = assert_reads_as_waypoint(response)
    assert "Your address is confirmed" in text
    assert "You can sign in here now, with your email and password." in text
    assert "Check your email" not in text and "Nothing after a few minutes?" not in text
    assert '<a class="button" href="/accounts/login/">Sign in</a>' in response.content.decode()
    # Nothing signs this tab in by itself: the password is still the way in.
    assert "_auth_user_id" not in client.session
    client.post("/accounts/login/", {"login": SIGNUP["email"], "password": NEW_PASSWORD})
    assert client.session.get("_auth_user_id")


def test_check_your_email_stays_so_for_another_sign_up_in_waiting(client: Client) -> None:
    # Another address, confirmed, changes nothing for the sign-up this tab is waiting on.
    client.post("/accounts/signup/", SIGNUP)
    other = Client()
    other.post("/accounts/signup/", {**SIGNUP, "email": "jo@example.com"})
    other.post(link_in(mail.outbox[-1]))
    assert "Check your email" in page_text(client.get("/accounts/confirm-email/"))


def test_check_your_email_offers_no_new_account_where_joining_needs_an_invite(
    client: Client, invite_mode: None
) -> None:
    cache.clear()
    response = client.get("/accounts/confirm-email/")
    text = page_text(response)
    assert "Check your email" in text
    assert "create your account again" not in text


def test_emails_use_the_servers_own_name(client: Client) -> None:
    with override_settings(SITE_NAME="Harbour Journal"):
        client.post("/accounts/signup/", SIGNUP)
    body = str(mail.outbox[0].body)
    assert "for Harbour Journal" in body and "With care, Harbour Journal" in body
    assert "Waypoint" not in body


def test_an_expired_confirmation_link_is_explained_kindly(client: Client) -> None:
    text = assert_reads_as_waypoint(client.get("/accounts/confirm-email/not-a-real-key/"))
    assert "This link has expired" in text
    assert "signing in sends you a fresh link" in text


def test_signing_in_adds_no_message_and_signing_out_says_goodbye(client: Client, alice: User) -> None:
    response = client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD}, follow=True)
    text = assert_reads_as_waypoint(response)
    assert not re.search(r'class="message', response.content.decode()), "signing in needs no announcement"
    assert "signed in as" not in text.lower()

    text = assert_reads_as_waypoint(client.get("/accounts/logout/"))
    assert "Sign out?" in text
    text = assert_reads_as_waypoint(client.post("/accounts/logout/", follow=True))
    assert "You have signed out. Take care." in text


def test_many_wrong_passwords_pause_sign_in_kindly(client: Client, alice: User) -> None:
    for _ in range(6):
        response = client.post("/accounts/login/", {"login": alice.email, "password": "not it"})
    text = assert_reads_as_waypoint(response)
    assert "That was a lot of tries in a row, so this is paused for a few minutes." in text


def test_a_switched_off_account_is_told_plainly(client: Client) -> None:
    text = assert_reads_as_waypoint(client.get("/accounts/inactive/"))
    assert "This account is switched off" in text


def test_signing_up_again_with_a_known_address_sends_a_kind_email(client: Client, alice: User) -> None:
    client.post("/accounts/signup/", {**SIGNUP, "email": alice.email})
    message = mail.outbox[-1]
    assert message.subject == "You already have an account"
    body = assert_email_reads_as_waypoint(message, never=(alice.email,))
    assert "you already have one" in body


def test_signing_up_again_and_again_with_a_known_address_sends_ten_emails_an_hour(client: Client, alice: User) -> None:
    fresh = client.post("/accounts/signup/", {**SIGNUP, "email": "new.person@example.com"})
    sent = len(mail.outbox)
    # Allauth's three minutes between emails to one address are set aside, as if each try came later.
    with override_settings(ACCOUNT_EMAIL_CONFIRMATION_COOLDOWN=0):
        answers = [Client().post("/accounts/signup/", {**SIGNUP, "email": alice.email}) for _ in range(12)]
    to_alice = [message for message in mail.outbox[sent:] if message.to == [alice.email]]
    assert len(to_alice) == 10
    # Past the limit, sign-up answers just as for a new address: nobody learns which have accounts.
    assert {(answer.status_code, answer["Location"]) for answer in answers} == {(fresh.status_code, fresh["Location"])}
    keys = [str(key) for key in cache._cache]  # type: ignore[attr-defined]  # the tests' local-memory cache
    assert any(key.startswith(":1:accounts:already-exists:") for key in keys)
    assert not any(alice.email in key for key in keys), "never the address itself in the cache"


# --- Choosing a new password --------------------------------------------------------------------


def test_forgot_password_from_request_to_new_password(client: Client, alice: User) -> None:
    text = assert_reads_as_waypoint(client.get("/accounts/password/reset/"))
    assert "Forgot your password?" in text
    assert "Everything you wrote stays safe" in text

    # Still signed in on a phone (a sign-in after the email would make its link too old).
    phone = Client()
    phone.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert phone.get("/journal/").status_code == 200
    response = client.post("/accounts/password/reset/", {"email": alice.email}, follow=True)
    text = assert_reads_as_waypoint(response)
    assert "If an account uses that address, a link to choose a new password is on its way." in text

    message = mail.outbox[-1]
    assert message.subject == "Reset your password"
    link = link_in(message)
    body = assert_email_reads_as_waypoint(message, never=(alice.email,))
    assert "choose a new password for your Waypoint account" in body

    response = client.get(link, follow=True)
    text = assert_reads_as_waypoint(response)
    assert "Choose a new password" in text
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True)
    text = assert_reads_as_waypoint(response)
    assert "Your new password is saved" in text
    # The heading says it; a message above it said the same words again.
    assert text.count("Your new password is saved") == 1, text
    # Someone resetting it because another person knows it learns that person's phone is signed out, as it is.
    assert "You can sign in with it now. Anywhere else you were signed in is signed out." in text
    assert phone.get("/journal/").status_code == 302


def test_an_old_password_link_is_explained_kindly(client: Client, alice: User) -> None:
    response = client.get("/accounts/password/reset/key/1-not-a-key/", follow=True)
    text = assert_reads_as_waypoint(response)
    assert "This link has expired" in text
    assert 'href="/accounts/password/reset/"' in response.content.decode()


def test_a_password_request_for_an_unknown_address_answers_kindly(client: Client) -> None:
    client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    message = mail.outbox[-1]
    body = assert_email_reads_as_waypoint(message, never=("nobody@example.com",))
    assert "no account uses it" in body


def test_on_an_invite_only_server_the_unknown_address_email_offers_no_sign_up(
    client: Client, invite_mode: None
) -> None:
    client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    body = assert_email_reads_as_waypoint(mail.outbox[-1], never=("nobody@example.com",))
    assert "/accounts/signup/" not in body


# --- Signed in: email, password, confirming it's you ----------------------------------------------


def test_changing_email_reads_kindly_at_every_step(alice_client: Client) -> None:
    reauthenticate(alice_client)  # changing the address asks for the password first
    text = assert_reads_as_waypoint(alice_client.get("/accounts/email/"))
    assert "Your email address" in text and "New email address" in text

    response = alice_client.post("/accounts/email/", {"action_add": "", "email": "alice.new@example.com"}, follow=True)
    text = assert_reads_as_waypoint(response)
    assert "We sent a link to alice.new@example.com" in text
    assert "Changing to" in text and "Keep my current email" in text
    body = assert_email_reads_as_waypoint(mail.outbox[-1])
    assert "alice.new@example.com" not in body


def test_changing_to_the_same_email_is_answered_kindly(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/accounts/email/", {"action_add": "", "email": alice.email})
    text = assert_reads_as_waypoint(response)
    assert "That is the address you use already." in text


def test_changing_password_reads_kindly(alice_client: Client) -> None:
    text = assert_reads_as_waypoint(alice_client.get("/accounts/password/change/"))
    assert "Change your password" in text
    response = alice_client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )
    text = assert_reads_as_waypoint(response)
    assert "Your new password is saved." in text


def test_a_new_password_says_the_other_devices_are_signed_out_as_they_are(alice: User) -> None:
    # Someone changing it because another person knows it was told only "saved", and could not
    # know whether that person's phone was still signed in.
    phone, laptop = Client(), Client()
    for client in (phone, laptop):
        client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})
    response = laptop.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Anywhere else you were signed in is signed out now." in assert_reads_as_waypoint(response)
    assert phone.get("/journal/").status_code == 302
    assert laptop.get("/journal/").status_code == 200


def test_confirming_its_you_with_a_code_by_email_reads_as_waypoint(alice_client: Client, alice: User) -> None:
    # "Send me a sign-in code" on the confirm-it's-you page: allauth's own pages and email until now.
    text = assert_reads_as_waypoint(alice_client.get("/accounts/reauthenticate/"))
    assert "Send me a sign-in code" in text
    text = assert_reads_as_waypoint(alice_client.get("/accounts/reauthenticate/code/"))
    assert "we can email a short code to alice@example.com" in text
    assert "Recipient" not in text

    response = alice_client.post("/accounts/reauthenticate/code/", {"recipient": alice.email}, follow=True)
    text = assert_reads_as_waypoint(response)
    assert "We sent a code to alice@example.com. It works for a few minutes." in text
    message = mail.outbox[-1]
    assert message.subject == "Your sign-in code"
    body = assert_email_reads_as_waypoint(message)
    code = re.search(r"\n\n(\S+)\n\n", body)
    assert code is not None, body

    text = assert_reads_as_waypoint(alice_client.post("/accounts/reauthenticate/code/confirm/", {"code": "WRONG-CODE"}))
    assert "Could you check it against the one in the email we sent?" in text
    assert "30 seconds" not in text
    response = alice_client.post("/accounts/reauthenticate/code/confirm/", {"code": code.group(1)})
    assert response.status_code == 302


def test_password_labels_are_in_sentence_case_as_every_other_label(alice_client: Client) -> None:
    # allauth says "New Password"; the sign-up page beside it says "Password (again)".
    html = alice_client.get("/accounts/password/change/").content.decode()
    for label in ("Current password", "New password", "New password (again)"):
        assert f">{label}</label>" in html
    assert "Password</label>" not in html and "Password (again)</label>" not in html


def test_confirming_its_you_before_a_sensitive_step(alice_client: Client) -> None:
    response = alice_client.get("/accounts/2fa/totp/activate/", follow=True)
    assert "/accounts/reauthenticate/" in response.redirect_chain[-1][0]
    text = assert_reads_as_waypoint(response)
    assert "Confirm it's you" in text and "Type your password to carry on." in text


# --- Two-step sign-in, recovery codes, passkeys ---------------------------------------------------


# allauth adds these messages once the change is committed, so these two tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_two_step_sign_in_from_off_to_on(alice_client: Client, alice: User) -> None:
    text = assert_reads_as_waypoint(alice_client.get("/accounts/2fa/"))
    assert "Two-step sign-in and passkeys" in text and "All of this is optional." in text
    assert "Activate" in text

    alice_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    text = assert_reads_as_waypoint(alice_client.get("/accounts/2fa/totp/activate/"))
    assert "Set up your authenticator app" in text
    assert "QR code for your authenticator app" in text
    assert "Can't scan? You can copy this key into the app instead." in text

    totp_turn_on(alice_client)
    response = alice_client.get("/accounts/2fa/recovery-codes/")
    text = assert_reads_as_waypoint(response)
    assert "Recovery codes" in text and "You have 10 of 10 codes left." in text

    text = assert_reads_as_waypoint(alice_client.get("/accounts/2fa/"))
    assert "On. When you sign in, you type a code from the app on your phone." in text
    assert "Turn off" in text and "Make new codes" in text

    text = assert_reads_as_waypoint(alice_client.get("/accounts/2fa/recovery-codes/generate/"))
    assert "Make new recovery codes?" in text
    assert "Your current codes stop working once the new ones are made." in text
    text = assert_reads_as_waypoint(alice_client.post("/accounts/2fa/recovery-codes/generate/", follow=True))
    assert "Your recovery codes are ready." in text

    text = assert_reads_as_waypoint(alice_client.get("/accounts/2fa/totp/deactivate/"))
    assert "Turn off your authenticator app?" in text


@pytest.mark.django_db(transaction=True)
def test_activating_the_app_says_what_changes(alice_client: Client, alice: User) -> None:
    alice_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = alice_client.get("/accounts/2fa/totp/activate/").content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*>([A-Z2-7]{16,})<', page)
    assert secret is not None
    code = totp_code(secret.group(1))
    text = assert_reads_as_waypoint(alice_client.post("/accounts/2fa/totp/activate/", {"code": code}, follow=True))
    assert "Two-step sign-in is on." in text and "Your recovery codes are ready." in text


def test_a_wrong_code_while_setting_up_the_app_speaks_of_the_app_alone(alice_client: Client) -> None:
    # The box takes only the app's code, and nobody has recovery codes before the app is on: the
    # sign-in page's "Each recovery code works only once" sent people looking for codes they lacked.
    alice_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    alice_client.get("/accounts/2fa/totp/activate/")
    text = assert_reads_as_waypoint(alice_client.post("/accounts/2fa/totp/activate/", {"code": "000000"}))
    assert "codes change every 30 seconds, so a fresh one may help." in text
    assert "recovery code" not in text.lower()


def test_signing_in_with_two_steps_asks_gently_for_the_code(client: Client, alice: User) -> None:
    setup = Client()
    setup.force_login(alice)
    totp_turn_on(setup)

    response = client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/2fa/authenticate/"
    text = assert_reads_as_waypoint(response)
    assert "One more step" in text
    assert "Type the code from your authenticator app. One of your recovery codes works too." in text
    assert "Use a passkey or security key" in text

    # A recovery code used before: the message is true for it too, not only for the app's codes.
    used = RecoveryCodes(Authenticator.objects.get(user=alice, type=Authenticator.Type.RECOVERY_CODES))
    spent = used.get_unused_codes()[0]
    used.validate_code(spent)
    text = assert_reads_as_waypoint(client.post("/accounts/2fa/authenticate/", {"code": spent}))
    assert "Each recovery code works only once." in text


def test_confirming_its_you_with_the_app(alice_client: Client, alice: User) -> None:
    totp_turn_on(alice_client)
    text = assert_reads_as_waypoint(alice_client.get("/accounts/2fa/reauthenticate/"))
    assert "Confirm it's you" in text and "Type the code from your authenticator app." in text


def test_passkey_pages_read_kindly(alice_client: Client, alice: User) -> None:
    alice_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    text = assert_reads_as_waypoint(alice_client.get("/accounts/2fa/webauthn/add/"))
    assert "Add a passkey or security key" in text
    assert "Passkeys need JavaScript" in text, "people without JavaScript are told why nothing happens"
    # allauth's box read "Enabling passwordless operation … imposes additional requirements".
    assert "passwordless" not in text.lower() and "imposes" not in text
    assert "Use it to sign in without a password" in text
    assert "Your phone or key then asks for your fingerprint, face or PIN each time." in text

    # What allauth keeps for a passkey: the name, and the browser's word that it is one (rk).
    passkey = {"clientExtensionResults": {"credProps": {"rk": True}}}
    key = Authenticator.objects.create(
        user=alice, type=Authenticator.Type.WEBAUTHN, data={"name": "My phone", "credential": passkey}
    )
    text = assert_reads_as_waypoint(alice_client.get("/accounts/2fa/webauthn/"))
    assert "My phone (passkey)" in text and "Not used yet." in text
    response = alice_client.get(f"/accounts/2fa/webauthn/keys/{key.pk}/edit/")
    text = assert_reads_as_waypoint(response)
    assert "Rename this key" in text
    # A way back to the list without saving, as the remove page has; "Back to settings" skips two pages.
    assert 'href="/accounts/2fa/webauthn/"' in response.content.decode() and "Keep its name" in text
    text = assert_reads_as_waypoint(alice_client.get(f"/accounts/2fa/webauthn/keys/{key.pk}/remove/"))
    assert "Remove this key?" in text and "“My phone”" in text
    text = assert_reads_as_waypoint(alice_client.get("/accounts/2fa/"))
    assert "You have added 1 key." in text


def test_a_key_cannot_be_renamed_to_the_name_of_another_of_your_keys(alice_client: Client, alice: User) -> None:
    # Two keys called "My phone" made two "Remove My phone" buttons no screen reader could tell apart.
    Authenticator.objects.create(user=alice, type=Authenticator.Type.WEBAUTHN, data={"name": "My phone"})
    key = Authenticator.objects.create(user=alice, type=Authenticator.Type.WEBAUTHN, data={"name": "Passkey 2"})
    alice_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = alice_client.post(f"/accounts/2fa/webauthn/keys/{key.pk}/edit/", {"name": "My phone"})
    assert response.status_code == 200
    text = assert_reads_as_waypoint(response)
    assert "Another of your keys has this name." in text
    key.refresh_from_db()
    assert key.data["name"] == "Passkey 2"
    # Its own name again, or a new one, is fine.
    response = alice_client.post(f"/accounts/2fa/webauthn/keys/{key.pk}/edit/", {"name": "Work laptop"}, follow=True)
    assert response.redirect_chain == [("/accounts/2fa/webauthn/", 302)]
    assert "Saved. The key has its new name." in assert_reads_as_waypoint(response)
    key.refresh_from_db()
    assert key.data["name"] == "Work laptop"


def test_a_new_key_named_like_one_of_yours_takes_a_number(alice: User) -> None:
    # Two keys called "My phone" made two "Remove My phone" buttons no screen reader could tell
    # apart. The browser has already made the key when the name arrives, so it is numbered, not refused.
    Authenticator.objects.create(user=alice, type=Authenticator.Type.WEBAUTHN, data={"name": "My phone"})
    Authenticator.objects.create(user=alice, type=Authenticator.Type.WEBAUTHN, data={"name": "My phone 2"})
    form = PasskeyAddForm(data={"name": "My phone "}, user=alice)
    form.is_valid()
    assert form.cleaned_data["name"] == "My phone 3"
    form = PasskeyAddForm(data={"name": "Work laptop"}, user=alice)
    form.is_valid()
    assert form.cleaned_data["name"] == "Work laptop"


def test_a_passkeys_date_reads_the_same_wherever_the_person_lives(alice_client: Client, alice: User) -> None:
    # "Added 12/05/2026" was 5 December in the United States and 12 May almost everywhere else.
    key = Authenticator.objects.create(user=alice, type=Authenticator.Type.WEBAUTHN, data={"name": "My phone"})
    Authenticator.objects.filter(pk=key.pk).update(created_at=datetime(2026, 12, 5, 10, 0, tzinfo=UTC))
    alice_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    text = assert_reads_as_waypoint(alice_client.get("/accounts/2fa/webauthn/"))
    assert "Added 5 December 2026." in text


# --- Sessions ---------------------------------------------------------------------------------------


def test_sessions_page_reads_kindly(alice_client: Client, alice: User) -> None:
    other = Client()
    other.force_login(alice)
    other.get("/")
    alice_client.get("/")
    text = assert_reads_as_waypoint(alice_client.get("/accounts/sessions/"))
    assert "Where you are signed in" in text and "This device" in text
    assert "Sign out everywhere else" in text
    text = assert_reads_as_waypoint(alice_client.post("/accounts/sessions/", follow=True))
    assert "You are signed out everywhere else." in text


# --- The first home page ------------------------------------------------------------------------


def test_a_new_account_gets_a_first_time_welcome(client: Client) -> None:
    newcomer: Any = UserFactory(email="new@example.com")
    client.force_login(newcomer)
    text = assert_reads_as_waypoint(client.get("/"))
    assert "Welcome to Waypoint" in text and "Welcome back" not in text


def test_someone_who_has_written_is_welcomed_back(alice_client: Client, alice: User) -> None:
    entry_create(author=alice, title="", body="A walk at lunch helped.")
    text = assert_reads_as_waypoint(alice_client.get("/"))
    assert "Welcome back" in text and "Welcome to Waypoint" not in text


@pytest.mark.parametrize("status", [Run.Status.IN_PROGRESS, Run.Status.FINISHED])
def test_someone_who_began_a_reflection_is_welcomed_back(alice_client: Client, alice: User, status: str) -> None:
    call_command("prompts_load", verbosity=0)
    run = run_start(owner=alice, sequence=Sequence.objects.filter(clinic_key="").order_by("slug")[0])
    Run.objects.filter(pk=run.pk).update(status=status)
    text = assert_reads_as_waypoint(alice_client.get("/"))
    assert "Welcome back" in text and "Welcome to Waypoint" not in text


# --- In the browser ------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_new_pages_pass_axe_on_an_invite_only_server(page: Page, live_server: Any, invite_mode: None) -> None:
    for url in [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/confirm-email/",
        "/accounts/confirm-email/not-a-real-key/",
        "/accounts/password/reset/key/1-not-a-key/",
        "/accounts/inactive/",
    ]:
        page.goto(f"{live_server.url}{url}")
        expect(page.locator("main h1")).to_be_visible()
        assert_accessible(page)


# --- The lint reads these templates too -----------------------------------------------------------


def test_the_language_lint_reads_every_allauth_override() -> None:
    linted = {relative(path) for path in shipped_files()}
    ours = Path(__file__).resolve().parents[2] / "templates"
    overrides = {
        relative(path)
        for folder in ("account", "mfa", "usersessions")
        for path in (ours / folder).rglob("*")
        if path.is_file()
    }
    assert {"templates/account/login.html", "templates/account/email/base_message.txt"} <= overrides
    assert overrides <= linted


@pytest.mark.django_db
def test_allauths_own_error_messages_speak_as_waypoint(client: Client, alice: Any) -> None:
    # From locale/en: project catalogues win over allauth's.
    mismatch = {"email": "new@example.com", "password1": "a long gentle password 9", "password2": "another one 9"}
    page = client.post("/accounts/signup/", mismatch).content.decode()
    # Both boxes come back empty (a password is never sent back), so the words ask for both.
    assert "The two passwords are different. Could you type it in both boxes again?" in page
    assert 'name="password1" value=' not in page and 'name="password2" value=' not in page
    page = client.post("/accounts/login/", {"login": alice.email, "password": "not it"}).content.decode()
    assert "That email and password don&#x27;t match an account here." in page
    for stock in ("You must type", "are not correct"):
        assert stock not in page


@pytest.mark.django_db
def test_djangos_own_words_for_an_empty_box_or_an_unreadable_address_ask_kindly(client: Client) -> None:
    # From locale/en too: Django's "This field is required." and "Enter a valid email address."
    # were orders, with a word ("field") nobody uses about a form on a bad night.
    page = unescape(client.post("/accounts/signup/", {}).content.decode())
    assert "Could you fill this in?" in page and "This field is required." not in page
    page = unescape(client.post("/accounts/password/reset/", {"email": "not an address"}).content.decode())
    assert "That doesn't look like an email address yet. Could you check it?" in page
    assert "Enter a valid email address." not in page


def test_the_compiled_english_catalogue_matches_its_source() -> None:
    from pathlib import Path

    from django.conf import settings
    from django.utils import translation

    source = (Path(settings.BASE_DIR) / "locale/en/LC_MESSAGES/django.po").read_text()
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', source, flags=re.MULTILINE)
    assert len(pairs) >= 6
    with translation.override("en"):
        for msgid, msgstr in pairs:
            assert translation.gettext(msgid) == msgstr, f"run msgfmt for {msgid!r}"


def test_a_password_mistake_stands_under_its_label(client: Client) -> None:
    response = client.post(
        "/accounts/signup/", {"email": "sam@example.org", "password1": "short", "password2": "short"}
    )
    html = response.content.decode()
    label = html.index('<label for="id_password1"')
    message = html.index("This password is a little short")
    field = html.index('id="id_password1"', label + 1)
    # allauth's own layout put the message above the label, after the email field.
    assert label < message < field
    assert html.index('<label for="id_email"') < html.index('id="id_email"') < label

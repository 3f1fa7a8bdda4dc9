"""A newcomer's first visit, in the real browser: sign up, confirm, turn on TOTP, sign in with a code."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible
from tests.totp import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "quiet river at evening 7"


def test_a_newcomer_signs_up_confirms_turns_on_totp_and_signs_in_with_a_code(page: Page, live_server: Any) -> None:
    base = live_server.url
    page.goto(f"{base}/")
    expect(page.locator("#crisis-strip")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Create an account").first.click()
    assert_accessible(page)
    page.get_by_label("Email").fill("sam@example.com")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.locator("main h1")).to_have_text("Check your email")
    assert_accessible(page)

    # The confirmation email says only what it must, and carries the link.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Confirm your email"
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", str(message.body))
    assert link is not None
    page.goto(link.group(0).replace("http://testserver", base))
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("main h1")).to_have_text("One question before you start")
    assert_accessible(page)
    page.get_by_label("Which country are you in?").select_option("GB")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{base}/")
    expect(page.locator("#crisis-strip").get_by_role("link", name="999")).to_be_visible()
    # A brand-new account is greeted for the first time, not welcomed back.
    expect(page.locator("main h1")).to_have_text("Welcome to Waypoint")

    page.goto(f"{base}/account/settings/")
    page.get_by_role("link", name="Two-step sign-in and passkeys").click()
    assert_accessible(page)
    page.get_by_role("link", name="Activate").first.click()
    # Turning on two-step sign-in asks for the password again first.
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    assert_accessible(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    activated_in = int(time.time()) // 30
    page.get_by_role("button", name="Activate").click()
    # allauth shows the recovery codes right after the first authenticator is added.
    expect(page.locator("main")).to_contain_text("Recovery codes")
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("main h1")).to_be_visible()

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill("sam@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_label("Code")).to_be_visible()
    assert_accessible(page)
    # A code is accepted once; wait for a fresh period if we are still in the activation one.
    if int(time.time()) // 30 == activated_in:
        time.sleep(30 - time.time() % 30 + 0.5)
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(f"{base}/")
    # Nothing written yet, so home still offers the first-time welcome.
    expect(page.locator("main h1")).to_have_text("Welcome to Waypoint")
    expect(page.locator("#crisis-strip")).to_be_visible()


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}], ids=["phone", "desktop"]
)
def test_a_sign_up_sent_back_starts_at_the_first_mistake(page: Page, live_server: Any, viewport: Any) -> None:
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Email").fill("sam@example.com")
    page.locator("#id_password1").fill("short")
    page.locator("#id_password2").fill("short")
    page.get_by_role("button", name="Create my account").click()
    expect(page.locator("main h1")).to_have_text("Create your account")
    # The keyboard and a screen reader start at the password, whose message is read with it;
    # the message stands under its label, not above it where it reads as the email's.
    password = page.locator("#id_password1")
    expect(password).to_be_focused()
    expect(password).to_have_accessible_description(re.compile("a little short"))
    field = page.locator(".field", has=password)
    expect(field.locator(".field-errors")).to_contain_text("a little short")
    expect(page.locator(".field", has=page.locator("#id_email")).locator(".field-errors")).to_have_count(0)
    assert_accessible(page)


def test_two_different_passwords_start_again_at_the_first_box_and_the_keyboard_gets_through(
    page: Page, live_server: Any
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Email").fill("sam@example.com")
    page.locator("#id_password1").fill("tonight is hard 2am")
    page.locator("#id_password2").fill("tonight is hard 2an")
    page.get_by_role("button", name="Create my account").click()
    # Both boxes come back empty and the words ask for both: the keyboard starts at the first,
    # hearing why, so typing, Tab, typing and Enter creates the account.
    password = page.locator("#id_password1")
    expect(password).to_be_focused()
    expect(password).to_have_accessible_description(re.compile("The two passwords are different"))
    expect(page.locator("#id_password2")).not_to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.keyboard.type("tonight is hard 2am")
    page.keyboard.press("Tab")
    page.keyboard.type("tonight is hard 2am")
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("Check your email")


def test_a_sign_in_that_did_not_match_starts_at_its_message(page: Page, live_server: Any, alice: Any) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator("[data-form-mistake]")).to_be_focused()
    expect(page.locator("[data-form-mistake]")).to_contain_text("don't match")
    assert_accessible(page)

"""Confirm it's you and two-step sign-in's code, by keyboard on a desktop: the box has focus as the page opens."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD
from tests.totp import totp_turn_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_confirm_its_you_opens_in_the_password_box_and_a_mistake_keeps_it_there(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    # The page is there for one box, and it took 18 Tabs past the menu and the help links to reach it.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/accounts/reauthenticate/?next=/settings/")
    password = page.get_by_label("Password")
    expect(password).to_be_focused()

    page.keyboard.type("not it")
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    expect(page.get_by_label("Password")).to_be_focused()  # the mistake, read out with its box
    expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")

    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/settings/")


def test_the_two_step_code_box_has_focus_as_its_page_opens_and_a_wrong_code_keeps_it_there(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    # "One more step" after the password, and "Confirm it's you" with a code, are there for one box.
    # It took 13 Tabs past the help strip and the menu to reach it, at night, with the phone lost.
    setup = Client()
    setup.force_login(alice)
    totp_turn_on(setup)
    first, second = RecoveryCodes(
        Authenticator.objects.get(user=alice, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()[:2]
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    request.addfinalizer(context.close)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="One more step")).to_be_visible()
    code = page.get_by_label("Code")
    expect(code).to_be_focused()

    page.keyboard.type("12345678")
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    expect(page.get_by_label("Code")).to_be_focused()  # the mistake, read out with its box
    expect(page.get_by_label("Code")).to_have_attribute("aria-invalid", "true")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(first)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/accounts/2fa/reauthenticate/?next=/account/settings/")
    expect(page.get_by_label("Code")).to_be_focused()
    page.keyboard.type(second)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/account/settings/")

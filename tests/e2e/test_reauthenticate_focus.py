"""The "confirm it's you" page, with the keyboard on a desktop: the password box has focus as it opens."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD

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

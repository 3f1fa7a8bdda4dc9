"""Settings offers the device's own time zone in one press, while none is chosen."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_one_press_keeps_the_devices_time_zone(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, timezone_id="Europe/Paris")
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/account/settings/")

    offer = page.get_by_role("button", name="Use this device's time zone: Europe / Paris")
    expect(offer).to_be_visible()
    assert_accessible(page)
    offer.click()

    expect(page.get_by_text("Saved. Times now follow Europe / Paris.")).to_be_visible()
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Paris")
    expect(page.get_by_role("button", name="Use this device's time zone")).to_have_count(0)
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/Paris"

"""Settings, and the look back where its clock differs, offer the device's own time zone in one press
while none is chosen; the full list is a page of its own."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from journal.services import entry_create
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
    expect(page.get_by_text("Your times of day follow Europe / Paris.")).to_be_visible()
    expect(page.get_by_role("button", name="Use this device's time zone")).to_have_count(0)
    page.get_by_role("link", name="Choose another time zone").click()
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Paris")
    assert_accessible(page)
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/Paris"


def test_the_look_back_offers_it_only_to_a_device_on_another_clock(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    """Its times of day read in the site's clock (UTC here) until the person chooses a zone."""
    entry_create(author=alice, body="words", written_on=timezone.localdate(), urge=5)
    look_back = f"{live_server.url}/look-back/?span=all"
    same_clock = browser.new_context(viewport={"width": 1280, "height": 800}, timezone_id="UTC")
    request.addfinalizer(same_clock.close)
    page = same_clock.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(look_back)
    expect(page.get_by_role("heading", name="Patterns you might notice")).to_be_visible()
    expect(page.get_by_role("button", name="Use this device's time zone")).to_have_count(0)
    expect(page.get_by_text("the site's own time zone")).to_be_hidden()

    other_clock = browser.new_context(viewport={"width": 1280, "height": 800}, timezone_id="America/New_York")
    request.addfinalizer(other_clock.close)
    page = other_clock.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(look_back)
    expect(page.get_by_text("Times of day here follow UTC, the site's own time zone.")).to_be_visible()
    offer = page.get_by_role("button", name="Use this device's time zone: America / New York")
    assert_accessible(page)
    offer.click()

    expect(page.locator("#messages")).to_contain_text("Saved. Times now follow America / New York.")
    expect(page.locator("#messages")).to_be_focused()
    expect(page).to_have_url(f"{look_back}#messages")
    expect(page.get_by_role("button", name="Use this device's time zone")).to_have_count(0)
    alice.refresh_from_db()
    assert alice.time_zone == "America/New_York"


def test_at_320_px_the_chosen_zone_reads_whole(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    """A select shows one line: its first choice lost "UTC" at this width, and a long name is cut,
    so the choice is short and the sentence above the list names the zone in full. Without
    JavaScript, from Settings' link to the list's own page and back."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/account/settings/")
    page.get_by_role("link", name="Choose another time zone").click()
    select = page.get_by_label("Time zone")
    expect(select).to_have_value("")
    assert select.evaluate("s => s.scrollWidth <= s.clientWidth"), "the chosen line is cut"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    select.select_option("America/Argentina/ComodRivadavia")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{live_server.url}/account/settings/#messages")
    sentence = page.get_by_text("Your times of day follow America / Argentina / ComodRivadavia.")
    expect(sentence).to_be_visible()
    box = sentence.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

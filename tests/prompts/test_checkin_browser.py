"""The check-in and the first card after self-harm, in Chromium, on a desktop and on a phone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
SIZES = [pytest.param({"width": 1280, "height": 800}, id="desktop"), pytest.param(PHONE, id="phone")]


@pytest.fixture(params=SIZES)
def page_at(request: pytest.FixtureRequest, browser: Browser, live_server: Any, alice: Any) -> Any:
    context = browser.new_context(viewport=request.param)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    yield page
    context.close()


def no_sideways_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))


def check_in(page: Page, situation: str) -> None:
    page.get_by_label(situation, exact=True).check()
    page.get_by_role("button", name="Suggest something gentle").click()
    expect(page.locator("#checkin-heading")).to_be_focused()


def test_not_feeling_safe_leads_straight_to_help(page_at: Page, live_server: Any, loaded_library: None) -> None:
    page = page_at
    situations = page.locator(".situation-choices label")
    expect(situations.first).to_have_text("I don't feel safe right now")
    check_in(page, "I don't feel safe right now")
    checkin = page.locator("#checkin")
    expect(checkin.get_by_role("link", name="Call 911")).to_have_attribute("href", "tel:911")
    expect(checkin.get_by_role("link", name="My safety plan")).to_be_visible()
    expect(checkin.get_by_role("link", name="After a setback")).to_have_count(0)
    box = checkin.get_by_role("link", name="Get help now").bounding_box()
    assert box is not None and box["height"] >= 44
    assert no_sideways_scroll(page)
    assert_accessible(page)
    checkin.get_by_role("link", name="Get help now").click()
    page.wait_for_url(f"{live_server.url}/safety/help/")


def test_an_urge_opens_the_urge_timer_first(page_at: Page, live_server: Any, loaded_library: None) -> None:
    page = page_at
    check_in(page, "I have an urge right now")
    actions = page.locator("#checkin .actions a")
    expect(actions.first).to_have_text("Ride the wave with the timer")
    expect(actions.nth(1)).to_have_text("Ride the wave: a reflection")
    assert_accessible(page)
    actions.first.click()
    page.wait_for_url(f"{live_server.url}/safety/ride-the-wave/")


def test_after_self_harm_body_care_is_open_and_first(page_at: Page, live_server: Any, loaded_library: None) -> None:
    page = page_at
    check_in(page, "Self-harm happened")
    checkin = page.locator("#checkin")
    expect(checkin).to_contain_text("Many people feel shame after self-harm.")
    expect(checkin.get_by_text("Call the emergency number now if you are bleeding a lot.")).to_be_visible()
    first_minutes = checkin.get_by_role("link", name="What to do in the first minutes")
    expect(first_minutes).to_have_attribute("href", "/safety/after/")
    box = first_minutes.bounding_box()
    assert box is not None and box["height"] >= 44
    assert no_sideways_scroll(page)
    assert_accessible(page)

    checkin.get_by_role("link", name="After a setback").click()
    expect(page.locator(".content-note")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Begin").click()
    expect(page.get_by_role("heading", name="Your body comes first")).to_be_visible()
    card = page.locator(".body-first")
    # Nothing to open: the words and the number are there as the page arrives.
    expect(card).to_be_visible()
    expect(card).to_contain_text("even if you feel okay")
    expect(card).to_contain_text("a pharmacist or nurse can help")
    call = card.get_by_role("link", name="Call 911")
    expect(call).to_have_attribute("href", "tel:911")
    box = call.bounding_box()
    assert box is not None and box["height"] >= 44
    assert no_sideways_scroll(page)
    assert_accessible(page)


def test_the_body_care_card_reads_at_320px_and_in_dark_mode(
    browser: Browser, live_server: Any, loaded_library: None, alice: Any
) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 700}, color_scheme="dark")
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.get_by_role("link", name="Try a gentle reflection").click()
    page.get_by_role("link", name="After a setback").click()
    page.get_by_role("button", name="Begin").click()
    expect(page.locator(".body-first")).to_be_visible()
    assert no_sideways_scroll(page)
    assert_accessible(page)
    context.close()

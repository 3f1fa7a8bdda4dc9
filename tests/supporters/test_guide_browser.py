"""The guide for family and friends in Chromium: phone and desktop, light and dark, and on paper."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from safety.services import crisis_resources_load
from supporters.models import GuideSection
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = "/people-around-you/guide/"


@pytest.fixture
def shipped(transactional_db: None) -> None:
    crisis_resources_load()
    # A section from the service, so axe checks that part of the page as well.
    GuideSection.objects.create(title="Our carers' evening", body="Every first Monday.\n\nAsk at reception.")


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (375, 812)], ids=["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_visitor_finds_it_from_the_home_page_and_axe_finds_nothing(
    browser: Browser, live_server: Any, shipped: None, width: int, height: int, scheme: Any
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="For family and friends: how to help someone you care about").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A guide for family and friends")
    urgent = page.locator(".guide-urgent")
    expect(urgent.get_by_role("link", name="Call 999")).to_be_visible()
    expect(page.get_by_role("button", name="Print this guide")).to_be_visible()
    expect(page.get_by_text("Added by the clinic or service that runs this Waypoint")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert_accessible(page)
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_signed_in_on_a_phone_it_is_linked_from_home_and_axe_finds_nothing(
    browser: Browser, live_server: Any, shipped: None, alice: Any, scheme: Any
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812}, color_scheme=scheme)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.get_by_role("link", name="For family and friends: how to help someone you care about").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A guide for family and friends")
    assert_accessible(page)
    context.close()


def test_nothing_scrolls_sideways_at_320_pixels(browser: Browser, live_server: Any, shipped: None) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{live_server.url}{URL}")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    context.close()


def test_on_paper_nav_and_buttons_go_and_the_number_and_addresses_stay(
    browser: Browser, live_server: Any, shipped: None
) -> None:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(f"{live_server.url}{URL}")
    expect(page.get_by_role("button", name="Print this guide")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Print this guide")).to_be_hidden()
    expect(page.locator(".guide-urgent").get_by_text("Call 911")).to_be_visible()
    # A link can't be followed on paper, so each source's address is written out.
    expect(page.locator(".guide-source-url").first).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.locator(".guide-source-url").first).to_be_hidden()
    context.close()

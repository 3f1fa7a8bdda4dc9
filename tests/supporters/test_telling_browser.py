"""Words to show someone, in Chromium: chosen on a phone, read at arm's length, and on to the guide."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from safety.services import crisis_resources_load
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = "/people-around-you/words/"


@pytest.fixture
def shipped(transactional_db: None) -> None:
    crisis_resources_load()


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (375, 812)], ids=["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_visitor_chooses_words_shows_them_large_and_the_reader_finds_the_guide(
    browser: Browser, live_server: Any, shipped: None, width: int, height: int, scheme: Any
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}{URL}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Words for when you tell someone")
    assert_accessible(page)

    page.get_by_role("link", name="I don't feel safe right now. Please stay with me, and help me get help.").click()
    words = page.locator(".telling-words")
    expect(words).to_have_text("I don't feel safe right now. Please stay with me, and help me get help.")
    # Readable from a phone held out to someone: well above body text, and in the first screen.
    sizes = words.evaluate("el => [el, document.body].map(node => parseFloat(getComputedStyle(node).fontSize))")
    assert sizes[0] >= 1.5 * sizes[1]
    box = words.bounding_box()
    assert box is not None and box["y"] + box["height"] <= height
    expect(page.locator("#crisis-strip")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="For you, the person reading this: what to do now").click()
    expect(page.get_by_role("heading", name="When it is urgent")).to_be_in_viewport()
    context.close()


def test_signed_in_on_a_phone_it_is_linked_from_home(
    browser: Browser, live_server: Any, shipped: None, alice: Any
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.get_by_role("link", name="Words you could show someone, when you tell them").click()
    page.get_by_role("link", name="I've been hurting myself to cope", exact=False).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Someone who trusts you would like you to read this")
    assert_accessible(page)
    page.get_by_role("link", name="Choose other words").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Words for when you tell someone")
    context.close()


def test_nothing_scrolls_sideways_at_320_pixels(browser: Browser, live_server: Any, shipped: None) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in (URL, f"{URL}questions/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    context.close()

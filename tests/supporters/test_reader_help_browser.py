"""The supporter's page in Chromium, at phone and desktop size: the help bar holds "Get help now" and
"Leave quickly" (no plan to sign in to), each whole and full-size, and crisis lines for another
country are one tap away, without an account."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from journal.services import entry_create
from safety.services import crisis_resources_load
from supporters import services
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _supporter_page(browser: Browser, live_server: Any, alice: Any, width: int, height: int) -> Page:
    crisis_resources_load()
    supporter = services.supporter_add(owner=alice, name="Sam")
    services.share_entry(supporter=supporter, entry=entry_create(author=alice, title="For Sam", body="A hard week."))
    new = services.link_make(supporter=supporter, days=7, with_code=False)
    viewport: Any = {"width": width, "height": height}
    sam = browser.new_context(viewport=viewport, locale="en-US").new_page()
    sam.goto(f"{live_server.url}/people-around-you/for-you/{new.token}/")
    return sam


def _check_the_bar(sam: Page, width: int) -> None:
    strip = sam.locator("#crisis-strip")
    help_now = strip.get_by_role("link", name="Get help now")
    leave = strip.get_by_role("button", name="Leave quickly")
    expect(help_now).to_be_visible()
    expect(leave).to_be_visible()
    expect(strip.get_by_role("link", name="My safety plan")).to_have_count(0)
    boxes = [help_now.bounding_box(), leave.bounding_box()]
    for box in boxes:
        assert box is not None and box["height"] >= 44
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    if width < 640:
        # The pinned bar on a phone: one row, "Help now" at the start and "Leave" at the end.
        assert boxes[0] is not None and boxes[1] is not None
        assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2, boxes
        assert boxes[0]["x"] < width / 3 and boxes[1]["x"] + boxes[1]["width"] > width * 2 / 3, boxes
    assert sam.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)], ids=["phone", "desktop"])
def test_the_help_bar_and_another_countrys_lines_on_the_supporters_page(
    browser: Browser, live_server: Any, alice: Any, width: int, height: int
) -> None:
    sam = _supporter_page(browser, live_server, alice, width, height)
    expect(sam.get_by_role("heading", level=1)).to_have_text("A private page for you")
    _check_the_bar(sam, width)
    sam.get_by_role("button", name="Open it").click()
    expect(sam.get_by_role("heading", level=1)).to_have_text("Shared with you")
    _check_the_bar(sam, width)
    assert_accessible(sam)

    urgent = sam.locator(".supporter-urgent")
    expect(urgent.get_by_role("link", name="Call 911")).to_be_visible()
    elsewhere = urgent.get_by_role("link", name="Crisis lines in another country")
    box = elsewhere.bounding_box()
    assert box is not None and box["height"] >= 44
    elsewhere.click()
    # The public crisis page, at its country picker: no sign-in on the way.
    expect(sam.get_by_role("heading", name="Somewhere else?")).to_be_in_viewport()
    sam.get_by_label("Show help for").select_option("GB")
    sam.locator("#region-pick").get_by_role("button", name="Show").click()
    expect(sam.locator("#emergency-heading")).to_be_visible()
    expect(sam.get_by_role("main").get_by_role("link", name="Call 999").first).to_be_visible()
    sam.go_back()
    sam.go_back()
    expect(sam.get_by_role("heading", level=1)).to_have_text("Shared with you")
    expect(urgent.get_by_role("link", name="Call 999")).to_be_visible()
    expect(urgent.get_by_role("link", name="Call 911")).to_have_count(0)
    sam.context.close()


def test_at_200_percent_zoom_the_two_share_one_row(browser: Browser, live_server: Any, alice: Any) -> None:
    # Narrower than any phone (safety.css's 18rem rule): without the plan, nothing needs a second row.
    sam = _supporter_page(browser, live_server, alice, 188, 406)
    _check_the_bar(sam, 188)
    strip = sam.locator("#crisis-strip")
    help_now = strip.get_by_role("link", name="Get help now").bounding_box()
    leave = strip.get_by_role("button", name="Leave quickly").bounding_box()
    assert help_now is not None and leave is not None and abs(help_now["y"] - leave["y"]) < 2
    sam.context.close()

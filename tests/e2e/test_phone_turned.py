"""A phone turned sideways: wide enough for the desktop layout, but only a few lines tall (fewer
still with the keyboard up). Help and the way out stay one tap away there too."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import phone_signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_WHOLLY_ON_SCREEN = """el => { const b = el.getBoundingClientRect();
  return b.top >= 0 && b.bottom <= innerHeight && b.left >= 0 && b.right <= document.documentElement.clientWidth; }"""


def test_on_a_phone_turned_sideways_help_and_leave_stay_in_reach_while_writing(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    page = phone_signed_in(browser, request, live_server.url, alice.email, width=844, height=390)
    page.goto(f"{live_server.url}/journal/new/")
    # Tapping into the box scrolls the page down to it: the full strip at the top, over a third of
    # this screen, scrolled away with it, and "Leave" was a long scroll back up.
    page.get_by_label("What's on your mind").tap()
    expect(page.get_by_label("What's on your mind")).to_be_in_viewport()
    strip = page.locator("#crisis-strip")
    assert strip.get_by_role("button", name="Leave quickly").evaluate(_WHOLLY_ON_SCREEN)
    assert strip.get_by_role("link", name="Get help now").evaluate(_WHOLLY_ON_SCREEN)
    # Pinned as one short row, so the box being written in keeps most of the screen.
    assert strip.evaluate("el => el.getBoundingClientRect().height") < 390 / 4


# Every menu control shown (the row's links, or "Menu") sits level with the name Waypoint.
_MENU_IN_ONE_ROW = """() => {
  const brand = document.querySelector('.site-header .brand').getBoundingClientRect();
  const shown = [...document.querySelectorAll('.site-header .nav-wide > li, .site-header .nav-compact > summary')]
    .map(el => el.getBoundingClientRect()).filter(box => box.width > 0);
  return shown.length > 0 && shown.every(box => box.top < brand.bottom && box.bottom > brand.top);
}"""


def test_on_a_small_phone_turned_sideways_the_menu_is_one_row_that_fits(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    # At 667 x 375 the full row of links wrapped to two rows, a third of the screen before the page.
    page = phone_signed_in(browser, request, live_server.url, alice.email, width=667, height=375)
    page.goto(f"{live_server.url}/journal/")
    assert page.evaluate(_MENU_IN_ONE_ROW)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    header = page.locator(".site-header")
    assert header.evaluate("el => el.scrollWidth <= el.clientWidth")
    page.get_by_text("Menu", exact=True).tap()
    expect(page.locator(".nav-compact").get_by_role("link", name="Settings")).to_be_in_viewport()

"""In a right-to-left language the page mirrors: help, the name and the menu start at the right.

<html dir> follows the language; the stylesheets say start and end (tests/test_logical_css.py).
The menu's list used to be pinned to the right edge of "Menu": in right-to-left "Menu" sits at the
left, so on a phone the list opened past the screen's left edge, its links cut off.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import FloatRect, Locator, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _box(locator: Locator) -> FloatRect:
    box = locator.bounding_box()
    assert box is not None
    return box


def test_right_to_left_on_a_phone_help_and_the_menu_start_at_the_right(page: Page, live_server: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate("document.documentElement.dir = 'rtl'")

    strip = page.locator("#crisis-strip")
    help_now = _box(strip.get_by_role("link", name="Get help now"))
    leave = _box(strip.get_by_role("button", name="Leave quickly"))
    assert help_now["x"] > leave["x"] + leave["width"], "help comes first, at the right; Leave at the left"
    brand = _box(page.get_by_role("link", name="Waypoint", exact=True))
    menu = _box(page.get_by_text("Menu", exact=True))
    assert brand["x"] > menu["x"] + menu["width"]

    page.get_by_text("Menu", exact=True).click()
    menu_list = page.locator(".nav-compact > .nav-list")
    expect(menu_list.get_by_role("link", name="Sign in")).to_be_visible()
    opened = _box(menu_list)
    assert opened["x"] >= 0, "the list opens inside the screen, under Menu"
    assert opened["x"] == pytest.approx(menu["x"], abs=1)

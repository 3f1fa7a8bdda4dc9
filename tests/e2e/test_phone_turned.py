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

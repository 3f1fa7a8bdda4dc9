"""Where keyboard focus is stays plain to see, in the page's own colours and in Windows high
contrast (forced colours), the same 3 px ring everywhere."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_RING = "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }"


@pytest.fixture(params=["none", "active"], ids=["own-colours", "high-contrast"])
def keyboard_page(request: Any, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, forced_colors=request.param)
    yield context.new_page()
    context.close()


def test_a_date_field_keeps_its_ring_when_tab_reaches_its_calendar_button(
    keyboard_page: Page, live_server: Any, alice: Any
) -> None:
    page = keyboard_page
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/journal/new/")
    field = page.get_by_label("Written on")
    page.get_by_label("Title").focus()
    # Tab, as a person would, until the field is reached; then past its month, day and year.
    for _ in range(10):
        page.keyboard.press("Tab")
        if field.evaluate("el => el === document.activeElement"):
            break
    stops_inside = 1
    while field.evaluate("el => el.matches(':focus-visible')"):
        page.keyboard.press("Tab")
        stops_inside += 1
        assert stops_inside < 6, "Tab never reached the calendar button"
    # Still in the field, on its calendar button: the ring is the field's own.
    assert field.evaluate("el => el === document.activeElement")
    assert field.evaluate(_RING) == ["solid", "3px"]

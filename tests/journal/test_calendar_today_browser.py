"""Today on the calendar: a ring in the text's own colour, kept in dark mode and forced colours,
and "current date" for a screen reader; axe finds nothing at phone and desktop sizes."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_RING = """el => {
  const style = getComputedStyle(el);
  return [style.borderTopStyle, style.borderTopWidth, style.borderTopColor === style.color];
}"""


@pytest.mark.parametrize(("width", "scheme"), [(375, "dark"), (1280, "light")])
def test_today_has_a_ring_in_the_texts_colour(
    signed_in_page: Page, live_server: Any, today: date, width: int, scheme: Literal["dark", "light"]
) -> None:
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 812})
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{live_server.url}/journal/calendar/?month={today:%Y-%m}")
    marked = page.locator('.journal-calendar [aria-current="date"]')
    expect(marked).to_have_count(1)
    expect(marked).to_have_text(str(today.day))
    assert marked.evaluate(_RING) == ["solid", "2px", True]
    # No other day has one: the ring says only "today".
    ringed = page.locator(".journal-day, .journal-day-with").evaluate_all(
        "days => days.filter(d => getComputedStyle(d).borderTopStyle !== 'none').length"
    )
    assert ringed == 1
    assert_accessible(page)
    page.emulate_media(forced_colors="active")
    assert marked.evaluate(_RING)[:2] == ["solid", "2px"]

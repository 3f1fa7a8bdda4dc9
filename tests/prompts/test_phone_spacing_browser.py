"""A reflection's pages at 320 px, spaced so each thing reads as itself.

Small links wrap onto two lines. Each line was 2.4 lines tall (to reach 44 px when it fitted on
one), so "Begin at the first question" and "instead" sat a line apart and read as two links; now
a wrapped link keeps ordinary spacing and still meets 44 px. And Begin no longer touches the card
under it on a reflection that gathers a list."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, expect

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def line_gap(link: Locator) -> tuple[int, float]:
    """How many lines the link's text takes, and how far apart their tops are in px."""
    return link.evaluate(
        """a => { const r = document.createRange(); r.selectNodeContents(a);
        const tops = [...new Set([...r.getClientRects()].map(b => Math.round(b.top)))].sort((x, y) => x - y);
        return [tops.length, tops.length > 1 ? tops[1] - tops[0] : 0]; }"""
    )


def test_a_wrapped_link_reads_as_one_and_is_still_tall_enough_to_tap(
    browser: Browser, live_server: Any, loaded_library: None, alice: Any
) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/reflections/")
    page.get_by_role("link", name="Small victories").click()
    sequence_url = page.url
    page.get_by_role("button", name="Begin").click()
    expect(page.locator(".run-progress")).to_have_text("Step 1 of 4")
    page.get_by_role("button", name="Stop here for now").click()
    page.wait_for_url(f"{live_server.url}/#messages")
    page.goto(sequence_url)

    link = page.get_by_role("link", name="Begin at the first question instead")
    lines, gap = line_gap(link)
    assert lines == 2  # it does wrap at this width
    font = float(link.evaluate("a => parseFloat(getComputedStyle(a).fontSize)"))
    assert gap <= 1.6 * font
    assert link.bounding_box()["height"] >= 44  # type: ignore[index]
    context.close()


def test_begin_does_not_touch_the_list_of_what_you_have_noticed(
    browser: Browser, live_server: Any, loaded_library: None, alice: Any
) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/reflections/")
    page.get_by_role("link", name="Small victories").click()
    begin = page.get_by_role("button", name="Begin").bounding_box()
    card = page.locator("section", has=page.get_by_role("heading", name="What you have noticed so far")).bounding_box()
    assert begin is not None and card is not None
    assert card["y"] - (begin["y"] + begin["height"]) >= 12
    context.close()

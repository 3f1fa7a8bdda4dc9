"""In Chromium, by keyboard: "Go to a month" on the timeline lands on that month's heading, with
htmx and without, and the pages go on from there."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from journal.services import entry_create
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [375, 1280])
def test_a_month_years_back_is_one_pick_away_on_the_timeline(
    signed_in_page: Page, live_server: Any, alice: Any, width: int
) -> None:
    # Three years of entries were reachable only by "Older entries", twenty at a time.
    for year, month in [(2024, m) for m in range(1, 13)] + [(2025, m) for m in (1, 2, 4, 5, 6, 7)]:
        for day in (5, 20):
            entry_create(author=alice, body="words", written_on=date(year, month, day))
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 812 if width < 640 else 800})
    page.goto(f"{live_server.url}/journal/")
    # By keyboard, the picker comes straight after the page links, below the entries.
    page.get_by_role("link", name="Older entries").focus()
    page.keyboard.press("Tab")
    picker = page.get_by_label("Go to a month")
    expect(picker).to_be_focused()
    expect(picker).to_have_accessible_description("A year and a month, like 2024-03.")
    picker.fill("2024-06")
    page.get_by_role("button", name="Show that month").press("Enter")  # Tab crosses the picker's month and year first
    expect(page.get_by_role("heading", name="June 2024")).to_be_focused()
    expect(page).to_have_url(re.compile(r"/journal/\?month=2024-06$"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)

    # Newer and older from there, focus on each page's first month.
    page.get_by_role("link", name="Newer entries").press("Enter")
    expect(page.get_by_role("heading", name="May 2025")).to_be_focused()
    page.get_by_role("link", name="Older entries").press("Enter")
    expect(page.get_by_role("heading", name="June 2024")).to_be_focused()

    # Without htmx (a reload, a link from the calendar): the month without entries says so.
    page.goto(f"{live_server.url}/journal/?month=2025-03")
    february = page.get_by_role("heading", name="February 2025")
    expect(february).to_be_focused()
    expect(february).to_have_accessible_description(
        "There are no entries from March 2025. Here is the nearest month before it that has some."
    )
    assert_accessible(page)


def test_a_month_typed_where_there_is_no_picker_says_which_months_there_are(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    for day in range(1, 22):  # more than a page: the picker is there
        entry_create(author=alice, body="words", written_on=date(2026, 1, day))
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/")
    page.evaluate("document.getElementById('timeline-month').type = 'text'")
    page.get_by_label("Go to a month").fill("someday")
    page.get_by_role("button", name="Show that month").press("Enter")
    picker = page.get_by_label("Go to a month")
    expect(picker).to_be_focused()
    expect(picker).to_have_accessible_description(
        re.compile("Could you write a year and a month up to .*, like 2024-03?")
    )
    expect(page.get_by_role("heading", name="January 2026")).to_be_visible()
    assert_accessible(page)

"""In Chromium, by keyboard: turning the timeline's pages or the calendar's months (htmx swaps)
leaves focus on what came in, not on <body>."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from journal.services import entry_create
from journal.timeline import PAGE_SIZE
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _press(page: Page, name: str) -> None:
    link = page.get_by_role("link", name=name)
    link.focus()
    page.keyboard.press("Enter")


def test_older_and_newer_entries_land_on_the_first_month_of_the_new_page(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    # The link pressed was swapped out with the page it was on, so focus fell to <body>: a
    # keyboard started again from the top of the page, and a screen reader heard nothing change.
    first = date(2026, 3, 1)
    for day in range(PAGE_SIZE + 5):  # newest first: page 1 ends in March, page 2 is February
        entry_create(author=alice, body="words", written_on=first - timedelta(days=day))
    entry_create(author=alice, body="words", written_on=date(2026, 4, 2))
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/")
    _press(page, "Older entries")
    expect(page.get_by_text("Page 2")).to_be_visible()
    expect(page.get_by_role("heading", name="February 2026")).to_be_focused()
    _press(page, "Newer entries")
    expect(page.get_by_text("Page 1")).to_be_visible()
    expect(page.get_by_role("heading", name="April 2026")).to_be_focused()
    # The filters' own "Show" keeps its focus: it is not swapped out.
    page.get_by_role("button", name="Show", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Show", exact=True)).to_be_focused()


def test_the_filters_say_what_they_found_in_a_status_line(signed_in_page: Page, live_server: Any, alice: Any) -> None:
    # "Show" keeps focus on its button, and the list changed out of sight: a screen reader heard
    # nothing at all, not even that nothing matched. The status line was on the page before the
    # swap (a live region added with the change is not announced), and only its words change.
    entry_create(author=alice, body="words", written_on=date(2026, 3, 1))
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/")
    status = page.locator("#entries-status[role=status]")
    expect(status).to_have_text("")
    page.get_by_label("Kind").select_option(label="Reflection")
    page.get_by_role("button", name="Show", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("No entries match these filters.").first).to_be_visible()
    expect(status).to_have_text("No entries match these filters.")
    expect(page.locator("#entries-status")).to_have_count(1)
    page.get_by_label("Kind").select_option(label="Free writing")
    page.get_by_role("button", name="Show", exact=True).press("Enter")
    expect(status).to_have_text("Showing the entries that match.")
    page.get_by_label("Kind").select_option(label="Every kind")
    page.get_by_role("button", name="Show", exact=True).press("Enter")
    expect(status).to_have_text("Showing all your entries.")
    expect(page.get_by_role("button", name="Show", exact=True)).to_be_focused()


def test_another_month_lands_on_that_month(signed_in_page: Page, live_server: Any) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/calendar/?month=2026-05")
    _press(page, "Show April 2026")
    expect(page.get_by_role("region", name="April 2026")).to_be_focused()
    _press(page, "Show March 2026")
    expect(page.get_by_role("region", name="March 2026")).to_be_focused()
    _press(page, "Show April 2026")
    expect(page.get_by_role("region", name="April 2026")).to_be_focused()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_month_years_back_is_one_pick_away(signed_in_page: Page, live_server: Any, alice: Any, width: int) -> None:
    # Months before and after were the only way: an entry from 2019 was some eighty taps back.
    entry_create(author=alice, body="words", written_on=date(2019, 3, 14))
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{live_server.url}/journal/calendar/")
    picker = page.get_by_label("Go to another month")
    expect(picker).to_have_accessible_description("A year and a month, like 2024-03.")
    picker.fill("2019-03")
    page.get_by_role("button", name="Show that month").press("Enter")
    expect(page.get_by_role("region", name="March 2019")).to_be_focused()
    expect(page.get_by_role("link", name="14 (you wrote this day)")).to_be_visible()
    expect(page.get_by_label("Go to another month")).to_have_value("2019-03")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)

    # Before the journal's first day, the browser keeps the pick to the months the calendar has.
    page.get_by_label("Go to another month").fill("1899-12")
    page.get_by_role("button", name="Show that month").click()
    expect(page.get_by_role("region", name="March 2019")).to_be_visible()
    assert page.evaluate("!document.getElementById('month-jump').checkValidity()")


@pytest.mark.parametrize("typed", ["1899-12", "2999-01"])
def test_a_month_typed_where_there_is_no_picker_says_which_months_there_are(
    signed_in_page: Page, live_server: Any, typed: str
) -> None:
    # Firefox and Safari on a desktop draw the month box as a plain text box, so any year can be
    # typed. A month outside the calendar was a 404, which htmx does not swap in: the button
    # seemed to do nothing at all.
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/calendar/?month=2026-05")
    page.evaluate("document.getElementById('month-jump').type = 'text'")
    page.get_by_label("Go to another month").fill(typed)
    page.get_by_role("button", name="Show that month").press("Enter")
    picker = page.get_by_label("Go to another month")
    expect(picker).to_be_focused()
    expect(picker).to_have_accessible_description(re.compile("The calendar has the months from January 1900 to"))
    expect(page.get_by_role("region", name="May 2026")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 375])
def test_back_to_the_calendar_lands_on_the_day_that_was_open(
    signed_in_page: Page, live_server: Any, alice: Any, width: int
) -> None:
    # Reading day after day by keyboard: "Back to the calendar" opened the month at its top, and
    # Tab went through the help bar, the menu, the journal's links and the months (a dozen stops)
    # before the days, every time. It lands on the day that was open, and Tab goes on to the next.
    for day in (3, 14, 20):
        entry_create(author=alice, body="words", written_on=date(2026, 5, day))
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 812 if width < 640 else 800})
    page.goto(f"{live_server.url}/journal/calendar/?month=2026-05")
    _press(page, "14 (you wrote this day)")
    expect(page.get_by_role("heading", level=1)).to_contain_text("14 May 2026")
    _press(page, "Back to the calendar")
    the_day = page.get_by_role("link", name="14 (you wrote this day)")
    expect(the_day).to_be_focused()
    expect(the_day).to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="20 (you wrote this day)")).to_be_focused()
    assert_accessible(page)

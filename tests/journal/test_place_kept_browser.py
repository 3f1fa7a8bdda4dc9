"""In Chromium: Back from an entry opened deep in the timeline, or from a day in a month years back,
comes back to that page or month. The swaps are htmx's; their addresses go into the history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from journal.services import entry_create
from journal.timeline import PAGE_SIZE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_back_from_an_entry_comes_back_to_the_page_it_was_opened_from(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    # Three pages: the newest in March, then February, then January.
    for day in range(PAGE_SIZE * 2 + 5):
        entry_create(author=alice, title=f"Day {day}", body="words", written_on=date(2026, 3, 31) - timedelta(days=day))
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/")
    page.get_by_role("link", name="Older entries").click()
    expect(page.get_by_text("Page 2")).to_be_visible()
    page.get_by_role("link", name="Older entries").click()
    expect(page.get_by_text("Page 3")).to_be_visible()
    page.get_by_role("link", name=f"Day {PAGE_SIZE * 2}", exact=True).click()
    expect(page.get_by_role("heading", name=f"Day {PAGE_SIZE * 2}")).to_be_visible()

    page.go_back()
    # It was "Page 1" and the newest entries: the place was lost with every swap.
    expect(page.get_by_text("Page 3")).to_be_visible()
    expect(page.get_by_role("link", name=f"Day {PAGE_SIZE * 2}", exact=True)).to_be_visible()
    page.go_back()
    expect(page.get_by_text("Page 2")).to_be_visible()


def test_back_from_a_day_comes_back_to_its_month(signed_in_page: Page, live_server: Any, alice: Any) -> None:
    entry_create(author=alice, body="words", written_on=date(2024, 2, 14))
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/calendar/?month=2024-04")
    page.get_by_role("link", name="Show March 2024").click()
    expect(page.get_by_role("region", name="March 2024")).to_be_visible()
    page.get_by_role("link", name="Show February 2024").click()
    page.get_by_role("link", name="14 (you wrote this day)").click()
    expect(page).to_have_url(f"{live_server.url}/journal/day/2024/2/14/")

    page.go_back()
    expect(page.get_by_role("region", name="February 2024")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("region", name="March 2024")).to_be_visible()

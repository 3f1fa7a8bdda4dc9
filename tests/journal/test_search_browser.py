"""Search in the real browser: what a screen reader hears after each search."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from journal.services import entry_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_search_changes_the_words_of_one_status_line_that_stays(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    # The results were the live region, and htmx replaced them whole: a live region new to the page
    # is not announced, so a screen reader said nothing after a search.
    entry_create(author=alice, title="Harbour", body="the river by the harbour")
    entry_create(author=alice, title="Bridge", body="the river under the bridge")
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/search/")
    status = page.get_by_role("status").and_(page.locator("#search-status"))
    expect(status).to_have_count(1)
    page.evaluate("document.getElementById('search-status').dataset.first = 'yes'")

    page.get_by_label("Words to look for").fill("river")
    page.get_by_role("button", name="Search").last.click()
    expect(page.locator("#results article")).to_have_count(2)
    expect(status).to_have_text("2 entries hold these words.")

    page.get_by_label("Words to look for").fill("lighthouse")
    page.get_by_role("button", name="Search").last.click()
    expect(status).to_have_text("Nothing found. You could try fewer or shorter words.")
    expect(page.locator("#results article")).to_have_count(0)
    # The same element all along, so its new words are announced.
    expect(status).to_have_attribute("data-first", "yes")
    expect(page.locator("#results[aria-live]")).to_have_count(0)  # the list is not read out whole


def test_show_more_says_how_far_the_list_goes_not_the_same_count_again(
    signed_in_page: Page, live_server: Any, alice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # After "Show more" the same status line got the same words again ("5 entries hold these
    # words."), so a screen reader could say the count once more, as if nothing had changed.
    from journal import selectors

    monkeypatch.setattr(selectors, "SEARCH_PAGE", 2)
    for n in range(5):
        entry_create(author=alice, title=f"Walk {n}", body="the river at dusk", written_on=date(2026, 3, 1 + n))
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/search/")
    status = page.get_by_role("status").and_(page.locator("#search-status"))
    page.evaluate("document.getElementById('search-status').dataset.first = 'yes'")

    page.get_by_label("Words to look for").fill("river")
    page.get_by_role("button", name="Search").last.click()
    expect(status).to_have_text("5 entries hold these words.")

    page.get_by_role("button", name="Show 2 more").click()
    expect(page.locator("#results article")).to_have_count(4)
    expect(status).to_have_text("Showing 4 of 5.")
    expect(page.get_by_role("link", name="Walk 2")).to_be_focused()  # the first one it added

    page.get_by_role("button", name="Show 1 more").click()
    expect(page.locator("#results article")).to_have_count(5)
    expect(status).to_have_text("Showing all 5.")
    expect(status).to_have_attribute("data-first", "yes")  # the same live region all along

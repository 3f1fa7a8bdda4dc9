"""Search in the real browser: what a screen reader hears after each search."""

from __future__ import annotations

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

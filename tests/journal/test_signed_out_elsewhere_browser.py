"""In Chromium: signed out in another tab, the next month or filter asked for on the calendar or
the timeline leads to the lock's page, never to a sign-in page swapped inside this one."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from journal.services import entry_create
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_out_in_another_tab(page: Page, base: str) -> None:
    other = page.context.new_page()
    other.goto(f"{base}/account/settings/")
    other.get_by_role("button", name="Sign out").first.click()
    other.wait_for_url(f"{base}/")
    other.close()


@pytest.mark.parametrize("where", ["calendar", "timeline"])
def test_after_signing_out_in_another_tab_the_next_swap_locks_the_page(
    page: Page, live_server: Any, alice: Any, where: str
) -> None:
    base = live_server.url
    entry_create(author=alice, body="Something to filter.")  # an empty timeline offers no filters
    sign_in(page, base, alice.email)
    page.goto(f"{base}/journal/calendar/" if where == "calendar" else f"{base}/journal/")
    _sign_out_in_another_tab(page, base)
    if where == "calendar":
        page.locator("#month nav a").first.click()
    else:
        page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_role("heading", name="You were signed out")).to_be_visible()
    # Not "Nobody used this page for 30 minutes": they signed out a moment ago, elsewhere.
    expect(page.locator("main")).to_contain_text("or when you sign out somewhere else")
    expect(page.locator("main")).not_to_contain_text("Nobody used")
    expect(page.locator("main")).to_have_count(1)
    expect(page.locator("#crisis-strip")).to_have_count(1)

"""Search in a phone's browser with the journal locked (found walking the lock at night, 375x812, dark).

The search page left open as the journal locked (Lock my journal now in another tab) answered a
search with the writing pages' notice, "Your journal is locked, so this is not saved yet. What you
wrote is still on this page": nothing was being saved, and the results said nothing at all.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from accounts.sessions import SessionStore
from journal.lock_session import SESSION_KEY
from tests.e2e.conftest import (
    assert_accessible,
    between_requests,
    close_pages_without_beacons,
    sign_in,
    the_page_says_still_here,
)
from tests.journal.lock_helpers import PASSPHRASE, Locked, locked_alice_fixture  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_search_that_meets_the_lock_says_so_and_finds_once_open(
    browser: Browser, live_server: Any, locked_alice: Locked, request: pytest.FixtureRequest
) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, color_scheme="dark"
    )
    request.addfinalizer(context.close)
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, locked_alice.user.email)

    # The search page opens the lock first, then comes back to it.
    page.goto(f"{base}/journal/search/")
    expect(page.locator("main h1")).to_have_text("Your journal is locked")
    page.get_by_label("Journal passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Open my journal").click()
    page.wait_for_url(f"{base}/journal/search/")

    box = page.get_by_label("Words to look for")
    with the_page_says_still_here(page):
        box.press_sequentially("sea")
    with between_requests():  # "Lock my journal now" in another tab
        token = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
        session = SessionStore.from_cookie(token)
        del session[SESSION_KEY]
        session.save()
    page.get_by_role("button", name="Search", exact=True).click()

    results = page.get_by_role("region", name="Search results")
    expect(results).to_contain_text(
        "Your journal is locked, so it can't be searched until you open it with your passphrase."
    )
    expect(page.locator("#search-status")).to_have_text(
        "Your journal is locked, so it can't be searched until you open it with your passphrase."
    )
    expect(page.get_by_text("not saved yet")).to_have_count(0)
    expect(box).to_have_value("sea")
    assert_accessible(page)

    results.get_by_role("link", name="Open your journal, then search again").click()
    page.get_by_label("Journal passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Open my journal").click()
    page.wait_for_url(f"{base}/journal/search/")
    page.get_by_label("Words to look for").fill("sea")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(results).to_contain_text("Tuesday by the sea")
    close_pages_without_beacons(page)

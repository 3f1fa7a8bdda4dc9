"""A new entry opened while the journal is locked (after a new sign-in, or "Lock my journal now"):
the page says so before the first word, and stops saying it once the words are saved."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import assert_accessible, close_pages_without_beacons, sign_in
from tests.journal.lock_helpers import PASSPHRASE, Locked, locked_alice_fixture  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_writing_about_last_night_while_locked_is_told_first_and_saved_once_it_opens(
    browser: Browser, live_server: Any, locked_alice: Locked, request: pytest.FixtureRequest
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, color_scheme="dark"
    )
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, locked_alice.user.email)
    page.clock.install()  # the autosave's waits, passed at once rather than waited out
    page.goto(f"{live_server.url}/journal/new/")

    # Before a word: the page said only "Your writing is kept as a draft as you go."
    said = page.locator("#journal-locked-on-open")
    expect(said).to_be_visible()
    expect(said).to_contain_text("Your journal is locked. What you write here is held until you open it")
    expect(said.get_by_role("link", name="Open your journal (opens a new tab)")).to_have_attribute("target", "_blank")
    assert_accessible(page)

    page.get_by_label("What's on your mind").fill("Last night happened again. Writing it down.")
    page.clock.run_for(3_500)  # the autosave goes, and meets the lock
    expect(page.locator("#journal-key-locked")).to_be_visible()
    expect(said).to_be_hidden()  # not three notices of the lock at once

    # Opened in another tab, as the link does; back here the retry saves the words.
    other = context.new_page()
    other.goto(f"{live_server.url}/journal/unlock/")
    other.get_by_label("Journal passphrase").fill(PASSPHRASE)
    other.get_by_role("button", name="Open my journal").click()
    other.wait_for_url(f"{live_server.url}/journal/")
    other.close()
    page.clock.run_for(10_500)
    expect(page.locator("#save-status")).to_contain_text("Draft kept")
    expect(said).to_be_hidden()
    expect(page.locator("#journal-key-locked")).to_be_hidden()
    close_pages_without_beacons(page)

"""Coming back to a new entry after going somewhere else (help, say) with Back: the words are there."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from journal.models import Entry
from tests.e2e.conftest import close_pages_without_beacons, phone_signed_in, soon_in_database

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_back_from_help_to_a_new_entry_shows_its_kept_draft(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    page = phone_signed_in(browser, request, live_server.url, alice.email)
    page.goto(f"{live_server.url}/journal/new/")
    page.get_by_label("What's on your mind").press_sequentially("Tonight was hard.")
    expect(page.locator("#save-status")).to_contain_text("Draft kept", timeout=10_000)

    page.locator("#crisis-strip").get_by_role("link", name="Get help now").tap()
    expect(page).to_have_url(f"{live_server.url}/safety/help/")
    page.go_back()
    # Back opened a fresh, empty new entry: the words looked lost, and typing again made a second one.
    expect(page.get_by_label("What's on your mind")).to_have_value("Tonight was hard.")
    close_pages_without_beacons(page)


def test_back_from_help_tapped_before_any_autosave_opens_the_words_the_page_kept_as_it_went(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    page = phone_signed_in(browser, request, live_server.url, alice.email)
    page.goto(f"{live_server.url}/journal/new/")
    page.wait_for_load_state()  # journal.js (deferred) counts typing from here on
    page.get_by_label("What's on your mind").press_sequentially("Halfway through a thought")
    # At once, as a person would in a hard moment: no autosave yet, only the beacon as the page goes.
    page.locator("#crisis-strip").get_by_role("link", name="Get help now").tap()
    expect(page).to_have_url(f"{live_server.url}/safety/help/")
    soon_in_database(lambda: Entry.objects.filter(owner=alice).first(), what="the beacon's draft")
    page.go_back()
    # Back opened an empty new entry, though the words were kept as a draft in the timeline.
    expect(page.get_by_label("What's on your mind")).to_have_value("Halfway through a thought")
    close_pages_without_beacons(page)

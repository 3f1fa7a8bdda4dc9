"""A tab whose words meet a newer version: they are kept on the server, so leaving the tab does
not ask, and the entry offers both to compare (tests/journal/test_kept_words.py
shows the rest without a browser)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from journal.services import EntryContent, entry_create, entry_update
from tests.e2e.conftest import assert_accessible, phone_signed_in, stay_when_asked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_words_that_meet_a_newer_version_are_kept_and_leaving_the_tab_does_not_ask(
    browser: Browser, request: pytest.FixtureRequest, live_server: Any, alice: Any
) -> None:
    entry = entry_create(author=alice, body="The start.")
    phone = phone_signed_in(browser, request, live_server.url, alice.email)
    phone.goto(f"{live_server.url}/journal/{entry.id}/edit/")
    # Saved from the laptop meanwhile.
    elsewhere = EntryContent(title="", body="Saved on the laptop.", written_on=entry.written_on)
    entry_update(entry=entry, expected_version=entry.version, content=elsewhere)

    box = phone.get_by_label("What's on your mind")
    box.fill("")
    box.press_sequentially("Typed on the phone.")
    expect(phone.locator("#save-status")).to_contain_text("Your words from this tab are kept.", timeout=15_000)
    asked = stay_when_asked(phone)
    phone.get_by_role("link", name="Back").click()
    expect(phone).to_have_url(f"{live_server.url}/journal/{entry.id}/")
    assert asked == []  # nothing to lose, so no "Leave site?"

    # The entry, in any tab later, offers both.
    phone.get_by_role("link", name="Compare and choose").click()
    expect(phone.get_by_label("Kept on")).to_have_value("Typed on the phone.")
    expect(phone.get_by_label("Saved on")).to_have_value("Saved on the laptop.")
    assert_accessible(phone)

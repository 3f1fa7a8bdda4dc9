"""The editor says only what is true: "kept as you go" only where autosave runs."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_with_javascript_the_editor_says_it_keeps_a_draft_as_you_go(page: Page, live_server: Any, alice: Any) -> None:
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/journal/new/")
    expect(page.get_by_text("Your writing is kept as a draft as you go.")).to_be_visible()
    expect(page.get_by_text("Press Save to keep what you write.")).to_be_hidden()


def test_without_javascript_the_editor_asks_for_save_and_promises_no_draft(
    browser: Any, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    context = browser.new_context(java_script_enabled=False)
    request.addfinalizer(context.close)  # closed even if a check fails
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/journal/new/")
    expect(page.get_by_text("Press Save to keep what you write.")).to_be_visible()
    expect(page.get_by_text("Your writing is kept as a draft as you go.")).to_be_hidden()


def test_after_save_draws_the_editor_again_it_still_says_it_keeps_a_draft(
    page: Page, live_server: Any, alice: Any
) -> None:
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/journal/new/")
    page.get_by_label("What's on your mind").fill("Words that stay while the date is put right.")
    # A day that does not exist (as an old browser without a date picker would send it): Save
    # comes back with the editor drawn again and the date's message.
    page.evaluate(
        """() => { const day = document.getElementById("id_written_on");
                   day.type = "text"; day.value = "2026-02-30"; }"""
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_written_on_error")).to_be_visible()
    expect(page.get_by_label("What's on your mind")).to_have_value("Words that stay while the date is put right.")
    expect(page.get_by_text("Your writing is kept as a draft as you go.")).to_be_visible()
    expect(page.get_by_text("Press Save to keep what you write.")).to_be_hidden()

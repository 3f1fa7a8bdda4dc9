"""Wrong passphrases on the unlock page, with the keyboard: focus stays with what the page says."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in
from tests.journal.locking import lock_journal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _try(page: Page, passphrase: str) -> None:
    page.get_by_label("Journal passphrase").fill(passphrase)
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")


def test_after_too_many_tries_focus_lands_on_the_message_not_the_page_top(
    page: Page, live_server: Any, alice: Any
) -> None:
    lock_journal(alice)
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/journal/unlock/")
    for _ in range(5):
        _try(page, "not it at all")
        expect(page.get_by_label("Journal passphrase")).to_be_focused()

    _try(page, "still not it")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("That was a lot of tries in a short time")
    expect(alert).to_be_focused()

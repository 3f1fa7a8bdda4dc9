"""In Chromium at phone size: after moving an entry to the trash, the Back and Forward buttons
land on pages that say where it is, with Undo, never on "We couldn't find that page"."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from journal.models import Entry
from journal.services import entry_create
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_back_and_forward_after_trashing_keep_undo_in_reach(browser: Browser, live_server: Any, alice: Any) -> None:
    entry = entry_create(author=alice, title="A long Tuesday", body="x")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        sign_in(page, live_server.url, alice.email)
        page.goto(f"{live_server.url}/journal/{entry.id}/")
        page.get_by_role("link", name="Move to trash").click()
        page.get_by_role("button", name="Move to trash").click()
        moved = page.get_by_role("heading", name="Moved to the trash")
        expect(moved).to_be_visible()

        # Back to the question, then Back to the entry: both used to be "We couldn't find that page".
        page.go_back()
        expect(moved).to_be_visible()
        assert_accessible(page)
        page.go_back()
        assert page.url == f"{live_server.url}/journal/{entry.id}/"
        expect(moved).to_be_visible()
        # Forward used to stop at the browser's "Confirm Form Resubmission".
        page.go_forward()
        page.go_forward()
        expect(moved).to_be_visible()

        page.get_by_role("button", name="Undo").click()
        expect(page.get_by_role("heading", name="A long Tuesday")).to_be_visible()
        assert Entry.objects.get(pk=entry.pk).trashed_at is None
    finally:
        context.close()

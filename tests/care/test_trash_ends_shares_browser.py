"""In Chromium, at desktop and phone size: trashing a shared entry asks first, names the therapist
whose copy ends, and the copy is gone after (issue 11, item 7)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from care import services
from care.models import Link, SharedItem
from tests.care.conftest import write
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 375])
def test_trashing_a_shared_entry_tells_then_ends_the_share(
    browser: Browser, live_server: Any, link: Link, alice: Any, width: int
) -> None:
    entry = write(alice, "Words Theo can read", title="Tuesday")
    services.share_entry(link=link, entry=entry)
    context = browser.new_context(viewport={"width": width, "height": 812})
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)

    page.goto(f"{live_server.url}/journal/{entry.id}/")
    page.get_by_role("link", name="Move to trash").click()
    expect(page.get_by_role("heading", name="Move this entry to the trash?")).to_be_visible()
    expect(page.locator("main")).to_contain_text("This also stops sharing it with Theo Park")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    assert SharedItem.objects.filter(entry=entry).exists()

    page.get_by_role("button", name="Move to trash").click()
    expect(page.get_by_role("heading", name="Moved to the trash")).to_be_visible()
    assert not SharedItem.objects.filter(entry=entry).exists()
    context.close()


def test_keep_it_leaves_the_entry_and_its_share(browser: Browser, live_server: Any, link: Link, alice: Any) -> None:
    entry = write(alice, "Still shared")
    services.share_entry(link=link, entry=entry)
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/journal/{entry.id}/trash/")
    page.get_by_role("link", name="Keep it").click()
    page.wait_for_url(f"{live_server.url}/journal/{entry.id}/")
    entry.refresh_from_db()
    assert entry.trashed_at is None
    assert SharedItem.objects.filter(entry=entry).exists()
    context.close()

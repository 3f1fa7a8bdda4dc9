"""Leaving the editor with words not saved: the browser asks first, never after a save, never on Leave quickly."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from accounts.sessions import SessionStore
from journal.lock_session import SESSION_KEY
from tests.e2e.conftest import stay_when_asked, the_page_says_still_here
from tests.journal.lock_helpers import (  # noqa: F401  (fixtures)
    PASSPHRASE,
    Locked,
    locked_alice_fixture,
    locked_signed_in_fixture,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 812}}


def _editor_refused_by_the_lock(page: Page, base: str) -> str:
    """The editor holding words the lock refused; its address, the kept draft's own."""
    page.goto(f"{base}/journal/unlock/?next=/journal/new/")
    page.get_by_label("Journal passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Open my journal").click()
    expect(page).to_have_url(f"{base}/journal/new/")
    body = page.get_by_label("What's on your mind")
    with the_page_says_still_here(page):
        body.press_sequentially("Kept as I go.")
    expect(page.locator("#save-status")).to_contain_text("Draft kept", timeout=10_000)
    # "Lock my journal now" in another tab: the session forgets its half of the key.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore.from_cookie(token)
    del session[SESSION_KEY]
    session.save()
    body.press_sequentially(" Then words the lock refused.")
    expect(page.locator("#journal-key-locked")).to_be_visible(timeout=10_000)
    expect(page.locator("#journal-key-locked")).to_contain_text("Open your journal (opens a new tab)")
    return page.url


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_leaving_words_the_lock_refused_asks_first_and_staying_keeps_them(
    signed_in: Page, live_server: Any, size: str
) -> None:
    page = signed_in
    page.set_viewport_size(SIZES[size])  # type: ignore[arg-type]
    draft_address = _editor_refused_by_the_lock(page, live_server.url)
    asked = stay_when_asked(page)

    # By keyboard: at the page's top, the line pinned to say the journal is locked lies over Back.
    page.locator(".back-link a").focus()
    with page.expect_event("dialog"):
        page.keyboard.press("Enter")
    assert asked == ["beforeunload"]
    expect(page).to_have_url(draft_address)
    expect(page.get_by_label("What's on your mind")).to_have_value("Kept as I go. Then words the lock refused.")

    page.get_by_label("What's on your mind").click()
    with contextlib.suppress(PlaywrightTimeoutError):
        page.go_back(timeout=2_000)  # Back stays here: the person chose "Stay"
    assert asked == ["beforeunload", "beforeunload"]
    expect(page).to_have_url(draft_address)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_leave_quickly_never_waits_for_a_question_even_with_words_not_saved(
    signed_in: Page, live_server: Any, settings: Any, size: str
) -> None:
    settings.QUICK_EXIT_URL = "about:blank"
    page = signed_in
    page.set_viewport_size(SIZES[size])  # type: ignore[arg-type]
    _editor_refused_by_the_lock(page, live_server.url)
    asked = stay_when_asked(page)

    page.get_by_role("button", name="Leave quickly").click()
    page.wait_for_url("about:blank")
    assert asked == []


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_once_saved_leaving_asks_nothing(signed_in: Page, live_server: Any, size: str) -> None:
    page = signed_in
    page.set_viewport_size(SIZES[size])  # type: ignore[arg-type]
    base = live_server.url
    page.goto(f"{base}/journal/unlock/?next=/journal/new/")
    page.get_by_label("Journal passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Open my journal").click()
    expect(page).to_have_url(f"{base}/journal/new/")
    asked = stay_when_asked(page)

    page.get_by_label("What's on your mind").press_sequentially("A draft that landed.")
    expect(page.locator("#save-status")).to_contain_text("Draft kept", timeout=10_000)
    page.locator(".back-link a").click()
    expect(page).to_have_url(f"{base}/journal/")

    page.goto(f"{base}/journal/new/")
    page.get_by_label("What's on your mind").press_sequentially("Saved at once.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Saved at once.")
    assert "/journal/new/" not in page.url
    assert asked == []

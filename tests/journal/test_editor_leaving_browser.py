"""Leaving the editor with words not saved: the browser asks first, never after a save, never on Leave quickly."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from accounts.sessions import SessionStore, session_id_for
from journal.lock_session import SESSION_KEY
from journal.models import Entry
from journal.selectors import entry_texts
from tests.e2e.conftest import phone_signed_in, soon_in_database, stay_when_asked, the_page_says_still_here
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


def test_leave_quickly_keeps_the_words_typed_since_the_last_autosave_and_signs_out(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest, settings: Any
) -> None:
    # Writing about last night on a phone, someone comes in: Leave, mid-sentence, before the autosave
    # (three seconds after typing stops). The sign-out beacon went beside the editor's last one and
    # landed first: the words met a signed-out server and all typed since the last pause was gone.
    settings.QUICK_EXIT_URL = "about:blank"
    page = phone_signed_in(browser, request, live_server.url, alice.email, width=375, height=812)
    page.goto(f"{live_server.url}/journal/new/")
    token = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "sessionid")
    words = "It happened again last night. Someone is at the door"
    page.get_by_label("What's on your mind").press_sequentially(words)
    # The phone's clock two minutes fast: "just left" went by it, and Back showed the sign-in page.
    page.clock.set_system_time(datetime.now(UTC) + timedelta(minutes=2))
    page.locator("#crisis-strip").get_by_role("button", name="Leave quickly").tap()
    page.wait_for_url("about:blank")

    def kept() -> Entry | None:
        entries = Entry.objects.filter(owner=alice)
        return next((entry for entry in entries if entry_texts(user=alice, entry=entry).body == words), None)

    assert soon_in_database(kept, what="The words typed before leaving").is_draft
    soon_in_database(lambda: not SessionStore().exists(session_id_for(token)), what="The sign out")
    assert Entry.objects.filter(owner=alice).count() == 1  # kept once, not once more beside it
    for _ in range(50):  # the beacon's answer marks "just left": Back goes to the everyday site
        if any(cookie["name"] == "wp_away" for cookie in page.context.cookies()):
            break
        page.wait_for_timeout(100)
    assert any(cookie["name"] == "wp_away" for cookie in page.context.cookies()), "Just left, for Back"


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

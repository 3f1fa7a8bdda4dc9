"""A locked journal in the real browser (#17): unlocking after sign-in, and writing that meets the lock."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from accounts.sessions import SessionStore
from journal import keyring, lock_services
from journal.lock_session import SESSION_KEY
from journal.lock_state import journal_unlocked
from journal.models import Entry
from journal.selectors import entry_texts
from tests.e2e.conftest import assert_accessible, soon_in_database, the_page_says_still_here
from tests.journal.lock_helpers import (  # noqa: F401  (fixtures)
    PASSPHRASE,
    Locked,
    locked_alice_fixture,
    locked_signed_in_fixture,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 812}}


def _unlock_in(page: Page, passphrase: str = PASSPHRASE) -> None:
    page.get_by_label("Journal passphrase").fill(passphrase)
    page.get_by_role("button", name="Open my journal").click()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_signing_in_to_a_locked_journal_asks_for_the_passphrase_then_opens_it(
    signed_in: Page, live_server: Any, size: str
) -> None:
    page = signed_in
    page.set_viewport_size(SIZES[size])  # type: ignore[arg-type]
    page.goto(f"{live_server.url}/journal/")
    expect(page).to_have_url(f"{live_server.url}/journal/unlock/?next=%2Fjournal%2F")
    expect(page.get_by_role("heading", name="Your journal is locked")).to_be_visible()
    expect(page.locator("main").get_by_role("link", name="My safety plan")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Use your recovery key instead").click()
    expect(page.get_by_role("textbox", name="Recovery key")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Use my passphrase instead").click()

    _unlock_in(page, "not the passphrase")
    expect(page.locator(".field-errors")).to_contain_text("didn't open your journal")
    assert_accessible(page)
    _unlock_in(page)
    expect(page).to_have_url(f"{live_server.url}/journal/")
    expect(page.locator("main")).to_contain_text("Tuesday by the sea")


def _read_bodies(locked: Locked) -> list[str]:
    key = lock_services.lock_open_with_passphrase(user=locked.user, passphrase=PASSPHRASE)
    keyring.forget_user_keyring(locked.user)
    with journal_unlocked(locked.user.pk, key):
        return [entry_texts(user=locked.user, entry=e).body for e in Entry.objects.filter(owner=locked.user)]


def _lock_from_elsewhere(page: Page) -> None:
    """As "Lock my journal now" in another tab: the session forgets its half of the key."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore.from_cookie(token)
    del session[SESSION_KEY]
    session.save()


def test_writing_that_meets_the_lock_stays_on_the_page_and_saves_after_unlocking(
    signed_in: Page, live_server: Any, locked_alice: Locked
) -> None:
    page = signed_in
    page.goto(f"{live_server.url}/journal/unlock/?next=/journal/new/")
    _unlock_in(page)
    expect(page).to_have_url(f"{live_server.url}/journal/new/")
    body = page.get_by_label("What's on your mind")
    with the_page_says_still_here(page):
        body.fill("The first lines, kept as I go.")
    expect(page.locator("#save-status")).to_contain_text("Draft kept", timeout=10_000)
    draft_address = page.url  # the kept draft's own, so Back or a reload opens its words

    _lock_from_elsewhere(page)
    body.press_sequentially(" And more after it locked.")
    notice = page.locator("#journal-key-locked")
    expect(notice).to_be_visible(timeout=10_000)
    expect(page).to_have_url(draft_address)
    expect(body).to_have_value("The first lines, kept as I go. And more after it locked.")
    assert_accessible(page)

    other = page.context.new_page()
    other.goto(f"{live_server.url}/journal/unlock/")
    _unlock_in(other)
    other.wait_for_url(f"{live_server.url}/journal/")
    other.close()
    page.bring_to_front()
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(notice).to_be_hidden(timeout=15_000)
    expect(page.locator("#save-status")).to_contain_text("Draft kept")
    # The status said so before the lock too: the words are looked for until they are saved.
    soon_in_database(
        lambda: "The first lines, kept as I go. And more after it locked." in _read_bodies(locked_alice),
        what="The words typed after the lock",
    )


def test_the_recovery_key_opens_it_and_a_new_one_is_shown_once(
    signed_in: Page, live_server: Any, locked_alice: Locked
) -> None:
    page = signed_in
    page.set_viewport_size(SIZES["phone"])  # type: ignore[arg-type]
    page.goto(f"{live_server.url}/journal/unlock/recovery/")
    page.get_by_role("textbox", name="Recovery key").fill(locked_alice.recovery_key.lower().replace("-", " "))
    page.get_by_label("New journal passphrase").fill("a whole new passphrase")
    page.get_by_label("The new passphrase again").fill("a whole new passphrase")
    page.get_by_role("button", name="Open my journal").click()
    expect(page.get_by_role("heading", name="Your journal is open")).to_be_visible()
    expect(page.locator(".recovery-key")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="I have kept it. Continue").click()
    expect(page).to_have_url(f"{live_server.url}/journal/")
    expect(page.locator("main")).to_contain_text("Tuesday by the sea")


def test_a_recovery_key_typed_in_full_shows_whole_on_a_small_phone(
    signed_in: Page, live_server: Any, locked_alice: Locked
) -> None:
    # Told "check each group of four", a person on a phone saw five of the eight in a one-line box.
    page = signed_in
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(f"{live_server.url}/journal/unlock/recovery/")
    box = page.get_by_role("textbox", name="Recovery key")
    box.fill(locked_alice.recovery_key.replace("-", " "))
    fits = box.evaluate("e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight")
    assert fits, "part of the typed recovery key is out of sight in its box"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)

"""Issue #17's "Done when" journey in Chromium, through the pages a person uses and nothing else.

Desktop: sign in, turn the lock on in Settings (confirm it's you, passphrase twice, "I understand"),
keep the recovery key, write with autosave only, sign out, sign in, unlock, find the entry, search,
export. Phone: the idle lock comes while words are still unsaved in the editor; signing in again
and opening the journal saves them; then the recovery key, typed loosely, opens it with a new
passphrase. Argon2id is cheap here (tests/conftest.py), so the file stays quick.
"""

from __future__ import annotations

import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect

from accounts.middleware import LAST_SEEN_KEY
from accounts.sessions import SessionStore
from tests.e2e.conftest import assert_accessible, close_pages_without_beacons, sign_in, the_page_says_still_here
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 812}}
PASSPHRASE = "the tide comes back in"
NEW_PASSPHRASE = "lanterns along the harbour"


@pytest.fixture
def signed_in(page: Page, live_server: Any, alice: Any) -> Iterator[Page]:
    sign_in(page, live_server.url, alice.email)
    yield page
    close_pages_without_beacons(page)


def _session(page: Page) -> SessionStore:
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    return SessionStore.from_cookie(token)


def _lock_card(page: Page) -> Any:
    return page.locator("section", has=page.get_by_role("heading", name="Journal lock"))


def _turn_the_lock_on(page: Page, base: str) -> str:
    """Settings → the lock card → confirm it's you → passphrase twice, "I understand". Returns the
    recovery key as the person would copy it off the page: groups of four separated by spaces."""
    page.goto(f"{base}/account/settings/")
    _lock_card(page).get_by_role("link", name="Lock my journal with a passphrase").click()
    # The real re-authentication step, every time: turning the lock on asks for the password.
    expect(page.locator("main h1")).to_have_text("Confirm it's you")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("main h1")).to_have_text("Lock your journal with a passphrase")
    page.get_by_label("Journal passphrase").fill(PASSPHRASE)
    page.get_by_label("The same passphrase again").fill(PASSPHRASE)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Lock my journal").click()
    expect(page.locator("main h1")).to_have_text("Your journal lock is on")
    copied = page.locator("[data-recovery-key]").inner_text().strip()
    assert re.fullmatch(r"([0-9A-Z]{4} ){7}[0-9A-Z]{4}", copied), copied
    assert_accessible(page)
    page.get_by_role("link", name="I've kept it safe").click()
    expect(_lock_card(page)).to_contain_text("Only your passphrase or recovery key opens your journal.")
    return copied


def _sign_out(page: Page, base: str) -> None:
    page.goto(f"{base}/account/settings/")
    menu = page.locator(".nav-compact summary")
    if menu.is_visible():  # a phone: the links are behind "Menu"
        menu.click()
    page.get_by_role("button", name="Sign out").locator("visible=true").click()
    page.wait_for_load_state("load")
    page.goto(f"{base}/journal/")
    expect(page).to_have_url(re.compile(r".*/accounts/login/.*"))


def _unlock_with_passphrase(page: Page, passphrase: str = PASSPHRASE) -> None:
    expect(page.get_by_role("heading", name="Your journal is locked")).to_be_visible()
    page.get_by_label("Journal passphrase").fill(passphrase)
    page.get_by_role("button", name="Open my journal").click()


def test_lock_write_with_autosave_sign_out_sign_in_unlock_search_and_export(
    signed_in: Page, live_server: Any, alice: Any, tmp_path: Path
) -> None:
    page, base = signed_in, live_server.url
    page.set_viewport_size(SIZES["desktop"])  # type: ignore[arg-type]
    _turn_the_lock_on(page, base)

    # Writing: autosave alone keeps it (no Save pressed).
    page.goto(f"{base}/journal/new/")
    page.get_by_label("Title").fill("Harbour walk")
    page.get_by_label("What's on your mind").fill("The lanterns came on one by one along the quay.")
    expect(page.locator("#save-status")).to_contain_text("Draft kept", timeout=10_000)

    _sign_out(page, base)
    sign_in(page, base, alice.email)

    # Opening the journal asks for the passphrase first, then comes back to it.
    page.goto(f"{base}/journal/")
    expect(page).to_have_url(f"{base}/journal/unlock/?next=%2Fjournal%2F")
    _unlock_with_passphrase(page)
    expect(page).to_have_url(f"{base}/journal/")
    expect(page.locator("main")).to_contain_text("Harbour walk")

    page.goto(f"{base}/journal/search/")
    page.get_by_label("Words to look for").fill("lanterns")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#results")).to_contain_text("Harbour walk")

    page.goto(f"{base}/journal/export/")
    page.get_by_role("button", name="Download everything").click()
    expect(page.locator("main h1")).to_have_text("Confirm it's you")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url(f"{base}/journal/export/ready/")
    expect(page.locator("main h1")).to_have_text("Your download has started")
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    with zipfile.ZipFile(path) as zf:
        texts = [zf.read(name).decode() for name in zf.namelist() if name.endswith((".md", ".json"))]
    assert any("The lanterns came on one by one along the quay." in text for text in texts), zf.namelist()


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=1, SESSION_IDLE_WARNING_SECONDS=5)
def test_idle_lock_keeps_unsaved_words_and_the_recovery_key_opens_it_again(
    signed_in: Page, live_server: Any, alice: Any
) -> None:
    page, base = signed_in, live_server.url
    page.set_viewport_size(SIZES["phone"])  # type: ignore[arg-type]
    copied_key = _turn_the_lock_on(page, base)

    page.goto(f"{base}/journal/new/")
    body = page.get_by_label("What's on your mind")
    with the_page_says_still_here(page):
        body.fill("Rain on the window.")
    expect(page.locator("#save-status")).to_contain_text("Draft kept", timeout=10_000)
    draft_address = page.url  # the kept draft's own, so Back or a reload opens its words

    # A minute and more without a request (the shortest idle lock), then more words: the idle
    # lock signs the session out and forgets the unlocked journal with it.
    session = _session(page)
    session[LAST_SEEN_KEY] = int(time.time()) - 120
    session.save()
    body.press_sequentially(" Then the kettle.")
    # An alert, so a screen reader says it too; the status beside Save no longer says "Draft kept".
    signed_out = page.get_by_role("alert").filter(has_text="You were signed out to keep your journal private.")
    expect(signed_out).to_be_visible(timeout=10_000)
    expect(page.locator("#save-status")).to_have_text("Not saved yet.")
    expect(page).to_have_url(draft_address)
    expect(body).to_have_value("Rain on the window. Then the kettle.")

    # Sign in again in the tab the notice opens; coming back, the journal's own lock speaks.
    with page.context.expect_page() as new_tab:
        signed_out.get_by_role("link", name="Sign in again (opens a new tab)").click()
    other = new_tab.value
    other.get_by_label("Email").fill(alice.email)
    other.get_by_label("Password").fill(PASSWORD)
    other.get_by_role("button", name="Sign in", exact=True).click()
    other.wait_for_url(f"{base}/")
    other.close()
    page.bring_to_front()
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    key_locked = page.get_by_role("alert").filter(has_text="Your journal is locked, so this is not saved yet.")
    expect(key_locked).to_be_visible(timeout=15_000)
    expect(signed_out).to_be_hidden()
    expect(page.locator("#save-status")).to_have_text("Not saved yet.")
    expect(body).to_have_value("Rain on the window. Then the kettle.")

    # Open the journal in the tab that notice opens; back here the words save by themselves.
    with page.context.expect_page() as new_tab:
        key_locked.get_by_role("link", name="Open your journal (opens a new tab)").click()
    other = new_tab.value
    other.set_viewport_size(SIZES["phone"])  # type: ignore[arg-type]
    expect(other.get_by_role("heading", name="Your journal is locked")).to_be_visible()
    assert_accessible(other)
    _unlock_with_passphrase(other)
    other.wait_for_url(f"{base}/journal/")
    other.close()
    page.bring_to_front()
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    # The notice goes only once a save has come back saved; the entry itself shows the words.
    expect(key_locked).to_be_hidden(timeout=15_000)
    page.goto(f"{base}/journal/")
    page.locator("#entries").get_by_role("link").first.click()
    expect(page.locator("main")).to_contain_text("Rain on the window. Then the kettle.")

    # The passphrase is forgotten: the recovery key, typed loosely, opens it with a new one.
    _sign_out(page, base)
    sign_in(page, base, alice.email)
    page.goto(f"{base}/journal/")
    page.get_by_role("link", name="Use your recovery key instead").click()
    assert_accessible(page)
    page.get_by_role("textbox", name="Recovery key").fill(copied_key.lower())
    page.get_by_label("New journal passphrase").fill(NEW_PASSPHRASE)
    page.get_by_label("The new passphrase again").fill(NEW_PASSPHRASE)
    page.get_by_role("button", name="Open my journal").click()
    expect(page.get_by_role("heading", name="Your journal is open")).to_be_visible()
    new_key = page.locator(".recovery-key").inner_text()
    assert re.sub(r"[^0-9A-Z]", "", new_key) != re.sub(r"[^0-9A-Z]", "", copied_key.upper())
    assert_accessible(page)
    page.get_by_role("link", name="I have kept it. Continue").click()
    expect(page).to_have_url(f"{base}/journal/")
    page.locator("#entries").get_by_role("link").first.click()
    expect(page.locator("main")).to_contain_text("Rain on the window. Then the kettle.")

    # The new passphrase is the one that opens it from now on.
    _sign_out(page, base)
    sign_in(page, base, alice.email)
    page.goto(f"{base}/journal/")
    _unlock_with_passphrase(page, NEW_PASSPHRASE)
    expect(page).to_have_url(f"{base}/journal/")

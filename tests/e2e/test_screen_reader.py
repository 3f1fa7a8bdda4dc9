"""What a screen reader is told, where only a browser shows it: which words a live region reads
out, and where focus starts on a page that arrives with a message."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from journal.services import entry_create, entry_trash
from tests.e2e.conftest import close_pages_without_beacons, phone_signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The words the status line says now, as text nodes: a screen reader reads out the ones put in anew.
MARK_WORDS = """() => { window.wordsBefore = [...document.getElementById("save-status").childNodes]
  .filter((node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim()); }"""
WORDS_PUT_IN_ANEW = "() => window.wordsBefore.filter((node) => !node.isConnected).length"


def test_another_draft_kept_with_the_same_words_is_not_read_out_again(
    browser: Browser, request: pytest.FixtureRequest, live_server: Any, alice: Any
) -> None:
    page = phone_signed_in(browser, request, live_server.url, alice.email)
    page.goto(f"{live_server.url}/journal/new/")
    box = page.get_by_label("What's on your mind")
    status = page.locator("#save-status")
    version = page.locator("#id_version")
    box.press_sequentially("A long day")
    expect(status).to_contain_text("Draft kept", timeout=10_000)
    # Twice at most: a new minute between two saves changes the words ("Draft kept at 21:41").
    for _ in range(2):
        said = status.inner_text()
        saved_version = version.input_value()
        page.evaluate(MARK_WORDS)
        with page.expect_response(lambda response: response.url.endswith("/journal/autosave/")):
            box.press_sequentially(", and more")
        # The save's new version still reaches the form, so Save later meets no conflict.
        expect(version).not_to_have_value(saved_version)
        if status.inner_text() == said:
            break
    assert status.inner_text() == said
    assert page.evaluate(WORDS_PUT_IN_ANEW) == 0
    close_pages_without_beacons(page)


def test_a_message_after_a_redirect_is_where_focus_starts(
    browser: Browser, request: pytest.FixtureRequest, live_server: Any, alice: Any
) -> None:
    entry = entry_create(author=alice, title="Tuesday", body="A quiet walk.")
    entry_trash(entry=entry)
    page = phone_signed_in(browser, request, live_server.url, alice.email)
    page.goto(f"{live_server.url}/journal/trash/")
    page.get_by_role("button", name="Bring it back: Tuesday").click()
    # Its redirect has no #messages: the line was heard only after the help strip and the menu.
    page.wait_for_url(f"{live_server.url}/journal/{entry.id}/")
    messages = page.locator("#messages")
    expect(messages).to_have_text("It's back in your journal.")
    expect(messages).to_be_focused()


def test_pausing_the_wave_says_it_paused_and_the_time_left(
    browser: Browser, request: pytest.FixtureRequest, live_server: Any, alice: Any
) -> None:
    page = phone_signed_in(browser, request, live_server.url, alice.email, width=375, height=812)
    page.clock.install()
    page.goto(f"{live_server.url}/safety/ride-the-wave/")
    said = page.locator("[data-wave-status]")
    page.get_by_role("button", name="5 minutes", exact=True).press("Enter")
    expect(said).to_have_text("5 minutes")
    page.clock.run_for(60_000)
    # Only the button's name changed: a screen reader on a phone said nothing, and the time left
    # is in no live region (it would be read out every second), so it was never heard at all.
    pause = page.get_by_role("button", name="Pause")
    expect(pause).to_be_focused()
    pause.press("Enter")
    expect(said).to_have_text("Paused, with 4:00 left.")
    page.clock.run_for(120_000)
    page.get_by_role("button", name="Carry on").press("Enter")
    expect(said).to_have_text("Carrying on, with 4:00 left.")
    assert page.locator("[aria-live] [data-wave-remaining]").count() == 0


# Every text the quick exit's live region is given, in order, empty ones too.
WATCH_LEAVING_WORDS = """() => { window.leavingWords = [];
  const status = document.querySelector("[data-quick-exit-status]");
  new MutationObserver(() => window.leavingWords.push(status.textContent))
    .observe(status, { childList: true, characterData: true, subtree: true }); }"""


def test_capitals_typed_quickly_are_not_heard_as_a_shift_press_towards_leaving(
    browser: Browser, request: pytest.FixtureRequest, live_server: Any, alice: Any
) -> None:
    page = phone_signed_in(browser, request, live_server.url, alice.email, width=375, height=812)
    page.goto(f"{live_server.url}/safety/plan/on_my_own/")
    box = page.get_by_label("In your own words")
    box.click()
    page.evaluate(WATCH_LEAVING_WORDS)
    # Quick typing lets Shift up before the letter; Shift+Tab back to the box, the same.
    for key in ["I", "A", "Tab"]:
        page.keyboard.down("Shift")
        page.keyboard.down(key)
        page.keyboard.up("Shift")
        page.keyboard.up(key)
        if key == "Tab":
            box.focus()
        page.keyboard.type(" x ")
    expect(box).to_have_value("I x A x  x ")
    # Each capital was read out as "Shift, press 2 more times to leave." while writing.
    assert page.evaluate("window.leavingWords") == []
    # Shift on its own still counts, and a letter after it takes the count's words away.
    page.keyboard.press("Shift")
    status = page.locator("[data-quick-exit-status]")
    expect(status).to_have_text("Shift, press 2 more times to leave.")
    page.keyboard.type("y")
    expect(status).to_have_text("")
    assert page.url.endswith("/safety/plan/on_my_own/")

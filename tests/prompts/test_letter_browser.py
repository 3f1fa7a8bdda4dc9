"""“What I'd like you to know” on a phone: written step by step, read back, printed, then the words to show."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from journal.models import Entry
from tests.e2e.conftest import assert_accessible, sign_in
from tests.prompts.test_letter import ANSWERS, PARTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_letter_written_on_a_phone_prints_as_just_the_letter(
    browser: Browser, live_server: Any, loaded_library: None, alice: Any, scheme: Any
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812}, color_scheme=scheme, locale="en-GB")
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/reflections/")
    page.get_by_role("link", name="What I'd like you to know").click()
    expect(page.locator(".content-note")).to_contain_text("may touch on self-harm")
    assert_accessible(page)
    page.get_by_role("button", name="Begin").click()

    for number, (part, answer) in enumerate(zip(PARTS, ANSWERS, strict=True), start=1):
        expect(page.locator(".run-progress")).to_have_text(f"Step {number} of 5")
        expect(page.locator("#step-heading")).to_have_text(part)
        expect(page.locator("#step-hint")).to_contain_text("For example")
        assert no_sideways_scroll(page)
        assert_accessible(page)
        page.get_by_role("textbox").fill(answer)
        page.get_by_role("button", name="Finish" if number == 5 else "Next").click()

    expect(page.get_by_role("heading", name="Thank you", level=1)).to_be_visible()
    note = page.locator("#note-text")
    expect(note).to_contain_text("What I do not need you to fix")
    expect(note).to_contain_text("Sitting with me.")
    assert_accessible(page)
    entry = Entry.objects.get(owner=alice)
    assert entry.kind == Entry.Kind.REFLECTION

    page.get_by_role("link", name="Open a printable page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What I'd like you to know")
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    expect(page.locator("#crisis-strip")).to_be_visible()
    assert no_sideways_scroll(page)
    assert_accessible(page)

    # On paper: the letter alone, for the person it is given to.
    page.emulate_media(media="print")
    for hidden in ("#crisis-strip", ".site-header", ".site-footer", ".back-link"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    for part, answer in zip(PARTS, ANSWERS, strict=True):
        expect(page.locator("#note-text")).to_contain_text(part)
        expect(page.locator("#note-text")).to_contain_text(answer)
    page.emulate_media(media="screen")

    # When they are ready to tell someone: the words to show, a tap away from the end of the letter.
    page.go_back()
    page.get_by_role("link", name="If saying it out loud is hard: words you could show them instead").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Words for when you tell someone")
    assert_accessible(page)
    context.close()


def test_without_javascript_the_printable_letter_still_opens(
    browser: Browser, live_server: Any, loaded_library: None, alice: Any
) -> None:
    # The Print button needs script; the page itself does not, and the browser's own print works on it.
    context = browser.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/reflections/")
    page.get_by_role("link", name="What I'd like you to know").click()
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("textbox").fill("Things got too much.")
    page.get_by_role("button", name="Next").click()
    for _ in PARTS[1:]:
        page.get_by_role("button", name="Skip this one").click()
    page.get_by_role("link", name="Open a printable page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What I'd like you to know")
    expect(page.locator("#note-text")).to_contain_text("Things got too much.")
    expect(page.get_by_text("Your browser's print command works here too.")).to_be_visible()
    context.close()

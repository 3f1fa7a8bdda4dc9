"""The person's pages about someone they trust, as Chromium draws them at phone and desktop size:
the "Make a link" choices sit beside their words, and a back link keeps the space before a name."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from journal.services import entry_create
from supporters import services
from tests.e2e.conftest import assert_accessible, phone_signed_in, sign_in, stay_when_asked, the_page_says_still_here

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)], ids=["phone", "desktop"])


def _signed_in(browser: Browser, live_server: Any, alice: Any, width: int, height: int) -> Page:
    viewport: Any = {"width": width, "height": height}
    page = browser.new_context(viewport=viewport, locale="en-GB").new_page()
    sign_in(page, live_server.url, alice.email)
    return page


@SIZES
def test_each_link_choice_sits_beside_its_words_on_a_full_size_row(
    browser: Browser, live_server: Any, alice: Any, width: int, height: int
) -> None:
    sam = services.supporter_add(owner=alice, name="Sam", email="sam@example.com")
    page = _signed_in(browser, live_server, alice, width, height)
    page.goto(f"{live_server.url}/people-around-you/{sam.id}/")
    choices = ["1 day", "7 days", "30 days", "90 days", "Also ask for a code that I tell them myself"]
    for words in [*choices, "Email them the link"]:
        control = page.get_by_label(words, exact=True)
        label = page.locator(f'label[for="{control.get_attribute("id")}"]')
        box, text = control.bounding_box(), label.bounding_box()
        assert box is not None and text is not None
        # Beside it, on the same row: not on a line of its own under a lone circle or square.
        assert text["x"] >= box["x"] + box["width"], words
        assert text["y"] < box["y"] + box["height"] and box["y"] < text["y"] + text["height"], words
        row = label.locator("xpath=..").bounding_box()
        assert row is not None and row["height"] >= 44, f"{words}: a full-size row to tap"
        assert box["width"] >= 18, f"{words}: the box keeps its size beside long words"
    page.context.close()


def _assert_back_to_sam(page: Page) -> None:
    # As drawn (inner text, not normalised): laid out as two pieces it reads "Back to" and "Sam"
    # on their own, and on screen "Back toSam".
    assert page.locator(".back-link a").evaluate("link => link.innerText") == "Back to Sam", page.url


@SIZES
def test_a_back_link_with_their_name_reads_back_to_and_the_name(
    browser: Browser, live_server: Any, alice: Any, width: int, height: int
) -> None:
    sam = services.supporter_add(owner=alice, name="Sam")
    copy = services.share_entry(supporter=sam, entry=entry_create(author=alice, body="for Sam"))
    page = _signed_in(browser, live_server, alice, width, height)
    base = f"{live_server.url}/people-around-you"
    for url in [f"{base}/{sam.id}/remove/", f"{base}/{sam.id}/stop/", f"{base}/copies/{copy.id}/"]:
        page.goto(url)
        _assert_back_to_sam(page)
    page.goto(f"{base}/{sam.id}/")
    page.get_by_role("button", name="Make a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Their link is ready")
    _assert_back_to_sam(page)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Their link was made a moment ago")
    _assert_back_to_sam(page)
    page.context.close()


def test_after_adding_someone_focus_is_on_added(browser: Browser, live_server: Any, alice: Any, request: Any) -> None:
    # The page after "Add" began at the top: Tab and a screen reader met the menu first, and
    # "Added" sat unread below it. Keyboard only, at phone size.
    page = phone_signed_in(browser, request, live_server.url, alice.email)
    page.goto(f"{live_server.url}/people-around-you/")
    with the_page_says_still_here(page):
        page.get_by_label("Their name").press_sequentially("Sam")
    page.keyboard.press("Enter")
    added = page.get_by_role("status").filter(has_text="Added. Nothing is shared with them")
    expect(added).to_be_focused()
    expect(added).to_be_in_viewport()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sam")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.messages') === null"), "Tab goes on from there"


def test_a_name_half_typed_is_asked_about_before_the_guide_takes_it(
    browser: Browser, live_server: Any, alice: Any, request: Any
) -> None:
    # "A guide for them" sits just below "Add": a look at what they would read lost the name and
    # address typed, with nothing said.
    page = phone_signed_in(browser, request, live_server.url, alice.email)
    page.goto(f"{live_server.url}/people-around-you/")
    page.get_by_label("Their name").fill("Sam")
    asked = stay_when_asked(page)
    page.get_by_role("link", name="A guide for them: how to help someone they care about").click(no_wait_after=True)
    assert asked == ["beforeunload"]
    expect(page.get_by_label("Their name")).to_have_value("Sam")


# How many lines the first occurrence of a word in an element is drawn on.
WORD_LINES = """(element, word) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf(word);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + word.length);
        return new Set([...range.getClientRects()].map((box) => Math.round(box.top))).size;
    }
    return 0;
}"""


@pytest.mark.parametrize(("width", "height"), [(320, 700), (390, 844)], ids=["small-phone", "phone"])
def test_remove_reads_as_one_word_beside_a_long_name(
    browser: Browser, live_server: Any, alice: Any, width: int, height: int
) -> None:
    # A button is a flex box: "Remove" and the name in it were two items, and a long name (60
    # characters, one word) squeezed the first into a column, "Re / mo / ve", at 375 px.
    name = "Wolfeschlegelsteinhausenbergerdorff-Oberhausenschwesterleins"
    assert len(name) == services.NAME_CHARS
    someone = services.supporter_add(owner=alice, name=name)
    page = _signed_in(browser, live_server, alice, width, height)
    page.goto(f"{live_server.url}/people-around-you/{someone.id}/")
    remove = page.get_by_role("link", name=f"Remove {name}")
    # The word "Remove" is drawn on one line (one box), not a line for each two letters.
    assert remove.evaluate(WORD_LINES, "Remove") == 1
    assert not page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    page.context.close()


def test_settings_lead_to_the_people_you_trust_and_what_they_can_read(
    browser: Browser, request: pytest.FixtureRequest, live_server: Any, alice: Any
) -> None:
    # At night, on a phone, someone who wants Sam to stop reading looks where "Your therapist" is.
    sam = services.supporter_add(owner=alice, name="Sam")
    services.share_entry(supporter=sam, entry=entry_create(author=alice, title="After work", body="for Sam"))
    page = phone_signed_in(browser, request, live_server.url, alice.email, width=375, height=812)
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Settings").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add someone, or choose what they can read").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The people you trust")
    page.get_by_role("link", name="Sam").click()
    expect(page.get_by_role("heading", name="What they can read")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^A journal entry · .* · After work$"))).to_be_visible()
    expect(page.get_by_role("link", name="Stop sharing everything with them")).to_be_visible()

"""Get help now, in the real browser at phone and desktop size: the number first, then
reassurance, then the lines, then the country picker; axe clean; the keyboard reaches every part."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, ViewportSize, expect

from safety.services import crisis_resources_load
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 375, "height": 812}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}


@pytest.fixture
def shipped(transactional_db: None) -> None:
    crisis_resources_load()


def _top(locator: Locator) -> float:
    box = locator.bounding_box()
    assert box is not None
    return float(box["y"])


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_number_comes_first_and_the_picker_after_the_lines(
    page: Page, live_server: Any, shipped: None, size: ViewportSize, scheme: Any
) -> None:
    page.set_viewport_size(size)
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{live_server.url}/safety/help/?region=GB")
    main = page.locator("main")
    call_999 = main.get_by_role("link", name="Call 999")
    reassurance = main.get_by_text("You don't have to be in danger to call.")
    lines = main.get_by_role("heading", name="People you can talk to")
    youth = main.get_by_role("heading", name="For young people")
    non_urgent = main.get_by_role("heading", name="When it isn't an emergency")
    picker = main.get_by_label("Show help for")
    tops = [_top(x) for x in (call_999, reassurance, lines, youth, non_urgent, picker)]
    assert tops == sorted(tops)
    # In a hard moment on a phone, the number is in the first screen without scrolling.
    assert _top(call_999) + 44 <= size["height"]
    # So is care for a wound: someone who has just hurt themself found it ~3,000 px down a phone's
    # page, in "Other things that might help" (no account needed for either).
    first_minutes = main.get_by_role("link", name="If you have hurt yourself: the first minutes").first
    assert _top(first_minutes) + 24 <= size["height"]
    expect(main.get_by_text("For people aged", exact=False)).to_have_count(0)  # Childline states no ages yet
    assert_accessible(page)


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_person_can_change_country_by_keyboard_and_see_who_each_line_is_for(
    page: Page, live_server: Any, shipped: None, size: ViewportSize
) -> None:
    page.set_viewport_size(size)
    page.goto(f"{live_server.url}/safety/help/?region=GB")
    jump = page.get_by_role("link", name="Not in the United Kingdom? Choose your country")
    jump.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Show help for")).to_be_focused()
    page.get_by_label("Show help for").select_option("AU")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Show")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/safety/help/?region=AU")
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Emergency number in Australia")).to_be_visible()
    kids = main.locator("li.resource", has=page.get_by_role("heading", name="Kids Helpline"))
    expect(kids.get_by_text("For people aged 5 to 25")).to_be_visible()
    expect(kids.get_by_role("link", name="Call 1800 55 1800")).to_have_attribute("href", "tel:1800551800")
    # The strip follows the visitor's choice, and offers lines for everyone, not the youth line.
    # (On a phone its lines fold into the pinned bar's "Get help now"; they are still in the page.)
    strip = page.locator("#crisis-strip")
    expect(strip.locator('a[href="tel:000"]')).to_have_count(1)
    expect(strip.get_by_text("Kids Helpline")).to_have_count(0)
    assert_accessible(page)


def test_touch_targets_are_large_enough_and_nothing_scrolls_sideways_at_320(
    page: Page, live_server: Any, shipped: None
) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    for region in ("GB", "AU", "DE", "ZA", "US"):
        page.goto(f"{live_server.url}/safety/help/?region={region}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), region
        for link in page.locator("main .contact-link, main .jump-link").all():
            box = link.bounding_box()
            assert box is not None and box["height"] >= 44, (region, link.inner_text())
    assert_accessible(page)


def test_an_unconfirmed_country_shows_its_number_and_never_a_checked_date_for_a_hidden_line(
    page: Page, live_server: Any, shipped: None
) -> None:
    from safety.crisis_selectors import resources_cache_clear
    from safety.models import CrisisResource

    # South Africa's lines are confirmed now; unconfirming them shows what a country without one looks like.
    CrisisResource.objects.filter(country="ZA", kind="crisis_line").update(status="unverified")
    resources_cache_clear()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/safety/help/?region=ZA")
    main = page.locator("main")
    expect(main.get_by_role("link", name="Call 10111")).to_be_visible()
    expect(main.get_by_text("We haven't confirmed a crisis line here yet.", exact=False)).to_be_visible()
    expect(main.get_by_text("SADAG")).to_have_count(0)
    # Only the confirmed police line and Childline say when they were checked.
    expect(main.get_by_text("Checked on 2 December 2026")).to_have_count(2)
    expect(main.get_by_role("link", name="Call 116")).to_be_visible()
    assert_accessible(page)


def test_an_old_link_with_a_country_we_do_not_know_leaves_focus_with_the_numbers(
    page: Page, live_server: Any, shipped: None
) -> None:
    # Pages sent back with a mistake start at it (waypoint.js); the crisis page's country picker,
    # bound from the address, must not pull a phone's screen down past the emergency numbers.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/safety/help/?region=ZZ")
    expect(page.locator("#region-pick [aria-invalid='true']")).to_have_count(1)
    assert page.evaluate("document.activeElement === document.body")
    assert page.evaluate("window.scrollY") == 0


def test_on_paper_the_numbers_stay_and_the_country_picker_goes(page: Page, live_server: Any, shipped: None) -> None:
    """A select box and its Show button mean nothing on paper; they printed under the lines."""
    page.goto(f"{live_server.url}/safety/help/?region=GB")
    page.emulate_media(media="print", color_scheme="dark")
    main = page.locator("main")
    expect(main.get_by_role("link", name="Call 999")).to_be_visible()
    expect(main.get_by_label("Show help for")).to_be_hidden()
    expect(main.get_by_role("heading", name="Somewhere else?")).to_be_hidden()


# What Chromium did before numbers were isolated (config.ltr): Arabic words, then "116 123", read "123 116".
_GROUP_EDGES = """(link) => {
    const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
    const texts = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    // The translated words before the number, as an Arabic translation would give them.
    const words = texts.find((node) => node.data.includes("Call "));
    words.data = words.data.replace("Call ", "\u0627\u062a\u0635\u0644 \u0628\u0627\u0644\u0631\u0642\u0645 ");
    const number = texts.find((node) => node.data.includes("116 123"));
    const start = number.data.indexOf("116 123");
    const box = (from, to) => {
        const range = document.createRange();
        range.setStart(number, from);
        range.setEnd(number, to);
        return range.getBoundingClientRect();
    };
    return {first: box(start, start + 3).left, last: box(start + 4, start + 7).left};
}"""


def test_right_to_left_a_number_after_translated_words_reads_in_its_own_order(
    page: Page, live_server: Any, shipped: None
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/safety/help/?region=GB")
    page.evaluate("document.documentElement.dir = 'rtl'")
    link = page.locator('main a[href="tel:116123"]').first
    edges = link.evaluate(_GROUP_EDGES)
    assert edges["first"] < edges["last"], "116 is read before 123, left to right, as it is dialled"


def test_in_a_screen_readers_list_of_links_each_call_says_whose_line_it_is(
    page: Page, live_server: Any, shipped: None
) -> None:
    # Read as a list of links (a screen reader's rotor), "Call 116 123" and "Call 988" stood alone:
    # which line each one calls was only in the heading above it.
    page.goto(f"{live_server.url}/safety/help/?region=GB")
    main = page.locator("main")
    # (Chromium puts a space before the comma of a visually hidden part; a screen reader reads no space.)
    expect(main.get_by_role("link", name=re.compile(r"^Call 116 123 ?, Samaritans$"))).to_be_visible()
    page.goto(f"{live_server.url}/safety/help/?region=US")
    expect(main.get_by_role("link", name=re.compile(r"^Call 988 ?, 988 Suicide & Crisis Lifeline$"))).to_be_visible()

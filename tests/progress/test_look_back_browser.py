"""The look back in the real browser, at desktop and phone size, light and dark: axe finds nothing,
a screen reader reaches the summary and the table, and with JavaScript off starring and the span
choice still work."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from journal.services import entry_create
from progress import look_back_services as services
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 375, "height": 812}, "has_touch": True, "is_mobile": True},
}


@pytest.fixture
def journal(alice: Any) -> Any:
    today = timezone.localdate()
    for days, mood, urge in [(20, 2, 8), (19, 2, 7), (12, 3, 5), (5, 4, 3), (1, 4, 2)]:
        entry_create(author=alice, body="words", written_on=today - timedelta(days=days), mood=mood, urge=urge)
    starred = entry_create(author=alice, title="Tea with Sam", body="words", written_on=today, mood=5, urge=1)
    services.entry_star(entry=starred, starred=True)
    return starred


@pytest.fixture
def open_as_alice(browser: Browser, live_server: Any, alice: Any) -> Iterator[Callable[..., Page]]:
    contexts: list[Any] = []

    def open_page(size: str, scheme: str = "light", javascript: bool = True) -> Page:
        context = browser.new_context(
            color_scheme=scheme,  # type: ignore[arg-type]
            java_script_enabled=javascript,
            **SIZES[size],
        )
        contexts.append(context)
        page = context.new_page()
        sign_in(page, live_server.url, alice.email)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize(("size", "scheme"), [("desktop", "light"), ("phone", "dark")])
def test_axe_finds_nothing_and_a_screen_reader_reads_summary_and_table(
    open_as_alice: Callable[..., Page], live_server: Any, journal: Any, size: str, scheme: str
) -> None:
    page = open_as_alice(size, scheme)
    page.goto(f"{live_server.url}/look-back/")
    page.get_by_label("Look back over").select_option(label="The last 4 weeks")
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url(f"{live_server.url}/look-back/?span=4w#look-back-results")
    assert_accessible(page)

    summary = "You noted a feeling in 6 entries. On average it was 3.3 out of 5."
    chart = page.get_by_role("img", name="Chart of how you felt")
    lighter = "Feelings were lighter in the second half of this time than in the first."
    expect(chart).to_have_accessible_description(f"{summary} {lighter}")
    page.get_by_text("Show the numbers as a table").first.click()
    table = page.get_by_role("table", name="How you felt, on average")
    # The heading row, a row for each of the 6 days with a feeling, and one for each of the 4 runs of days between.
    expect(table.get_by_role("row")).to_have_count(11)
    expect(table.get_by_role("columnheader", name="Feeling (1 to 5)")).to_be_visible()
    today = timezone.localdate()
    expect(table.get_by_role("row", name=f"{today:%-d %b %Y} 5.0 1")).to_be_visible()
    quiet_from, quiet_to = today - timedelta(days=4), today - timedelta(days=2)
    expect(
        table.get_by_role("row", name=f"{quiet_from:%-d %b %Y} to {quiet_to:%-d %b %Y} nothing noted 0")
    ).to_be_visible()
    tree = page.locator("main").aria_snapshot()
    assert summary in tree and "table" in tree and "Tea with Sam" in tree
    assert_accessible(page)  # with the table open too
    page.get_by_role("link", name="Tea with Sam").click()
    page.wait_for_url(f"{live_server.url}/journal/{journal.id}/")
    page.get_by_role("button", name="Remove the star").click()  # htmx swaps the form in place
    expect(page.get_by_role("button", name="Star this to remember it")).to_be_focused()
    assert_accessible(page)
    if size == "phone":
        page.set_viewport_size({"width": 320, "height": 568})
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_without_javascript_starring_and_choosing_a_span_work(
    open_as_alice: Callable[..., Page], live_server: Any, alice: Any
) -> None:
    entry = entry_create(author=alice, title="The walk by the sea", body="words", mood=4, urge=2)
    page = open_as_alice("phone", javascript=False)
    page.goto(f"{live_server.url}/journal/{entry.id}/")
    page.get_by_role("button", name="Star this to remember it").click()
    page.wait_for_url(f"{live_server.url}/journal/{entry.id}/")
    expect(page.get_by_text("You starred this as something you want to remember.")).to_be_visible()

    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Look back").click()
    page.wait_for_url(f"{live_server.url}/look-back/")
    page.get_by_label("Look back over").select_option(label="Everything")
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url(f"{live_server.url}/look-back/?span=all#look-back-results")
    expect(page.get_by_role("link", name="The walk by the sea")).to_be_visible()
    page.get_by_text("Show the numbers as a table").first.click()
    # (No axe here: it runs inside the page, which has no JavaScript; the tests above run it.)
    expect(page.get_by_role("table", name="How you felt, on average")).to_be_visible()


def test_turning_patterns_off_and_on_keeps_the_focus_on_their_heading(
    open_as_alice: Callable[..., Page], live_server: Any, journal: Any
) -> None:
    # Without a focusable heading the redirect scrolled there but left the focus on <body>, so a
    # screen reader or keyboard on a phone started again from the top of the page.
    page = open_as_alice("phone")
    page.goto(f"{live_server.url}/look-back/?span=3m")
    page.get_by_role("button", name="Turn this part off").click()
    expect(page.get_by_text("You turned this part off.")).to_be_visible()
    expect(page.get_by_role("heading", name="Patterns you might notice")).to_be_focused()
    page.get_by_role("button", name="Show patterns again").click()
    expect(page.get_by_text("You turned this part off.")).to_have_count(0)
    expect(page.get_by_role("heading", name="Patterns you might notice")).to_be_focused()


def test_the_numbers_table_fits_a_phone_and_scrolls_by_keyboard_where_it_cannot(
    open_as_alice: Callable[..., Page], live_server: Any, alice: Any
) -> None:
    # By month, with a setback noted: "September 2026" and "a setback" made the table wider than
    # the card, the "Noted" column was cut off at the edge, and the box it scrolled in could not be
    # reached by keyboard (axe: scrollable-region-focusable).
    for day, mood, setback in [
        (date(2025, 9, 10), 2, True),
        (date(2025, 11, 3), 4, False),
        (date(2025, 12, 1), 3, True),
    ]:
        entry_create(author=alice, body="words", written_on=day, mood=mood, urge=5, setback=setback)
    page = open_as_alice("phone")
    page.goto(f"{live_server.url}/look-back/?span=all")
    page.get_by_text("Show the numbers as a table").first.click()
    table = page.get_by_role("table", name="How you felt, on average")
    expect(table.get_by_role("row", name="September 2025 2.0 1 a setback")).to_be_visible()
    box = page.get_by_role("region", name="How you felt, on average")
    assert box.evaluate("box => box.scrollWidth <= box.clientWidth")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 568})  # too narrow: it scrolls in its own box
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    box.focus()
    expect(box).to_be_focused()
    assert_accessible(page)


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("written", [True, False], ids=["results", "nothing-here-yet"])
def test_show_lands_on_the_results_and_tab_goes_into_them(
    open_as_alice: Callable[..., Page], live_server: Any, alice: Any, size: str, written: bool
) -> None:
    # Show is a plain GET form: the new page began at its top, and the results were ~16 Tab stops
    # (and on a phone a scroll) below the choice just made.
    if written:
        entry_create(author=alice, body="words", written_on=timezone.localdate() - timedelta(days=3), mood=4, urge=2)
    page = open_as_alice(size)
    page.goto(f"{live_server.url}/look-back/")
    # A first visit starts at the top as any page does.
    assert page.evaluate("window.scrollY") == 0
    expect(page.locator(":target")).to_have_count(0)
    page.get_by_label("Look back over").select_option(label="The last 4 weeks")
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url(f"{live_server.url}/look-back/?span=4w#look-back-results")
    heading = page.get_by_role("heading", name="What you did in this time" if written else "Nothing here yet")
    expect(heading).to_be_focused()
    expect(heading).to_be_in_viewport()
    # Not under the crisis strip that stays pinned at the top on a phone.
    strip = page.locator(".crisis-strip").bounding_box()
    box = heading.bounding_box()
    assert strip is not None and box is not None
    assert box["y"] >= strip["y"] + strip["height"] - 1
    assert box["y"] + box["height"] <= page.viewport_size["height"]  # type: ignore[index]

    page.keyboard.press("Tab")
    if written:
        expect(page.get_by_role("link", name="Keep a small victory")).to_be_focused()
    else:
        expect(page.get_by_role("link", name="Write an entry")).to_be_focused()
    expect(page.locator(":focus")).to_be_in_viewport()
    # The summary to take with you, just above the results, is one Shift+Tab back.
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("link", name="A summary to take with you")).to_be_focused()

"""Offline, the editor's note is in sight of a person typing on a phone, and covers nothing they type."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import assert_accessible, close_pages_without_beacons, sign_in
from tests.journal.pinned_notes import SIZES, ZOOMED, box, in_sight, not_over, typed_line_in_sight

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("size", [*SIZES, *ZOOMED])
def test_offline_the_note_shows_where_a_person_typing_sees_it(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest, size: str
) -> None:
    viewport, scheme = {**SIZES, **ZOOMED}[size]
    phone = size != "desktop"
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone, color_scheme=scheme)  # type: ignore[arg-type]
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.clock.install()  # the autosave's wait, passed at once rather than waited out
    page.goto(f"{live_server.url}/journal/new/")
    note = page.locator("#journal-offline")
    body = page.get_by_label("What's on your mind")
    body.click()
    body.press_sequentially("Written on the night bus, ")
    before = box(body)

    context.set_offline(True)
    body.press_sequentially("and the signal went.")
    page.clock.run_for(3_500)  # the autosave tries, and cannot go
    expect(note).to_be_visible()
    expect(body).to_be_focused()
    in_sight(page, note)
    if size in ZOOMED:
        # So little of the page shows that the note came over the line being typed (nothing moves
        # as it comes): at the next key the line shows below it, with room to read.
        body.press_sequentially(" Still here.")
        typed_line_in_sight(page, note, body)
    else:
        not_over(note, body)
        assert box(body) == before  # nothing moved under the caret as the note came

    # Scrolled up by a finger until the title's box is under the note, then reached by the
    # keyboard: the browser brings it out from under the note, not just out from under the bar.
    title = page.get_by_label("Title")
    page.evaluate(
        """() => {
            const title = document.getElementById("id_title"), note = document.getElementById("journal-offline");
            scrollBy(0, title.getBoundingClientRect().top - 10);  // far enough for the note to stick
            scrollBy(0, title.getBoundingClientRect().top - (note.getBoundingClientRect().bottom - 20));
        }"""
    )
    assert box(title)["y"] < box(note)["y"] + box(note)["height"]  # under it, below the bar
    page.keyboard.press("Shift+Tab")
    expect(title).to_be_focused()
    in_sight(page, note)
    not_over(note, title)

    # Further down the form the page has scrolled: the note stays in sight, and the browser
    # brings the box being typed in out from under it.
    tags = page.get_by_label("Tags")
    tags.click()
    tags.press_sequentially("bus, night")
    expect(tags).to_be_focused()
    in_sight(page, note)
    not_over(note, tags)
    assert_accessible(page)
    close_pages_without_beacons(page)

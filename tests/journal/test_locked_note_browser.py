"""Signed out or the journal locked while typing: a short line says so where a person typing on a
phone sees it, and covers nothing they type. The full notice stays under the form, read out."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.middleware import LAST_SEEN_KEY
from accounts.sessions import SessionStore
from journal.lock_session import SESSION_KEY
from tests.e2e.conftest import assert_accessible, close_pages_without_beacons, sign_in, the_page_says_still_here
from tests.journal.lock_helpers import PASSPHRASE, Locked, locked_alice_fixture  # noqa: F401  (fixture)
from tests.journal.pinned_notes import SIZES, ZOOMED, box, in_sight, not_over, typed_line_in_sight

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What ended while typing: the full notice under the form, and the link that lets them carry on.
WHAT = {
    "signed out": ("#journal-locked", "Sign in again (opens a new tab)"),
    "journal locked": ("#journal-key-locked", "Open your journal (opens a new tab)"),
}


def _end(page: Page, what: str) -> None:
    session = SessionStore.from_cookie(next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid"))
    if what == "signed out":
        session[LAST_SEEN_KEY] = 0  # the idle lock's time has come, as after a long pause
    else:
        del session[SESSION_KEY]  # "Lock my journal now" in another tab
    session.save()


# Every size for both, and one of the two (the notes are alike) on the shortest screen.
CASES = [(size, what) for size in SIZES for what in WHAT] + [(size, "signed out") for size in ZOOMED]


@pytest.mark.parametrize(("size", "what"), CASES)
def test_the_note_shows_where_a_person_typing_sees_it(
    browser: Browser, live_server: Any, locked_alice: Locked, request: pytest.FixtureRequest, size: str, what: str
) -> None:
    viewport, scheme = {**SIZES, **ZOOMED}[size]
    phone = size != "desktop"
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone, color_scheme=scheme)  # type: ignore[arg-type]
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, locked_alice.user.email)
    page.clock.install()  # the autosave's wait, passed at once rather than waited out
    page.goto(f"{live_server.url}/journal/unlock/?next=/journal/new/")
    page.get_by_label("Journal passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Open my journal").click()
    page.wait_for_url(f"{live_server.url}/journal/new/")
    notice_id, link_name = WHAT[what]
    notice = page.locator(notice_id)
    # The first note on the page that says so and gives the way on.
    line = (
        page.locator(".journal-notice").filter(has=page.get_by_role("link", name=link_name)).filter(visible=True).first
    )
    body = page.get_by_label("What's on your mind")
    body.click()
    with the_page_says_still_here(page):
        body.press_sequentially("Written on the night bus, ")
    before = box(body)

    _end(page, what)
    body.press_sequentially("and then it stopped saving.")
    page.clock.run_for(3_500)  # the autosave goes, and is turned away
    if what == "signed out":
        # Signed out, the page first covers the words (a shared device) until the person asks.
        page.get_by_role("button", name="Show what I wrote").click()
    expect(line).to_be_visible()
    expect(line.get_by_role("link", name=link_name)).to_have_attribute("target", "_blank")
    expect(body).to_be_focused()
    in_sight(page, line)
    if size in ZOOMED:
        # So little of the page shows that the line came over the one being typed (nothing moves
        # as it comes): at the next key that shows below it, with room to read.
        body.press_sequentially(" Still")
        typed_line_in_sight(page, line, body)
    else:
        not_over(line, body)
        assert box(body) == before  # nothing moved under the caret as the line came
    # The full notice is still under the form, the one a screen reader announces.
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("role", "alert")

    # Typing on, the line stays in sight and off the box.
    body.press_sequentially(" here." if size in ZOOMED else " Still here.")
    expect(body).to_have_value("Written on the night bus, and then it stopped saving. Still here.")
    in_sight(page, line)
    if size in ZOOMED:
        typed_line_in_sight(page, line, body)
    else:
        not_over(line, body)
    assert_accessible(page)
    close_pages_without_beacons(page)

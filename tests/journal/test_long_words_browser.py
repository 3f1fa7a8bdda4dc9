"""In Chromium at phone size: a pasted link, a long word in a title or a long tag wraps inside its
entry on the timeline and on a day's page, and never makes the page wider than the phone."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Browser

from journal.services import entry_create
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = "https://example.com/" + "a" * 80
TITLE = "S" + "o" * 50 + "muchbetter"
TAG = "averyveryverylongtagnamewithoutanyspaces"


@pytest.mark.parametrize("width", [375, 320])
def test_a_long_link_title_or_tag_stays_inside_the_phone(
    browser: Browser, live_server: Any, alice: Any, width: int
) -> None:
    # The excerpt of an entry holding a pasted link made the timeline 1024px wide on a 390px
    # phone: the page slid sideways and the browser zoomed out, small text and all.
    day = date(2026, 11, 20)
    entry_create(author=alice, title=TITLE, body=f"A song that helped: {LINK}", written_on=day, tags=[TAG])
    context = browser.new_context(viewport={"width": width, "height": 700}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        sign_in(page, live_server.url, alice.email)
        for path in ("/journal/", f"/journal/day/{day:%Y/%m/%d}/", f"/journal/?tag={TAG}"):
            page.goto(f"{live_server.url}{path}")
            page.get_by_text(LINK, exact=False).first.wait_for()
            widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert widths[0] <= widths[1], (path, widths)
    finally:
        context.close()

"""The people page tells the server, by itself once loaded, that it showed the replies: home's line goes."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from supporters import services
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_opening_the_people_page_quiets_the_line_on_home(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    sam = services.supporter_add(owner=alice, name="Sam")
    link = services.link_make(supporter=sam, days=7, with_code=False).link
    services.reply_add(link=link, body="Thinking of you")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_text("Someone you trust wrote back.")).to_be_visible()

    # Reached by the menu's way, not by "Read it": the page's own POST on load marks it seen.
    with page.expect_response(lambda r: r.url.endswith("/people-around-you/replies/seen/")) as sent:
        page.goto(f"{live_server.url}/people-around-you/")
    assert sent.value.status == 204
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Someone you trust wrote back.")).to_have_count(0)

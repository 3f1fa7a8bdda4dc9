"""In Chromium on a phone at night: "Not now" or "Back" on the share offer made from home's card of
suggested reflections returns to that card with focus on its heading, not on the page's <body>."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from care.models import Link
from care.services import homework_assign
from prompts.models import Sequence
from prompts.services import run_finish, run_start
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("way_back", ["Not now", "Back"])
def test_leaving_homes_share_offer_lands_on_the_suggested_reflections(
    browser: Browser,
    live_server: Any,
    library: None,
    link: Link,
    alice: Any,
    request: pytest.FixtureRequest,
    way_back: str,
) -> None:
    pause = Sequence.objects.get(clinic_key="", slug="pause-for-kindness")
    homework_assign(link=link, sequence=pause, note="Only if tonight feels okay for it.")
    run_finish(run=run_start(owner=alice, sequence=pause), answers={"0": "A long shift"})
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, color_scheme="dark"
    )
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)

    page.get_by_role("link", name="Share it with Theo Park?").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Share a copy")
    page.get_by_role("link", name=way_back, exact=True).press("Enter")

    # A keyboard or screen reader carries on from the card they left, not from the top of the page
    # ("Skip to main content", the help bar, the menu) while the screen shows the card.
    heading = page.get_by_role("heading", name="Suggested reflections")
    expect(heading).to_be_focused()
    assert heading.evaluate(
        "el => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().bottom <= innerHeight"
    )
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Pause for kindness")).to_be_focused()
    assert_accessible(page)

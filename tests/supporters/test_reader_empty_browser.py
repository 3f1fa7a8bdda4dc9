"""A supporter's page with nothing shared on it yet: the box that says so lines up with the boxes
around it, at phone and desktop size, rather than standing narrower than them on a wide screen."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from safety.services import crisis_resources_load
from supporters import services
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTHING = "Nothing is shared on this page right now. If they share something with you, it will appear here."


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)], ids=["phone", "desktop"])
def test_the_nothing_shared_box_is_as_wide_as_the_others(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest, width: int, height: int
) -> None:
    crisis_resources_load()
    new = services.link_make(supporter=services.supporter_add(owner=alice, name="Sam"), days=7, with_code=False)
    viewport: Any = {"width": width, "height": height}
    context = browser.new_context(viewport=viewport, locale="en-GB", color_scheme="dark")
    request.addfinalizer(context.close)
    sam = context.new_page()
    sam.goto(f"{live_server.url}/people-around-you/for-you/{new.token}/")
    sam.get_by_role("button", name="Open it").click()
    expect(sam.get_by_role("heading", level=1)).to_have_text("A private page for you")

    nothing = sam.locator(".card", has_text=NOTHING)
    expect(nothing).to_have_count(1)
    respond = sam.locator(".card", has=sam.get_by_role("heading", name="How to respond")).bounding_box()
    box = nothing.bounding_box()
    assert box is not None and respond is not None
    assert abs(box["x"] - respond["x"]) < 1 and abs(box["width"] - respond["width"]) < 1, (box, respond)
    assert_accessible(sam)

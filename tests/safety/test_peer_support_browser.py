"""The peer-support page in the real browser: axe clean at phone and desktop size in light and
dark, no sideways scrolling at 320 px, and the country picker works by keyboard."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from safety.peer_services import peer_support_load
from safety.services import crisis_resources_load
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 375, "height": 812}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
NARROW: ViewportSize = {"width": 320, "height": 568}
NO_SIDEWAYS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture
def shipped(transactional_db: None) -> None:
    crisis_resources_load()
    peer_support_load()


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("region", ["AU", "NL"], ids=["with-entries", "none-yet"])
def test_the_page_is_accessible(
    page: Page, live_server: Any, shipped: None, size: ViewportSize, scheme: Any, region: str
) -> None:
    page.set_viewport_size(size)
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{live_server.url}/safety/peer-support/?region={region}")
    expect(page.get_by_role("heading", level=1, name="People who understand")).to_be_visible()
    if region == "AU":
        expect(page.get_by_role("link", name="Go to ReachOut Online Community")).to_be_visible()
    else:
        expect(page.get_by_text("We haven't listed peer support in the Netherlands yet", exact=False)).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("region", ["AU", "GB", "ZA"])
def test_nothing_scrolls_sideways_at_320px(page: Page, live_server: Any, shipped: None, region: str) -> None:
    page.set_viewport_size(NARROW)
    page.goto(f"{live_server.url}/safety/peer-support/?region={region}")
    assert page.evaluate(NO_SIDEWAYS)


def test_a_person_can_choose_another_country_by_keyboard(page: Page, live_server: Any, shipped: None) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/safety/peer-support/?region=ZA")
    page.get_by_role("link", name="Not in South Africa? Choose your country").press("Enter")
    picker = page.get_by_label("Show help for")
    picker.focus()
    picker.select_option("DE")
    page.get_by_role("button", name="Show").press("Enter")
    expect(page.get_by_role("heading", name="In Germany")).to_be_visible()
    expect(page.get_by_text("[U25]", exact=False).first).to_be_visible()


@pytest.mark.parametrize("family", [False, True], ids=["for-the-person", "for-family"])
def test_crisis_lines_follow_the_country_chosen_here(page: Page, live_server: Any, shipped: None, family: bool) -> None:
    # A partner in the UK, reached from the guide on a server whose lines are the United States':
    # they chose their country here, found nothing for them yet, and followed "they are here".
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme="dark")
    page.goto(f"{live_server.url}/safety/peer-support/" + ("?for=family" if family else ""))
    page.get_by_label("Show help for").select_option("GB")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="In the United Kingdom")).to_be_visible()
    page.get_by_role("link", name="they are here" if family else "crisis lines are here").click()
    expect(page.get_by_text("Emergency number in the United Kingdom")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("link", name="Call 999")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("link", name="Call 911")).to_have_count(0)

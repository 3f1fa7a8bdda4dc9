"""The first minutes after self-harm, and 5-4-3-2-1 grounding, as a person meets them on a phone."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from safety.services import crisis_resources_load
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 375, "height": 812}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_emergency_number_comes_first_and_in_the_first_screen(
    page: Page, live_server: Any, scheme: Literal["light", "dark"]
) -> None:
    crisis_resources_load()
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{live_server.url}/safety/")
    page.get_by_role("link", name="If you have hurt yourself").click()
    expect(page.get_by_role("heading", name="If you have hurt yourself", level=1)).to_be_visible()
    assert page.title() == "Waypoint"

    main = page.locator("main")
    call = main.get_by_role("link", name="Call 911")
    expect(call).to_have_attribute("href", "tel:911")
    box = call.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    assert box["height"] >= 44
    first_heading = main.get_by_role("heading", level=2).first
    expect(first_heading).to_have_text("First, your safety")
    expect(main.get_by_text("Call even if you feel okay.", exact=False)).to_be_visible()
    # Nothing about safety sits behind a disclosure.
    expect(main.locator("details")).to_have_count(0)
    for source in main.locator(".after-sources a").all():
        assert (source.bounding_box() or {"height": 0})["height"] >= 44
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_signed_in_person_reads_the_same_page_with_their_own_routes(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    crisis_resources_load()
    alice.region = "GB"
    alice.save(update_fields=["region"])
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/after/")
    main = page.locator("main")
    expect(main.get_by_role("link", name="Call 999")).to_have_attribute("href", "tel:999")
    expect(main.get_by_role("link", name="People in my safety plan")).to_have_attribute(
        "href", "/safety/plan/#step-people"
    )
    expect(main.get_by_role("link", name="Cuts and grazes (NHS (UK))")).to_have_attribute(
        "href", "https://www.nhs.uk/conditions/cuts-and-grazes/"
    )
    assert_accessible(page)


def test_no_sideways_scroll_at_320px(page: Page, live_server: Any) -> None:
    crisis_resources_load()
    page.set_viewport_size(ViewportSize(width=320, height=640))
    for url in ["/safety/after/", "/safety/grounding/", "/safety/ride-the-wave/talk/", "/safety/ride-the-wave/"]:
        page.goto(f"{live_server.url}{url}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), url


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_grounding_counts_down_through_the_senses(page: Page, live_server: Any, size: str) -> None:
    if size == "phone":
        page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/safety/ride-the-wave/")
    grounding = "Feeling numb or far away? You could try 5-4-3-2-1: notice what is around you"
    page.get_by_role("link", name=grounding).click()
    steps = page.locator(".grounding-steps > li")
    expect(steps).to_have_count(5)
    expect(steps.first).to_contain_text("Five things you can see")
    expect(steps.last).to_contain_text("One thing you can taste")
    # The list counts down, 5 to 1, as people say it.
    assert page.locator(".grounding-steps").evaluate("el => el.reversed") is True
    assert_accessible(page)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_by_keyboard_another_countrys_number_is_one_link_away(page: Page, live_server: Any, size: str) -> None:
    """Someone not in the country shown, keyboard only: the link says where it goes, and Enter
    lands at the crisis page's country picker, the next Tab in its list of countries. It was
    "Somewhere else?", and it opened the crisis page at its top, under the same country's numbers."""
    crisis_resources_load()
    page.set_viewport_size(PHONE if size == "phone" else {"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/safety/after/")
    elsewhere = page.locator("main .after-safety").get_by_role("link", name="Numbers for another country")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Numbers for another country":
            break
    expect(elsewhere).to_be_focused()
    expect(elsewhere).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Somewhere else?")).to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Show help for")).to_be_focused()

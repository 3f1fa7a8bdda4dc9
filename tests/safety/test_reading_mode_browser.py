"""Reading mode in the real browser, on a desktop and on a phone: read the plan, tap Edit, change
a step, save, and read it again with the change; the coping list the same way."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, Literal

import pytest
from playwright.sync_api import Browser, Page, expect

from safety.services import crisis_resources_load, plan_contact_add, plan_step_save
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 375, "height": 812}, "has_touch": True, "is_mobile": True},
}


@pytest.fixture
def open_as_alice(browser: Browser, live_server: Any, alice: Any) -> Iterator[Callable[[str, str], Page]]:
    contexts: list[Any] = []

    def open_page(size: str, scheme: str) -> Page:
        context = browser.new_context(color_scheme=scheme, **SIZES[size])  # type: ignore[arg-type]
        contexts.append(context)
        page = context.new_page()
        sign_in(page, live_server.url, alice.email)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def plan(alice: Any) -> None:
    crisis_resources_load()
    plan_step_save(owner=alice, section="warning_signs", body="Not answering texts", obstacles="Tiredness")
    plan_contact_add(owner=alice, section="people", name="Sam", phone="+44 7700 900123")


def _press(page: Page, target: Any, size: str) -> None:
    target.tap() if size == "phone" else target.click()


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_read_the_plan_edit_a_step_and_read_it_again(
    open_as_alice: Any, live_server: Any, plan: None, size: str, scheme: Literal["light", "dark"]
) -> None:
    page = open_as_alice(size, scheme)
    page.goto(f"{live_server.url}/safety/plan/")
    main = page.get_by_role("main")
    expect(main.locator("#step-warning_signs")).to_contain_text("Not answering texts")
    call = main.get_by_role("link", name="Call +44 7700 900123")
    box = call.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 44
    expect(main.locator("textarea")).to_have_count(0)
    assert_accessible(page)

    # The whole plan opens for editing from "Edit"; a step is changed in place there.
    _press(page, main.get_by_role("link", name="Edit my safety plan").first, size)
    page.wait_for_url(f"{live_server.url}/safety/plan/edit/")
    assert_accessible(page)
    _press(page, page.get_by_role("link", name=re.compile(r"^Edit\W+Warning signs and triggers")), size)
    box_text = page.get_by_label("In your own words")
    expect(box_text).to_be_visible()
    box_text.fill("Not answering texts, and staying in bed")
    _press(page, page.locator("#step-warning_signs").get_by_role("button", name="Save"), size)
    expect(page.locator("#step-warning_signs")).to_contain_text("staying in bed")
    _press(page, page.get_by_role("link", name="Back to my plan"), size)
    page.wait_for_url(f"{live_server.url}/safety/plan/")
    expect(page.locator("#step-warning_signs")).to_contain_text("Not answering texts, and staying in bed")

    # One step straight from reading: saving comes back to reading, at that step.
    _press(page, page.get_by_role("link", name=re.compile(r"Write this step\W+Things I can do on my own")), size)
    page.get_by_label("In your own words").fill("Make a hot chocolate")
    assert_accessible(page)
    _press(page, page.locator("#step-on_my_own").get_by_role("button", name="Save"), size)
    page.wait_for_url(f"{live_server.url}/safety/plan/#step-on_my_own")
    expect(page.locator("#step-on_my_own")).to_contain_text("Make a hot chocolate")
    expect(page.locator("main textarea")).to_have_count(0)
    assert_accessible(page)


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_read_the_coping_list_edit_it_and_read_it_again(
    open_as_alice: Any, live_server: Any, size: str, scheme: Literal["light", "dark"]
) -> None:
    crisis_resources_load()
    page = open_as_alice(size, scheme)
    page.goto(f"{live_server.url}/safety/coping/")
    expect(page.locator("#coping-comfort")).to_contain_text("Wrap up in a soft blanket")
    expect(page.locator("main input")).to_have_count(0)
    assert_accessible(page)
    _press(page, page.get_by_role("link", name="Edit my coping list"), size)
    page.wait_for_url(f"{live_server.url}/safety/coping/edit/")
    page.get_by_label("Add your own to “Comfort”").fill("Stroke the cat")
    _press(page, page.locator("#coping-comfort").get_by_role("button", name="Add"), size)
    expect(page.locator("#coping-comfort input[value='Stroke the cat']")).to_have_count(1)
    _press(page, page.get_by_role("button", name=re.compile(r"Hide\W+Wrap up in a soft blanket")), size)
    expect(page.locator("#coping-comfort")).to_contain_text("1 hidden idea")
    assert_accessible(page)
    _press(page, page.get_by_role("link", name="Back to my coping list"), size)
    page.wait_for_url(f"{live_server.url}/safety/coping/")
    expect(page.locator("#coping-comfort")).to_contain_text("Stroke the cat")
    expect(page.locator("#coping-comfort")).not_to_contain_text("Wrap up in a soft blanket")
    assert_accessible(page)


def test_without_javascript_reading_and_editing_still_work(
    browser: Browser, live_server: Any, alice: Any, plan: None
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 812})
    try:
        page = context.new_page()
        sign_in(page, live_server.url, alice.email)
        page.goto(f"{live_server.url}/safety/plan/")
        page.get_by_role("link", name="Edit my safety plan").first.click()
        page.wait_for_url(f"{live_server.url}/safety/plan/edit/")
        page.get_by_role("link", name=re.compile(r"^Edit\W+Warning signs and triggers")).click()
        page.wait_for_url(f"{live_server.url}/safety/plan/warning_signs/")
        page.get_by_label("In your own words").fill("Not answering texts at all")
        page.locator("#step-warning_signs").get_by_role("button", name="Save").click()
        page.wait_for_url(f"{live_server.url}/safety/plan/edit/#step-warning_signs")
        page.get_by_role("link", name="Back to my plan").click()
        page.wait_for_url(f"{live_server.url}/safety/plan/")
        expect(page.locator("#step-warning_signs")).to_contain_text("Not answering texts at all")
        page.goto(f"{live_server.url}/safety/coping/")
        expect(page.locator("#coping-comfort")).to_contain_text("Wrap up in a soft blanket")
    finally:
        context.close()

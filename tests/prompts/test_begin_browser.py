"""In Chromium, on a phone and a desktop: pressing Begin again on a reflection under way (here from a
tab opened before it began) picks it up with its words, "pick up where you left off" lists it once
with the day it began, and starting fresh asks first and leaves one run behind, not two."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from prompts.models import Run
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = "A long day, then an argument at home"
SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
}


def _open_reflections(page: Page) -> Any:
    return page.locator("section", has=page.get_by_role("heading", name="Pick up where you left off")).locator("li")


def _day_begun(alice: Any) -> str:
    # The day the run itself began, not the day the test looks: a run begun at 23:59:59 is
    # listed as begun that day, whenever the check runs.
    run = Run.objects.get(owner=alice)
    return f"{timezone.localtime(run.started_at):%A %-d %B}"


@pytest.mark.parametrize(("size", "scheme"), [("phone", "dark"), ("desktop", "light")])
def test_begin_again_picks_up_and_starting_fresh_leaves_no_copy(
    browser: Browser, live_server: Any, loaded_library: None, alice: Any, size: str, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme, **SIZES[size])  # type: ignore[arg-type]
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, alice.email)
    page.goto(f"{base}/reflections/")
    page.get_by_role("link", name="After a setback").click()
    sequence_url = page.url
    # The same page in another tab, opened before beginning: its Begin button is now out of date.
    stale = context.new_page()
    stale.goto(sequence_url)

    page.get_by_role("button", name="Begin").click()
    for number in (2, 3):
        page.get_by_role("button", name="Next").click()
        expect(page.locator(".run-progress")).to_have_text(f"Step {number} of 6")
    page.get_by_role("textbox").fill(WORDS)
    page.get_by_role("button", name="Stop here for now").click()
    page.wait_for_url(f"{base}/#messages")
    today = _day_begun(alice)
    expect(_open_reflections(page)).to_have_count(1)
    expect(_open_reflections(page)).to_contain_text(f"started {today}, step 3 of 6")

    stale.get_by_role("button", name="Begin").click()
    expect(stale.get_by_role("status")).to_contain_text("You began this one before. Here is where you left off.")
    expect(stale.locator(".run-progress")).to_have_text("Step 3 of 6")
    expect(stale.get_by_role("textbox")).to_have_value(WORDS)
    assert Run.objects.filter(owner=alice).count() == 1

    page.goto(sequence_url)
    expect(page.get_by_role("heading", name="You have begun this one before")).to_be_visible()
    expect(page.get_by_role("button", name="Begin")).to_have_count(0)
    pick_up = page.get_by_role("link", name="Pick up where you left off")
    expect(pick_up).to_have_accessible_description(f"started {today}, step 3 of 6")
    assert_accessible(page)
    if size == "phone":
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    page.get_by_role("link", name="Begin at the first question instead").click()
    expect(page.get_by_role("heading", name="Begin this reflection at its first question?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, begin at the first question").click()
    expect(page.locator(".run-progress")).to_have_text("Step 1 of 6")
    assert Run.objects.filter(owner=alice).count() == 1
    for shown in (page, stale):
        assert WORDS not in shown.url and WORDS not in shown.title()

    page.goto(f"{base}/")
    expect(_open_reflections(page)).to_have_count(1)
    expect(_open_reflections(page)).to_contain_text(f"started {_day_begun(alice)}, step 1 of 6")
    assert_accessible(page)
    context.close()

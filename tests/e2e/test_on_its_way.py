"""A press sent by htmx shows it is on its way, and pressing again sends nothing more, until it ends."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect

from safety.selectors import plan_for_owner
from tests.e2e.conftest import assert_accessible, phone_signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = "Not answering texts"
OFFLINE = "You seem to be offline. What you wrote is still here. You could try again once the connection is back."


def _hold_the_save(page: Page, base_url: str) -> tuple[Locator, list[Route]]:
    """The plan's first step, written and ready to save, on a line that holds each save until the
    test lets it go. The page counts the saves htmx sends, in the task that sends each."""
    held: list[Route] = []

    def hold(route: Route) -> None:
        if route.request.method == "POST":
            held.append(route)
        else:
            route.continue_()

    page.route("**/safety/plan/warning_signs/", hold)
    page.goto(f"{base_url}/safety/plan/edit/")
    page.evaluate(
        "() => document.body.addEventListener('htmx:beforeSend', (e) => {"
        " if (e.detail.requestConfig.verb === 'post') window.sends = (window.sends || 0) + 1; })"
    )
    step = page.locator("#step-warning_signs")
    step.get_by_role("link", name=re.compile(r"Write this step\W+Warning signs")).click()
    step.get_by_label("In your own words").fill(WORDS)
    return step, held


def _sends(page: Page) -> int:
    return page.evaluate("() => window.sends || 0")


def test_a_slow_save_shows_it_is_on_its_way_and_a_second_press_sends_nothing_more(
    browser: Browser, request: pytest.FixtureRequest, live_server: Any, alice: Any
) -> None:
    page = phone_signed_in(browser, request, live_server.url, alice.email)
    step, held = _hold_the_save(page, live_server.url)
    save = step.get_by_role("button", name="Save")
    save.click()

    expect(save).to_have_attribute("aria-busy", "true")
    # After a moment, a quiet mark on the button itself (a fast answer never shows it).
    page.wait_for_function(
        "b => { const mark = getComputedStyle(b, '::after'); return mark.content !== 'none' && mark.opacity === '1'; }",
        arg=save.element_handle(),
        polling="raf",
        timeout=5000,
    )
    assert_accessible(page)
    save.click()
    expect(step.get_by_role("status")).to_have_text("Still sending…")
    assert _sends(page) == 1

    held[0].continue_()
    expect(step.get_by_text(WORDS)).to_be_visible()
    expect(page.locator("[aria-busy]")).to_have_count(0)
    assert len(held) == 1 and _sends(page) == 1
    assert plan_for_owner(alice).step("warning_signs").body == WORDS


def test_a_save_that_cannot_go_is_no_longer_busy_keeps_the_words_and_does_not_go_again_by_itself(
    browser: Browser, request: pytest.FixtureRequest, live_server: Any, alice: Any
) -> None:
    page = phone_signed_in(browser, request, live_server.url, alice.email)
    step, held = _hold_the_save(page, live_server.url)
    save = step.get_by_role("button", name="Save")
    save.click()
    expect(save).to_have_attribute("aria-busy", "true")
    # Pressed again while the first is on its way: htmx used to queue it, and send it the moment
    # the first could not go.
    save.click()

    held[0].abort()
    expect(step.get_by_role("alert")).to_have_text(OFFLINE)
    expect(save).not_to_have_attribute("aria-busy", "true")
    expect(step.get_by_label("In your own words")).to_have_value(WORDS)
    assert _sends(page) == 1

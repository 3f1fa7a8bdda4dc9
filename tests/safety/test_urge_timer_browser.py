"""Ride the wave in the real browser: the timer, its check-ins, reduced motion, and finishing."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_five_minute_wave_checks_in_and_finishes(signed_in_page: Page, live_server: Any) -> None:
    page = signed_in_page
    page.clock.install()
    page.goto(f"{live_server.url}/safety/ride-the-wave/")
    expect(page.get_by_role("heading", name="Step by step")).to_be_hidden()
    page.get_by_role("button", name="5 minutes", exact=True).click()
    expect(page.locator("[data-breath-cue]")).to_have_text("Breathe in…")
    page.clock.run_for(4_500)
    expect(page.locator("[data-breath-cue]")).to_have_text("Breathe out…")
    assert_accessible(page)

    page.clock.run_for(150_000)
    checkin = page.get_by_role("heading", name="Has it eased?")
    expect(checkin).to_be_visible()
    expect(page.get_by_role("link", name="Switch to an activity")).to_have_attribute("href", "/safety/coping/")
    expect(page.get_by_role("link", name="Open my safety plan")).to_have_attribute("href", "/safety/plan/")
    assert_accessible(page)

    page.get_by_role("link", name="Keep going").click()
    expect(page.locator("[data-wave-running]")).to_be_visible()
    page.clock.run_for(151_000)
    expect(page.get_by_role("heading", name="You stayed with it")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_text("Times you rode the wave: 1")).to_be_visible()
    assert_accessible(page)


def test_the_breathing_circle_stays_still_under_reduced_motion(signed_in_page: Page, live_server: Any) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/ride-the-wave/")
    page.get_by_role("button", name="5 minutes", exact=True).click()
    circle = page.locator("[data-breath-circle]")
    expect(circle).to_have_class("breath-circle breath-in")
    assert circle.evaluate("el => getComputedStyle(el).transitionDuration") == "4s"

    page.emulate_media(reduced_motion="reduce")
    assert circle.evaluate("el => getComputedStyle(el).transitionDuration") in {"0s", "1e-05s"}
    still = circle.evaluate("el => getComputedStyle(el).transform")
    page.evaluate("document.querySelector('[data-breath-circle]').className = 'breath-circle breath-out'")
    assert circle.evaluate("el => getComputedStyle(el).transform") == still
    # The words still pace the breath.
    expect(page.locator("[data-breath-cue]")).to_have_text("Breathe in…")


def test_the_timer_works_by_keyboard_alone(page: Page, live_server: Any) -> None:
    page.goto(f"{live_server.url}/safety/ride-the-wave/")
    page.get_by_role("button", name="15 minutes").focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-wave-remaining]")).to_have_text("15:00")
    page.get_by_role("button", name="Pause").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Carry on")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="You stayed with it")).to_be_visible()
    expect(page.locator("[data-wave-finish]")).to_be_focused()


def test_without_javascript_the_steps_are_plain_pages(browser: Any, live_server: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/safety/ride-the-wave/")
    page.get_by_role("link", name="About 5 minutes", exact=True).click()
    expect(page.get_by_role("heading", name="Notice the urge")).to_be_visible()
    for _ in range(3):
        page.get_by_role("link", name="Next").click()
    expect(page.get_by_role("heading", name="Has it eased?")).to_be_visible()
    page.get_by_role("link", name="Keep going").click()
    expect(page.get_by_role("heading", name="Keep breathing")).to_be_visible()
    context.close()

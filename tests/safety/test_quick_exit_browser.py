"""Leave quickly, in the real browser: the button, Shift three times, and Back not returning."""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from safety.services import plan_step_save

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEUTRAL = "about:blank"


@pytest.fixture
def neutral_exit(settings: Any) -> str:
    settings.QUICK_EXIT_URL = NEUTRAL
    return NEUTRAL


def _assert_signed_out(page: Page, base: str) -> None:
    # The beacon is sent as the page goes; give it a moment to land before checking.
    for _ in range(20):
        page.goto(f"{base}/safety/plan/")
        if "/accounts/login/" in page.url:
            return
        time.sleep(0.1)
    raise AssertionError("Still signed in after leaving quickly")


def test_the_button_covers_the_page_leaves_and_signs_out(
    signed_in_page: Page, live_server: Any, neutral_exit: str
) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/plan/")
    page.get_by_role("link", name="Leave quickly").click()
    page.wait_for_url(NEUTRAL)
    _assert_signed_out(page, live_server.url)


def test_shift_three_times_leaves_and_screen_readers_hear_the_count(
    signed_in_page: Page, live_server: Any, neutral_exit: str
) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/help/")
    status = page.locator("[data-quick-exit-status]")
    page.keyboard.press("Shift")
    expect(status).to_have_text("Shift, press 2 more times to leave.")
    page.keyboard.press("Shift")
    expect(status).to_have_text("Shift, press 1 more time to leave.")
    page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL)
    _assert_signed_out(page, live_server.url)


def test_typing_capital_letters_does_not_leave(signed_in_page: Page, live_server: Any, neutral_exit: str) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/plan/on_my_own/")
    page.get_by_label("In your own words").click()
    for letter in "ABC":
        page.keyboard.press(f"Shift+{letter}")
    expect(page.get_by_label("In your own words")).to_have_value("ABC")
    assert page.url.endswith("/safety/plan/on_my_own/")


def test_back_does_not_show_the_page_you_left(
    signed_in_page: Page, live_server: Any, alice: Any, neutral_exit: str
) -> None:
    plan_step_save(owner=alice, section="warning_signs", body="Words only I should see", obstacles="")
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/plan/")
    expect(page.get_by_text("Words only I should see")).to_be_visible()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL)
    # Back from the neutral site lands on the page before the plan, never on the plan itself:
    # location.replace took it out of the history, and every page is no-store.
    page.go_back()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/"
    assert "Words only I should see" not in page.content()
    _assert_signed_out(page, live_server.url)


def test_without_javascript_the_button_is_a_link_that_signs_out(
    browser: Any, live_server: Any, alice: Any, settings: Any
) -> None:
    settings.QUICK_EXIT_URL = f"{live_server.url}/safety/leave/about/"
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    from tests.e2e.conftest import sign_in

    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/safety/plan/")
    page.get_by_role("link", name="Leave quickly").click()
    page.wait_for_url(settings.QUICK_EXIT_URL)
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    context.close()

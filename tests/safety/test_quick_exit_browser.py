"""Leave quickly, in the real browser: the button, Shift three times, and Back not returning."""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from accounts.sessions import SessionStore, session_id_for
from safety.quick_exit import JUST_LEFT_COOKIE
from safety.services import plan_step_save
from tests.e2e.conftest import soon_in_database

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEUTRAL = "about:blank"


@pytest.fixture
def neutral_exit(settings: Any) -> str:
    settings.QUICK_EXIT_URL = NEUTRAL
    return NEUTRAL


def _session_token(page: Page) -> str:
    return next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "sessionid")


def _assert_signed_out(page: Page, base: str, token: str) -> None:
    # The beacon is sent as the page goes, so no page is left to say it arrived (Playwright counts
    # it failed): its answer is looked for instead. The "just left" cookie it sets comes last, once
    # the session has ended; clearing it before it came left Waypoint sending this browser away.
    deadline = time.monotonic() + 30
    while not any(cookie["name"] == JUST_LEFT_COOKIE for cookie in page.context.cookies()):
        assert time.monotonic() < deadline, "The beacon's answer never reached the browser"
        time.sleep(0.05)
    soon_in_database(lambda: not SessionStore().exists(session_id_for(token)), what="The sign out")
    # Past the few minutes in which Waypoint sends this browser to the everyday site.
    page.context.clear_cookies(name=JUST_LEFT_COOKIE)
    page.goto(f"{base}/safety/plan/")
    assert "/accounts/login/" in page.url


def test_the_button_covers_the_page_leaves_and_signs_out(
    signed_in_page: Page, live_server: Any, neutral_exit: str
) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/plan/")
    token = _session_token(page)
    page.get_by_role("button", name="Leave quickly").click()
    page.wait_for_url(NEUTRAL)
    _assert_signed_out(page, live_server.url, token)


def test_shift_three_times_leaves_and_screen_readers_hear_the_count(
    signed_in_page: Page, live_server: Any, neutral_exit: str
) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/help/")
    token = _session_token(page)
    status = page.locator("[data-quick-exit-status]")
    page.keyboard.press("Shift")
    expect(status).to_have_text("Shift, press 2 more times to leave.")
    page.keyboard.press("Shift")
    expect(status).to_have_text("Shift, press 1 more time to leave.")
    page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL)
    _assert_signed_out(page, live_server.url, token)


def test_typing_capital_letters_does_not_leave(signed_in_page: Page, live_server: Any, neutral_exit: str) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/plan/on_my_own/")
    page.get_by_label("In your own words").click()
    for letter in "ABC":
        page.keyboard.press(f"Shift+{letter}")
    expect(page.get_by_label("In your own words")).to_have_value("ABC")
    assert page.url.endswith("/safety/plan/on_my_own/")


def _neutral_on_this_server(settings: Any, live_server: Any) -> str:
    # Static files are never bounced, so one stands in for "an everyday site" the browser can reach.
    settings.QUICK_EXIT_URL = f"{live_server.url}/static/favicon.svg"
    return str(settings.QUICK_EXIT_URL)


@pytest.mark.parametrize("key", ["Space", "Enter"])
def test_the_button_leaves_on_space_and_enter(
    signed_in_page: Page, live_server: Any, neutral_exit: str, key: str
) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/")
    token = _session_token(page)
    page.get_by_role("button", name="Leave quickly").focus()
    page.keyboard.press(key)
    page.wait_for_url(NEUTRAL)
    _assert_signed_out(page, live_server.url, token)


def test_leaving_opens_the_everyday_site_in_a_tab_with_no_history(
    signed_in_page: Page, live_server: Any, settings: Any
) -> None:
    neutral = _neutral_on_this_server(settings, live_server)
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/plan/")
    with page.context.expect_page() as new_tab:
        page.get_by_role("button", name="Leave quickly").click()
    tab = new_tab.value
    tab.wait_for_load_state()
    assert tab.url == neutral
    # A fresh tab: Back has nowhere to go.
    assert tab.evaluate("history.length") == 1
    page.wait_for_url(neutral)


def test_back_after_leaving_shows_the_everyday_site_not_waypoint(
    signed_in_page: Page, live_server: Any, alice: Any, settings: Any
) -> None:
    neutral = _neutral_on_this_server(settings, live_server)
    plan_step_save(owner=alice, section="warning_signs", body="Words only I should see", obstacles="")
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/")
    page.goto(f"{live_server.url}/safety/plan/")
    expect(page.get_by_text("Words only I should see")).to_be_visible()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(neutral)
    # Back asks the server for the earlier Waypoint page again (every page is no-store), and for a
    # few minutes after leaving the server answers with the everyday site.
    for _ in range(2):
        page.go_back()
        page.wait_for_load_state()
        assert page.url == neutral
        assert "Waypoint" not in page.content()
        assert "Words only I should see" not in page.content()


def test_without_javascript_space_and_enter_sign_out_and_back_shows_the_everyday_site(
    browser: Any, live_server: Any, alice: Any, settings: Any, request: pytest.FixtureRequest
) -> None:
    neutral = _neutral_on_this_server(settings, live_server)
    from tests.e2e.conftest import sign_in

    for key in ("Space", "Enter"):
        context = browser.new_context(java_script_enabled=False)
        request.addfinalizer(context.close)  # closed even if a check fails
        page = context.new_page()
        sign_in(page, live_server.url, alice.email)
        page.goto(f"{live_server.url}/safety/plan/")
        page.get_by_role("button", name="Leave quickly").focus()
        page.keyboard.press(key)
        page.wait_for_url(neutral)
        page.go_back()
        page.wait_for_load_state()
        assert page.url == neutral
        page.goto(f"{live_server.url}/static/favicon.svg")
        context.clear_cookies(name="wp_away")
        page.goto(f"{live_server.url}/safety/plan/")
        assert "/accounts/login/" in page.url  # signed out, and Waypoint opens again once the bounce ends


def test_without_javascript_the_button_reaches_an_everyday_site_elsewhere(
    browser: Any, live_server: Any, alice: Any, settings: Any, request: pytest.FixtureRequest
) -> None:
    # The everyday site is always another site. The page's CSP allows forms to go only to Waypoint
    # (form-action 'self'), and the browser holds a form's redirect to it: a redirect there was
    # blocked, and the person stayed on the page they wanted gone.
    elsewhere = live_server.url.replace("localhost", "127.0.0.1")
    if elsewhere == live_server.url:
        elsewhere = live_server.url.replace("127.0.0.1", "localhost")
    neutral = settings.QUICK_EXIT_URL = f"{elsewhere}/static/favicon.svg"
    from tests.e2e.conftest import sign_in

    context = browser.new_context(java_script_enabled=False)
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/safety/plan/")
    page.get_by_role("button", name="Leave quickly").click()
    page.wait_for_url(neutral)
    context.clear_cookies(name="wp_away")
    page.goto(f"{live_server.url}/safety/plan/")
    assert "/accounts/login/" in page.url


SHIFT = "Pressing the Shift key three times in a row does the same"
NEW_TAB = "The everyday website also opens in a new tab"


def test_without_javascript_the_page_about_leaving_promises_no_shift_key_or_new_tab(
    browser: Any, live_server: Any, request: pytest.FixtureRequest
) -> None:
    # Both are safety.js's. With JavaScript off, someone who read that Shift three times would leave
    # pressed it in a hard moment and nothing happened; what the button does then is said instead.
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 812})
    request.addfinalizer(context.close)
    page = context.new_page()
    page.goto(f"{live_server.url}/safety/leave/about/")
    expect(page.get_by_text(SHIFT)).to_be_hidden()
    expect(page.get_by_text(NEW_TAB)).to_be_hidden()
    expect(page.get_by_text("If your browser blocks new tabs")).to_be_hidden()
    # Playwright's text search skips <noscript>, so the note is found by where it is.
    note = page.locator("main noscript p")
    expect(note).to_have_count(1)
    assert "the Shift key does nothing here" in note.inner_text()
    assert "opens the everyday website in this tab only" in note.inner_text()


def test_with_javascript_the_page_about_leaving_names_the_shift_key_and_new_tab(page: Page, live_server: Any) -> None:
    page.goto(f"{live_server.url}/safety/leave/about/")
    expect(page.get_by_text(SHIFT)).to_be_visible()
    expect(page.get_by_text(NEW_TAB)).to_be_visible()
    expect(page.get_by_text("If your browser blocks new tabs")).to_be_visible()
    expect(page.locator("main noscript")).to_have_count(1)  # in the page's source, never shown
    expect(page.get_by_text("the Shift key does nothing here")).to_have_count(0)

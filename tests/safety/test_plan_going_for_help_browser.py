"""A safety plan step half written when the person taps "Get help now": nothing asks first, and the
words are there when they come back."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from safety.selectors import plan_for_owner
from safety.services import plan_step_save
from tests.e2e.conftest import phone_signed_in, sign_in, soon_in_database

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_half_written_plan_step_is_kept_when_going_for_help(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    page = phone_signed_in(browser, request, live_server.url, alice.email)
    page.goto(f"{live_server.url}/safety/plan/on_my_own/")
    page.locator("#id_on_my_own_body").press_sequentially("Go for a walk, put on")

    page.locator("#crisis-strip").get_by_role("link", name="Get help now").tap()
    expect(page).to_have_url(f"{live_server.url}/safety/help/")
    # The words went with the page as it left (a beacon, which no page reports back).
    soon_in_database(lambda: plan_for_owner(alice).step("on_my_own").body, what="the half-written step")
    page.go_back()
    # Back showed the plan without them: the words typed in a hard moment were gone.
    expect(page.locator("#step-on_my_own")).to_contain_text("Go for a walk, put on")


def test_going_for_help_never_replaces_the_step_saved_in_another_tab_since(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/safety/plan/on_my_own/")
    # Meanwhile, in another tab, the step was written and saved in full.
    plan_step_save(owner=alice, section="on_my_own", body="Call Sam, then a walk by the river", obstacles="")
    page.locator("#id_on_my_own_body").press_sequentially("Go for")

    page.locator("#crisis-strip").get_by_role("link", name="Get help now").tap()
    expect(page).to_have_url(f"{live_server.url}/safety/help/")
    # The beacon's answer reaches no page: wait for the server's refusal, or for the step to change.
    saved = "Call Sam, then a walk by the river"
    soon_in_database(
        lambda: (
            any("Conflict: /safety/plan/on_my_own/" in r.getMessage() for r in caplog.records)
            or plan_for_owner(alice).step("on_my_own").body != saved
        ),
        what="the server's answer to the step sent going for help",
    )
    # The older, half-written words had replaced the whole step saved in the other tab.
    assert plan_for_owner(alice).step("on_my_own").body == saved

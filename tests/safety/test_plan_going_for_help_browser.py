"""A safety plan step half written when the person taps "Get help now": nothing asks first, and the
words are there when they come back."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.signals import request_started
from playwright.sync_api import Browser, expect

from safety.selectors import plan_for_owner
from safety.services import plan_step_save
from tests.e2e.conftest import phone_signed_in, sign_in, soon_in_database, stay_when_asked

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


def test_leaving_quickly_from_a_plan_that_came_back_sends_none_of_its_words(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest, settings: Any
) -> None:
    settings.QUICK_EXIT_URL = "about:blank"
    # A beacon sent as its page goes is lost to Playwright (no request, or only the one before it):
    # what reaches the server is what was sent.
    arrived: list[str] = []

    def note(environ: dict[str, str], **kwargs: Any) -> None:
        arrived.append(f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}")

    request_started.connect(note)
    request.addfinalizer(lambda: request_started.disconnect(note))
    page = phone_signed_in(browser, request, live_server.url, alice.email)
    page.goto(f"{live_server.url}/safety/plan/on_my_own/")
    page.locator("#id_on_my_own_body").press_sequentially("Go for a walk, put on")
    # A phone's Back can show the plan again from its back-forward cache, as it was, a moment after
    # "Get help now". This Chromium keeps the page out of that cache (the session cookie is renewed
    # as the person types), so the trip is played with what a browser does: the help page is held
    # back (a 204 leaves the page where it is), and the page hears the two events of going into the
    # cache and coming back out of it. Its clocks stop in there: it comes back still going for help.
    page.route(f"{live_server.url}/safety/help/", lambda route: route.fulfill(status=204))
    page.locator("#crisis-strip").get_by_role("link", name="Get help now").tap()
    page.evaluate("dispatchEvent(new PageTransitionEvent('pagehide', {persisted: true}))")
    sent = "POST /safety/plan/on_my_own/"
    soon_in_database(lambda: sent in arrived, what="the words sent going for help")
    page.evaluate("dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")

    arrived.clear()
    # Heard after every listener of the page's own as it goes, so it arrives after all they send.
    page.evaluate("addEventListener('pagehide', () => navigator.sendBeacon('/favicon.ico'))")
    page.locator("#crisis-strip").get_by_role("button", name="Leave quickly").tap()
    page.wait_for_url("about:blank")
    soon_in_database(lambda: "POST /favicon.ico" in arrived, what="the page's last beacon")
    assert sent not in arrived


def test_a_plan_step_back_from_the_cache_asks_before_leaving_only_words_not_sent(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    page = phone_signed_in(browser, request, live_server.url, alice.email)
    page.clock.install()
    page.goto(f"{live_server.url}/safety/plan/on_my_own/")
    box = page.locator("#id_on_my_own_body")
    box.fill("Go for a walk, put on")
    # The cache trip as above, with the page's clocks stopped as they are in the cache: coming back
    # moments after "Get help now", the page was still marked as going for help.
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    page.route(f"{live_server.url}/safety/help/", lambda route: route.fulfill(status=204))
    page.locator("#crisis-strip").get_by_role("link", name="Get help now").tap()
    page.evaluate("dispatchEvent(new PageTransitionEvent('pagehide', {persisted: true}))")
    soon_in_database(lambda: plan_for_owner(alice).step("on_my_own").body, what="the words sent going for help")
    # Back in sight with no connection, the page cannot ask the server whether the words it sent
    # landed; once the connection is back it can, and they did.
    page.context.set_offline(True)
    with page.expect_event("requestfailed", lambda sent: sent.url.endswith("/safety/plan/on_my_own/")):
        page.evaluate("dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    page.context.set_offline(False)
    expect(box).to_have_js_property("defaultValue", "Go for a walk, put on")

    asked = stay_when_asked(page)
    box.press_sequentially(" my coat")
    page.get_by_role("link", name="Back to my plan").click(no_wait_after=True)
    # Words typed since are not sent: leaving asks (it did not, the page still marked as going for help).
    assert asked == ["beforeunload"]
    # Only what is already in the plan is left: leaving asked "Leave site?" about it all the same.
    box.fill("Go for a walk, put on")
    page.on("dialog", lambda dialog: pytest.fail(f"asked before leaving words already sent: {dialog.type}"))
    page.get_by_role("link", name="Back to my plan").click()
    expect(page).to_have_url(f"{live_server.url}/safety/plan/")
    expect(page.get_by_text("Go for a walk, put on")).to_be_visible()

"""A hard evening, in the real browser: check in, begin "after a setback", stop, come back, finish."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from accounts.sessions import SessionStore, session_id_for
from journal.models import Entry
from prompts.models import Run
from prompts.selectors import run_answers
from tests.e2e.conftest import assert_accessible, phone_signed_in, sign_in, soon_in_database, stay_when_asked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in_page(page: Page, live_server: Any, alice: Any) -> Page:
    sign_in(page, live_server.url, alice.email)
    return page


def write_and_let_the_page_say_so(page: Page, words: str) -> None:
    """Type into the step, and wait for the page's "still here" to the server (sent on the first
    typing, waypoint.js) to finish: a test that then clears the session cookie raced its answer,
    which set the cookie again, so Next went through signed in."""
    with page.expect_request_finished(lambda request: "/still-here/" in request.url):
        page.get_by_role("textbox").fill(words)


def next_step(page: Page, number: int) -> None:
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".run-progress")).to_have_text(f"Step {number} of 6")
    # After htmx swaps the step in, keyboard and screen-reader users start at its question.
    expect(page.locator("#step-heading")).to_be_focused()


def test_after_a_setback_from_the_home_page_to_the_journal(
    signed_in_page: Page, live_server: Any, loaded_library: None, alice: Any
) -> None:
    page = signed_in_page
    base = live_server.url
    assert_accessible(page)

    page.get_by_label("Self-harm happened", exact=True).check()
    page.get_by_role("button", name="Suggest something gentle").click()
    expect(page.locator("#checkin-heading")).to_be_focused()
    assert_accessible(page)
    page.get_by_role("link", name="After a setback").click()

    # One content note for the whole reflection, before it begins; every card after it is open.
    expect(page.locator(".content-note")).to_contain_text("mentions self-harm")
    assert_accessible(page)
    page.get_by_role("button", name="Begin").click()
    expect(page.locator(".run-progress")).to_have_text("Step 1 of 6")
    expect(page.get_by_role("heading", name="Your body comes first")).to_be_visible()
    expect(page.get_by_text("Call the emergency number now if you are bleeding a lot.")).to_be_visible()
    expect(page.get_by_role("link", name="I'm not safe right now")).to_be_visible()
    expect(page.locator("#crisis-strip")).to_be_visible()
    assert_accessible(page)

    next_step(page, 2)
    expect(page.get_by_text("It can take courage to write after self-harm.")).to_be_visible()
    expect(page.locator("main details")).to_have_count(0)
    assert_accessible(page)

    next_step(page, 3)
    assert_accessible(page)
    # Keyboard alone: from the question, Tab reaches the answer box, then the Next button.
    page.keyboard.press("Tab")
    expect(page.get_by_role("textbox")).to_be_focused()
    page.keyboard.type("A long day, then an argument at home")
    page.get_by_role("button", name="Stop here for now").click()

    page.wait_for_url(f"{base}/#messages")
    expect(page.get_by_text("Pick up where you left off")).to_be_visible()
    assert_accessible(page)

    # The next day: signed out, signed back in, the reflection waits on the home page.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, alice.email)
    page.get_by_role("link", name="After a setback", exact=True).click()
    expect(page.locator(".run-progress")).to_have_text("Step 3 of 6")
    expect(page.get_by_role("textbox")).to_have_value("A long day, then an argument at home")

    page.get_by_role("button", name="Skip this one").click()
    expect(page.locator(".run-progress")).to_have_text("Step 4 of 6")
    page.get_by_role("button", name="Back").click()
    expect(page.locator(".run-progress")).to_have_text("Step 3 of 6")
    expect(page.get_by_role("textbox")).to_have_value("A long day, then an argument at home")

    next_step(page, 4)
    assert_accessible(page)
    next_step(page, 5)
    page.get_by_role("textbox").fill("You are doing your best, and that is enough tonight.")
    assert_accessible(page)
    next_step(page, 6)
    page.get_by_role("textbox").fill("Sleep early and text Jo")
    assert_accessible(page)
    page.get_by_role("button", name="Finish").click()

    expect(page.locator("#step-heading")).to_have_text("Thank you")
    expect(page.locator(".kindness-card")).to_contain_text("What you have learned is yours to keep.")
    assert_accessible(page)
    assert Entry.objects.filter(owner=alice, kind=Entry.Kind.REFLECTION).count() == 1

    page.get_by_role("link", name="Go to your journal").click()
    expect(page.get_by_text("A long day, then an argument at home")).to_be_visible()


def test_a_reflection_works_with_javascript_off(
    browser: Browser, live_server: Any, loaded_library: None, alice: Any
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, alice.email)

    page.get_by_role("link", name="Try a gentle reflection").click()
    page.get_by_role("link", name="Small victories").click()
    page.get_by_role("button", name="Begin").click()
    expect(page.locator(".run-progress")).to_have_text("Step 1 of 4")
    page.get_by_role("textbox").fill("I answered one email")
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".run-progress")).to_have_text("Step 2 of 4")
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_role("textbox")).to_have_value("I answered one email")
    page.get_by_role("button", name="Next").click()
    for number in range(2, 5):
        expect(page.locator(".run-progress")).to_have_text(f"Step {number} of 4")
        page.get_by_role("button", name="Skip this one").click()
    expect(page.locator("#step-heading")).to_have_text("Thank you")
    entry = Entry.objects.get(owner=alice, kind=Entry.Kind.REFLECTION)
    # The whole page, as without JavaScript: the link opens this reflection, not the journal's list.
    page.get_by_role("link", name="Go to your journal").click()
    expect(page).to_have_url(f"{base}/journal/{entry.id}/")
    context.close()


def test_the_pause_guides_breathing_and_the_note_can_be_copied(
    signed_in_page: Page, live_server: Any, loaded_library: None
) -> None:
    page = signed_in_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("link", name="Try a gentle reflection").click()
    page.get_by_role("link", name="Ride the wave").click()
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".run-progress")).to_have_text("Step 2 of 8")
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-heading")).to_have_text("Breathe with the wave")
    page.get_by_role("button", name="Breathe with a guide for about 2 minutes").click()
    expect(page.locator("[data-breath-cue]")).to_have_text("Breathe in")
    assert_accessible(page)

    page.get_by_role("link", name="Reflections").click()
    page.get_by_role("link", name="Getting ready to talk to someone you trust").click()
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("textbox").fill("Robin, my aunt")
    page.get_by_role("button", name="Next").click()
    for number in range(2, 8):
        expect(page.locator(".run-progress")).to_have_text(f"Step {number} of 7")
        page.get_by_role("button", name="Skip this one").click()
    expect(page.locator("#note-text")).to_contain_text("Robin, my aunt")
    page.get_by_role("button", name="Copy the note").click()
    expect(page.locator("[data-copy-status]")).to_have_text("Copied. It is only on your clipboard now.")
    assert "Robin, my aunt" in page.evaluate("navigator.clipboard.readText()")
    assert_accessible(page)
    page.get_by_role("link", name="Open a printable page").click()
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    assert_accessible(page)


def test_the_breathing_guide_started_by_keyboard_keeps_focus_on_what_it_says(
    browser: Browser, live_server: Any, loaded_library: None, alice: Any, request: pytest.FixtureRequest
) -> None:
    # At night on a phone with a keyboard or a screen reader: "Breathe with a guide" hides itself as
    # it starts. Focus goes to the guide's words, not to the page's <body> (where a screen reader
    # starts again from the top); when it is done, Tab reaches "Next" as before.
    page = phone_signed_in(browser, request, live_server.url, alice.email, width=375, height=812)
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{live_server.url}/reflections/")
    page.get_by_role("link", name="Ride the wave").click()
    page.get_by_role("button", name="Begin").press("Enter")
    page.get_by_role("button", name="Next").press("Enter")
    expect(page.locator(".run-progress")).to_have_text("Step 2 of 8")
    page.get_by_role("button", name="Next").press("Enter")
    expect(page.locator("#step-heading")).to_have_text("Breathe with the wave")

    page.get_by_role("button", name="Breathe with a guide for about 2 minutes").press("Enter")
    cue = page.locator("[data-breath-cue]")
    expect(cue).to_have_text("Breathe in")
    expect(cue).to_be_focused()
    assert cue.evaluate("el => el.matches(':focus-visible')"), "no focus ring where focus is"
    # Nothing moves with reduced motion: the circle stays as it is while the words pace the breath.
    circle = page.locator("[data-breath-circle]")
    breathing_in = circle.evaluate("el => getComputedStyle(el).transform")
    expect(cue).to_have_text("Breathe out")
    assert circle.evaluate("el => getComputedStyle(el).transform") == breathing_in
    expect(cue).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Next")).to_be_focused()
    assert_accessible(page)


def test_words_typed_on_a_step_are_kept_when_the_tab_is_closed(
    signed_in_page: Page, live_server: Any, loaded_library: None, alice: Any
) -> None:
    """Mostly on a phone at night: the tab closed (or the phone put down) mid-answer, no Next."""
    page = signed_in_page
    base = live_server.url
    page.goto(f"{base}/reflections/")
    page.get_by_role("link", name="Small victories").click()
    page.get_by_role("button", name="Begin").click()
    expect(page.locator(".run-progress")).to_have_text("Step 1 of 4")
    run_url = page.url
    page.get_by_role("textbox").fill("Walked to the shop 🌱 مشيت")
    run = Run.objects.get(owner=alice)
    page.close(run_before_unload=True)

    # The beacon outlives the tab; the answer lands on its step, which the run still waits at.
    def kept() -> bool:
        run.refresh_from_db()
        return run_answers(run).get("0") == "Walked to the shop 🌱 مشيت"

    soon_in_database(kept, what="The answer sent as the tab closed")
    assert run.position == 0

    again = page.context.new_page()
    again.goto(run_url)
    expect(again.locator(".run-progress")).to_have_text("Step 1 of 4")
    expect(again.get_by_role("textbox")).to_have_value("Walked to the shop 🌱 مشيت")
    # Kept on the server only, never in the browser's storage.
    stored = again.evaluate("() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
    assert "shop" not in stored


def test_leave_quickly_keeps_the_answer_typed_on_a_step_and_signs_out(
    browser: Browser, live_server: Any, loaded_library: None, alice: Any, request: pytest.FixtureRequest, settings: Any
) -> None:
    """After a setback, on a phone at night: someone comes in mid-answer, and the person taps Leave.
    The sign-out beacon went beside the step's and landed first: the answer met a signed-out server."""
    settings.QUICK_EXIT_URL = "about:blank"
    page = phone_signed_in(browser, request, live_server.url, alice.email, width=375, height=812)
    page.goto(f"{live_server.url}/reflections/")
    page.get_by_role("link", name="Small victories").click()
    page.get_by_role("button", name="Begin").click()
    expect(page.locator(".run-progress")).to_have_text("Step 1 of 4")
    token = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "sessionid")
    page.get_by_role("textbox").press_sequentially("I asked for help")
    run = Run.objects.get(owner=alice)
    # The phone's clock two minutes fast: "just left" went by it, and Back showed the sign-in page.
    page.clock.set_system_time(datetime.now(UTC) + timedelta(minutes=2))
    page.locator("#crisis-strip").get_by_role("button", name="Leave quickly").tap()
    page.wait_for_url("about:blank")

    def kept() -> bool:
        run.refresh_from_db()
        return run_answers(run).get("0") == "I asked for help"

    soon_in_database(kept, what="The answer typed before leaving")
    soon_in_database(lambda: not SessionStore().exists(session_id_for(token)), what="The sign out")
    for _ in range(50):  # the beacon's answer marks "just left": Back goes to the everyday site
        if any(cookie["name"] == "wp_away" for cookie in page.context.cookies()):
            break
        page.wait_for_timeout(100)
    assert any(cookie["name"] == "wp_away" for cookie in page.context.cookies()), "Just left, for Back"


def test_a_step_sent_without_a_connection_says_so_and_keeps_the_words(
    signed_in_page: Page, live_server: Any, loaded_library: None, alice: Any
) -> None:
    """On a phone at night the connection drops: Next must not seem to do nothing."""
    page = signed_in_page
    page.goto(f"{live_server.url}/reflections/")
    page.get_by_role("link", name="Small victories").click()
    page.get_by_role("button", name="Begin").click()
    expect(page.locator(".run-progress")).to_have_text("Step 1 of 4")
    notice = page.get_by_role("alert").filter(has_text="You seem to be offline")
    expect(notice).to_be_hidden()
    write_and_let_the_page_say_so(page, "A walk in the rain")

    page.context.set_offline(True)
    page.get_by_role("button", name="Next").click()
    expect(notice).to_be_visible()
    expect(page.locator(".run-progress")).to_have_text("Step 1 of 4")
    expect(page.get_by_role("textbox")).to_have_value("A walk in the rain")
    assert_accessible(page)

    # Back online, but signed out meanwhile: only the notice that is true now stays.
    page.context.set_offline(False)
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("You were signed out to keep your journal private.")).to_be_visible()
    expect(notice).to_be_hidden()
    page.get_by_role("button", name="Show what I wrote").click()  # kept out of sight until asked
    expect(page.get_by_role("textbox")).to_have_value("A walk in the rain")


def test_leaving_a_step_with_no_connection_asks_first_and_online_it_does_not(
    signed_in_page: Page, live_server: Any, loaded_library: None
) -> None:
    """Offline the beacon that keeps an unsent answer is lost too: closing the app, a link or Back
    took the words with nothing said. Then the browser's own "Leave site?" asks first."""
    page = signed_in_page
    page.goto(f"{live_server.url}/reflections/")
    page.get_by_role("link", name="Small victories").click()
    page.get_by_role("button", name="Begin").click()
    expect(page.locator(".run-progress")).to_have_text("Step 1 of 4")
    page.get_by_role("textbox").fill("A walk in the rain")
    page.context.set_offline(True)
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("alert").filter(has_text="You seem to be offline")).to_be_visible()

    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()  # "Stay"

    page.on("dialog", answer)
    with page.expect_event("dialog"):
        page.close(run_before_unload=True)
    assert asked == ["beforeunload"]
    expect(page.get_by_role("textbox")).to_have_value("A walk in the rain")

    # Back online, the beacon keeps the words again: closing asks nothing.
    page.context.set_offline(False)
    page.evaluate("() => new Promise(r => navigator.onLine ? r() : addEventListener('online', r, {once: true}))")
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    assert asked == ["beforeunload"]


def test_words_stay_on_the_step_when_the_session_has_ended_before_next(
    signed_in_page: Page, live_server: Any, loaded_library: None
) -> None:
    """Signed out meanwhile (the session ran out, or signing out in another tab): Next keeps the
    step and its words on the page and says how to carry on."""
    page = signed_in_page
    page.goto(f"{live_server.url}/reflections/")
    page.get_by_role("link", name="Small victories").click()
    page.get_by_role("button", name="Begin").click()
    expect(page.locator(".run-progress")).to_have_text("Step 1 of 4")
    write_and_let_the_page_say_so(page, "Made soup for my sister")
    page.context.clear_cookies(name="sessionid")

    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("You were signed out to keep your journal private.")).to_be_visible()
    expect(page.get_by_role("textbox")).to_be_hidden()  # out of sight of whoever passes the screen
    page.get_by_role("button", name="Show what I wrote").click()
    expect(page.locator(".run-progress")).to_have_text("Step 1 of 4")
    expect(page.get_by_role("textbox")).to_have_value("Made soup for my sister")
    expect(page.get_by_role("heading", name="Sign in to your journal")).to_have_count(0)

    # Going elsewhere now would lose the words with nothing said: the browser asks first.
    asked = stay_when_asked(page)
    run_url = page.url
    with page.expect_event("dialog"):
        page.get_by_role("link", name="Reflections", exact=True).first.click()
    assert asked == ["beforeunload"]
    expect(page).to_have_url(run_url)
    expect(page.get_by_role("textbox")).to_have_value("Made soup for my sister")


def test_an_answer_too_long_to_keep_takes_focus_to_the_box_and_its_message(
    signed_in_page: Page, live_server: Any, loaded_library: None
) -> None:
    """Next with an over-long answer re-shows the step with a message. Focus used to land on the
    question again, as after a real Next, so a screen reader said only the question and a keyboard
    user could not tell the step had not moved on."""
    page = signed_in_page
    page.goto(f"{live_server.url}/reflections/")
    page.get_by_role("link", name="After a setback").click()
    page.get_by_role("button", name="Begin").click()
    next_step(page, 2)
    next_step(page, 3)
    words = "The house was loud. " * 1001
    page.get_by_role("textbox").fill(words)
    page.get_by_role("button", name="Next").click()

    box = page.get_by_role("textbox")
    expect(box).to_be_focused()
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_accessible_description(re.compile("longer than one answer can hold"))
    expect(page.locator(".run-progress")).to_have_text("Step 3 of 6")
    assert box.input_value().strip() == words.strip(), "the words typed are still in the box"
    assert_accessible(page)

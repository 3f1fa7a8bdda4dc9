from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import Page, Request, expect

from accounts.middleware import LAST_SEEN_KEY
from accounts.sessions import SessionStore
from journal.models import Entry
from journal.selectors import entry_texts
from prompts.models import Sequence
from prompts.services import run_start
from tests.e2e.conftest import (
    assert_accessible,
    between_requests,
    sign_in,
    soon_in_database,
    the_page_says_still_here,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=1, SESSION_IDLE_WARNING_SECONDS=57)
def test_a_gentle_warning_comes_before_the_lock_and_stay_keeps_the_session(
    signed_in_page: Page, live_server: Any
) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/account/settings/")
    dialog = page.get_by_role("dialog", name="Still there?")
    expect(dialog).to_be_visible(timeout=10_000)
    assert_accessible(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    page.reload()
    expect(page.locator("main h1")).to_have_text("Settings")


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=1, SESSION_IDLE_WARNING_SECONDS=57)
def test_escape_on_the_warning_keeps_the_session_as_stay_does(signed_in_page: Page, live_server: Any) -> None:
    # Escape closed the warning without a word to the server: a keyboard user who answered
    # "Still there?" the usual way saw it go, and was signed out a minute later all the same.
    page = signed_in_page
    page.goto(f"{live_server.url}/account/settings/")
    dialog = page.get_by_role("dialog", name="Still there?")
    expect(dialog).to_be_visible(timeout=10_000)
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    with page.expect_request(lambda request: request.url.endswith(reverse("accounts:still_here"))) as asked:
        page.keyboard.press("Escape")
    assert asked.value.method == "POST"
    expect(dialog).to_be_hidden()
    expect(page.locator("main h1")).to_have_text("Settings")


SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 812}}


@pytest.mark.parametrize("size", ["desktop", "phone"])
@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=1, SESSION_IDLE_WARNING_SECONDS=57)
def test_while_the_warning_covers_the_page_leave_and_help_are_one_tap_away(
    signed_in_page: Page, live_server: Any, settings: Any, size: str
) -> None:
    # The warning is modal: everything behind it, the strip's Leave and help too, cannot be reached.
    settings.QUICK_EXIT_URL = "about:blank"
    page = signed_in_page
    page.set_viewport_size(SIZES[size])  # type: ignore[arg-type]
    page.goto(f"{live_server.url}/account/settings/")
    dialog = page.get_by_role("dialog", name="Still there?")
    expect(dialog).to_be_visible(timeout=10_000)
    expect(dialog.get_by_role("link", name="Get help now")).to_have_attribute("href", "/safety/help/")
    leave = dialog.get_by_role("button", name="Leave quickly")
    box = leave.bounding_box()
    assert box is not None and box["height"] >= 44
    assert_accessible(page)
    leave.click()
    page.wait_for_url("about:blank")


def _last_seen(page: Page, seconds_ago: int) -> None:
    """As if the person's last request was this long ago (the server's idle clock).

    With a one-minute lock the page asks idle_status seconds after it loads, and while someone has
    typed lately it asks again and sends "still here" every few seconds: one may be on its way now.
    This waits for it, so the two never meet on SQLite's one connection ("no such savepoint"), nor
    does its save of the session it read put back the time this sets."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    with between_requests():
        session = SessionStore.from_cookie(token)
        session[LAST_SEEN_KEY] = int(time.time()) - seconds_ago
        session.save()


@pytest.mark.parametrize("answer", ["Stay signed in", "Escape"])
@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=1, SESSION_IDLE_WARNING_SECONDS=57)
def test_staying_as_the_lock_falls_locks_the_page_with_the_server(
    signed_in_page: Page, live_server: Any, answer: str
) -> None:
    """The warning stays up a moment past the lock's second (the page asks again a second after).
    "Stay signed in" pressed then met the lock on the server, yet the page closed the warning and
    went on as if signed in, its next look a whole period later."""
    page = signed_in_page
    page.clock.install()
    page.goto(f"{live_server.url}/account/settings/")
    dialog = page.get_by_role("dialog", name="Still there?")
    expect(dialog).to_be_visible(timeout=10_000)
    # The page's clock stops here: it only moves on when the test says, so no later look of its
    # own can lock it instead; only the answer to "Stay" can.
    page.clock.pause_at(page.evaluate("Date.now()") + 100)
    _last_seen(page, 60)  # the lock's very second, on the server
    if answer == "Escape":
        page.keyboard.press("Escape")
    else:
        dialog.get_by_role("button", name="Stay signed in").click()
    expect(page).to_have_url(re.compile(r"/account/locked/"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _daily_notes(alice: Any) -> list[str]:
    # The page has moved on by now; the note it sent is looked for until it is there.
    return soon_in_database(
        lambda: [entry_texts(user=alice, entry=e).body for e in Entry.objects.filter(owner=alice)], what="The note"
    )


@pytest.fixture
def reflection(transactional_db: None, alice: Any) -> str:
    """A reflection whose first step asks for written words, begun by Alice."""
    call_command("prompts_load", verbosity=0)
    run = run_start(owner=alice, sequence=Sequence.objects.get(clinic_key="", slug="pause-for-kindness"))
    return reverse("prompts:run", kwargs={"run_id": run.id})


@pytest.mark.parametrize("size", ["desktop", "phone"])
@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=1, SESSION_IDLE_WARNING_SECONDS=57)
def test_the_lock_keeps_a_daily_note_not_sent_yet_and_it_saves_after_signing_in_again(
    signed_in_page: Page, live_server: Any, alice: Any, size: str
) -> None:
    page = signed_in_page
    page.set_viewport_size(SIZES[size])  # type: ignore[arg-type]
    page.goto(f"{live_server.url}/")
    note = page.locator("#daily-body")
    # The page tells the server about the typing; then the person walks away.
    with the_page_says_still_here(page):
        note.press_sequentially("The light on the wall this evening.")
    _last_seen(page, 120)

    notice = page.locator("#idle-locked")
    expect(notice).to_be_visible(timeout=15_000)
    expect(notice).to_contain_text("What you wrote is still on this page.")
    expect(page).to_have_url(f"{live_server.url}/")  # not sent to the locked page
    # Someone passing the screen sees the notice, not the words: they are kept, out of sight.
    expect(note).to_be_hidden()
    assert "The light on the wall" not in page.locator("body").inner_text()
    assert notice.get_by_role("link", name="Sign in again (opens a new tab)").get_attribute("target") == "_blank"
    assert_accessible(page)
    page.get_by_role("button", name="Show what I wrote").click()
    expect(note).to_be_visible()
    expect(note).to_have_value("The light on the wall this evening.")
    expect(notice).to_be_focused()
    expect(page.get_by_role("button", name="Show what I wrote")).to_be_hidden()

    # Save before signing in again: sent now, it would meet the sign-in page and lose the words.
    # It waits, and the notice takes the focus to say what to do first.
    page.get_by_role("button", name="Save to your journal").click()
    expect(notice).to_be_focused()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(note).to_have_value("The light on the wall this evening.")

    other = page.context.new_page()
    other.goto(f"{live_server.url}/account/locked/")
    sign_in(other, live_server.url, alice.email)
    other.close()
    page.bring_to_front()
    # Back as herself, the notice that she is signed out goes, though she had already looked.
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(notice).to_be_hidden()
    page.get_by_role("button", name="Save to your journal").click()
    expect(page.locator(".messages")).to_contain_text("Saved in your journal")
    assert _daily_notes(alice) == ["The light on the wall this evening."]


@pytest.mark.parametrize("size", ["desktop", "phone"])
@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=1, SESSION_IDLE_WARNING_SECONDS=57)
def test_the_lock_keeps_a_reflection_answer_not_sent_yet(
    signed_in_page: Page, live_server: Any, alice: Any, reflection: str, size: str
) -> None:
    page = signed_in_page
    page.set_viewport_size(SIZES[size])  # type: ignore[arg-type]
    page.goto(f"{live_server.url}{reflection}")
    answer = page.locator("#answer")
    with the_page_says_still_here(page):
        answer.press_sequentially("Be gentle, it was a long week.")
    _last_seen(page, 120)

    notice = page.locator("#idle-locked")
    expect(notice).to_be_visible(timeout=15_000)
    expect(page).to_have_url(f"{live_server.url}{reflection}")
    expect(answer).to_be_hidden()
    assert_accessible(page)
    page.get_by_role("button", name="Show what I wrote").click()
    expect(answer).to_have_value("Be gentle, it was a long week.")
    assert_accessible(page)

    other = page.context.new_page()
    other.goto(f"{live_server.url}/account/locked/")
    sign_in(other, live_server.url, alice.email)
    other.close()
    page.bring_to_front()
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".run-progress")).to_contain_text("Step 2 of")
    expect(notice).to_be_hidden()


@pytest.mark.parametrize("size", ["desktop", "phone"])
@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=1, SESSION_IDLE_WARNING_SECONDS=57)
def test_typing_counts_as_being_here_no_warning_takes_the_keyboard_and_the_session_stays(
    signed_in_page: Page, live_server: Any, alice: Any, size: str
) -> None:
    page = signed_in_page
    page.set_viewport_size(SIZES[size])  # type: ignore[arg-type]
    page.goto(f"{live_server.url}/")
    # Whether the warning ever opened, even if a typed space then closed it again.
    page.evaluate(
        """() => { const d = document.getElementById('idle-dialog');
        new MutationObserver(() => { if (d.open) window.sawWarning = true; }).observe(d, {attributes: true}); }"""
    )
    _last_seen(page, 57)  # a long while thinking before the first word: the lock is seconds away
    note = page.locator("#daily-body")
    note.click()
    sentence = "I walked to the shop and back and it was a slow quiet evening."
    page.keyboard.type(sentence, delay=150)  # about nine seconds: past the warning, past the lock

    expect(page.get_by_role("dialog", name="Still there?")).to_be_hidden()
    assert page.evaluate("window.sawWarning === true") is False
    expect(note).to_have_value(sentence)
    page.get_by_role("button", name="Save to your journal").click()
    expect(page.locator(".messages")).to_contain_text("Saved in your journal")  # still signed in
    expect(page).to_have_url(f"{live_server.url}/#messages")  # home, at "Saved"
    assert _daily_notes(alice) == [sentence]


def _kept_with_words(page: Page, base_url: str, words: str) -> None:
    """Alice's daily note typed, then the lock, with the page kept for her words."""
    page.goto(f"{base_url}/")
    with the_page_says_still_here(page):
        page.locator("#daily-body").press_sequentially(words)
    _last_seen(page, 120)
    expect(page.locator("#idle-locked")).to_be_visible(timeout=15_000)


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=1, SESSION_IDLE_WARNING_SECONDS=57)
def test_leave_quickly_still_leaves_from_a_page_the_lock_kept(
    signed_in_page: Page, live_server: Any, settings: Any
) -> None:
    settings.QUICK_EXIT_URL = "about:blank"
    page = signed_in_page
    _kept_with_words(page, live_server.url, "Words on the screen")
    page.get_by_role("button", name="Leave quickly").click()
    page.wait_for_url("about:blank")


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=1, SESSION_IDLE_WARNING_SECONDS=57)
def test_a_kept_page_never_saves_into_the_account_of_whoever_signs_in_next(
    signed_in_page: Page, live_server: Any, alice: Any, bob: Any
) -> None:
    page = signed_in_page
    _kept_with_words(page, live_server.url, "Only for Alice")
    # Someone else signs in on this computer, in another tab.
    other = page.context.new_page()
    other.goto(f"{live_server.url}/account/locked/")
    sign_in(other, live_server.url, bob.email)
    other.close()
    page.bring_to_front()
    page.get_by_role("button", name="Show what I wrote").click()
    # Every POST the page sends from here is kept, to wait for its answer before looking in the
    # database: a save that went out is answered (and written, if it was let through) by then.
    sent: list[Request] = []
    page.on("request", lambda request: sent.append(request) if request.method == "POST" else None)
    # The page asks who is signed in now before it sends anything; its answer decides.
    with page.expect_response(lambda response: "/account/idle-status/" in response.url):
        page.get_by_role("button", name="Save to your journal").click()
    expect(page.locator("#idle-locked")).to_be_focused()
    expect(page.locator("#daily-body")).to_have_value("Only for Alice")
    for request in sent:
        request.response()
    assert not Entry.objects.filter(owner=bob).exists() and not Entry.objects.filter(owner=alice).exists()


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=1, SESSION_IDLE_WARNING_SECONDS=57)
def test_a_plan_step_sent_back_with_a_message_is_kept_out_of_sight_by_the_lock(
    signed_in_page: Page, live_server: Any
) -> None:
    # The words came back in the box as the page's own (too long to save), so the lock took the
    # page for empty, went to the locked page and met "Leave site?" with the words on show.
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/plan/edit/")
    step = page.locator("#step-warning_signs")
    step.get_by_role("link", name=re.compile("Write this step")).click()
    with the_page_says_still_here(page):
        step.get_by_label("In your own words").fill("I stop answering messages. " * 200)
    step.get_by_role("button", name="Save").click()
    expect(step).to_contain_text("Everything you wrote is still here")
    page.on("dialog", lambda dialog: pytest.fail(f"the lock met a question: {dialog.type}"))
    _last_seen(page, 120)

    expect(page.locator("#idle-locked")).to_be_visible(timeout=15_000)
    expect(page).to_have_url(f"{live_server.url}/safety/plan/edit/")
    expect(step.get_by_label("In your own words")).to_be_hidden()
    page.get_by_role("button", name="Show what I wrote").click()
    expect(step.get_by_label("In your own words")).to_have_value("I stop answering messages. " * 200)

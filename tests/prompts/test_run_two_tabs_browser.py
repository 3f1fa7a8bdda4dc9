"""Two tabs on one reflection in the real browser: the older tab's Next shows both answers and
replaces nothing, and a tab whose own beacon kept its words carries on without a question."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from prompts.models import Run
from prompts.selectors import run_answers
from tests.e2e.conftest import assert_accessible, close_pages_without_beacons, sign_in, stay_when_asked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def first_step(page: Page, live_server: Any, loaded_library: None, alice: Any) -> Page:
    """Alice on the first question of "Small victories", on a phone."""
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/reflections/")
    page.get_by_role("link", name="Small victories").click()
    page.get_by_role("button", name="Begin").click()
    expect(page.locator(".run-progress")).to_have_text("Step 1 of 4")
    return page


def test_an_older_tab_shows_both_answers_and_replaces_nothing(first_step: Page, alice: Any) -> None:
    older = first_step
    newer = older.context.new_page()
    newer.goto(older.url)
    newer.get_by_role("textbox").fill("Called my brother back")
    newer.get_by_role("button", name="Next").click()
    expect(newer.locator(".run-progress")).to_have_text("Step 2 of 4")

    older.get_by_role("textbox").fill("Went outside for ten minutes")
    older.get_by_role("button", name="Next").click()
    expect(older.get_by_role("heading", name="This answer has a newer version")).to_be_visible()
    expect(older.locator(".run-progress")).to_have_text("Step 1 of 4")
    expect(older.get_by_label("Your words from this page")).to_have_value("Went outside for ten minutes")
    expect(older.get_by_label("The newer saved answer")).to_have_value("Called my brother back")
    expect(older.locator("#step-heading")).to_be_focused()
    assert_accessible(older)
    run = Run.objects.get(owner=alice)
    assert run_answers(run) == {"0": "Called my brother back"}
    # The words in the box are saved nowhere yet: leaving asks first, as with any unsent words.
    asked = stay_when_asked(older)
    older.get_by_text("Menu").click()
    older.locator(".nav-compact").get_by_role("link", name="Journal").click(no_wait_after=True)
    assert asked == ["beforeunload"]
    expect(older.get_by_label("Your words from this page")).to_have_value("Went outside for ten minutes")

    # Both seen: carrying on keeps what is in the box.
    older.get_by_label("Your words from this page").fill("Called my brother back, then went outside")
    older.get_by_role("button", name="Next").click()
    expect(older.locator(".run-progress")).to_have_text("Step 2 of 4")
    run.refresh_from_db()
    assert run_answers(run) == {"0": "Called my brother back, then went outside"}
    close_pages_without_beacons(older)


def test_a_tab_whose_own_beacon_kept_its_words_carries_on_without_a_question(first_step: Page, alice: Any) -> None:
    page = first_step
    page.get_by_role("textbox").fill("Half a thought")
    # The phone put down mid-answer: the page keeps the words as it is hidden.
    with page.expect_response(lambda response: response.request.method == "POST" and response.status == 204):
        page.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide'))")
    page.get_by_role("textbox").fill("Half a thought, and the rest of it")
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".run-progress")).to_have_text("Step 2 of 4")
    expect(page.get_by_role("heading", name="This answer has a newer version")).to_have_count(0)
    assert run_answers(Run.objects.get(owner=alice)) == {"0": "Half a thought, and the rest of it"}


def test_next_after_another_tab_let_the_reflection_go_says_so_and_keeps_the_words(first_step: Page) -> None:
    page = first_step
    other = page.context.new_page()
    other.goto(f"{page.url}let-go/")
    other.get_by_role("button", name="Yes, let it go").click()
    expect(other.get_by_text("That reflection is gone")).to_be_visible()

    page.get_by_role("textbox").fill("Made it to the bus stop")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="This reflection was let go or begun again")).to_be_focused()
    expect(page.get_by_label("Your words from this page")).to_have_value("Made it to the bus stop")
    assert_accessible(page)
    # This page holds the only copy of those words: leaving it asks first.
    asked = stay_when_asked(page)
    page.get_by_role("link", name="Back to home").click(no_wait_after=True)
    assert asked == ["beforeunload"]
    expect(page.get_by_label("Your words from this page")).to_have_value("Made it to the bus stop")
    close_pages_without_beacons(page)

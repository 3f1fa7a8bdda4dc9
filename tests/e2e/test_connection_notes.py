"""A form sent over a slow connection says it is still going; one that cannot go says so, words kept."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from safety.selectors import plan_for_owner
from safety.services import plan_contact_add, plan_contact_delete
from tests.e2e.conftest import assert_accessible, close_pages_without_beacons, stay_when_asked, the_page_says_still_here

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STILL_SENDING = "Still sending…"
OFFLINE = "You seem to be offline. What you wrote is still here. You could try again once the connection is back."
BACK = "The connection is back. What you wrote is still here, and you could try again now."
REFUSED = (
    "That didn't go through, so it isn't saved yet. What you wrote is still here. You could try again in a moment."
)

GONE = "This isn't here any more. It may have been removed in another tab."


def _open_warning_signs(page: Page, base_url: str) -> Any:
    page.goto(f"{base_url}/safety/plan/edit/")
    step = page.locator("#step-warning_signs")
    step.get_by_role("link", name=re.compile(r"Write this step\W+Warning signs")).click()
    step.get_by_label("In your own words").fill("Not answering texts")
    return step


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_slow_save_says_it_is_still_sending_until_the_step_comes_back_saved(
    signed_in_page: Page, live_server: Any, alice: Any, size: str
) -> None:
    page = signed_in_page
    if size == "phone":
        page.set_viewport_size({"width": 390, "height": 844})
    held: list[Route] = []

    def hold_the_save(route: Route) -> None:
        # A phone on one bar: the save is on its way and has not arrived yet.
        if route.request.method == "POST":
            held.append(route)
        else:
            route.continue_()

    page.route("**/safety/plan/warning_signs/", hold_the_save)
    step = _open_warning_signs(page, live_server.url)
    step.get_by_role("button", name="Save").click()

    expect(step.get_by_role("status")).to_have_text(STILL_SENDING)
    expect(step.get_by_label("In your own words")).to_have_value("Not answering texts")
    assert_accessible(page)

    held[0].continue_()
    expect(step.get_by_text("Not answering texts")).to_be_visible()
    expect(page.get_by_text(STILL_SENDING)).to_have_count(0)
    assert plan_for_owner(alice).step("warning_signs").body == "Not answering texts"


def test_a_save_with_no_connection_says_so_keeps_the_words_and_goes_through_once_back(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    page = signed_in_page
    step = _open_warning_signs(page, live_server.url)
    page.context.set_offline(True)
    step.get_by_role("button", name="Save").click()

    expect(step.get_by_role("alert")).to_have_text(OFFLINE)
    expect(step.get_by_label("In your own words")).to_have_value("Not answering texts")
    assert_accessible(page)

    # Back online, the note says so rather than still asking to wait for the connection.
    page.context.set_offline(False)
    expect(step.get_by_role("status")).to_have_text(BACK)
    expect(page.get_by_text(OFFLINE)).to_have_count(0)
    # Gone again before the press: the note follows it.
    page.context.set_offline(True)
    expect(step.get_by_role("alert")).to_have_text(OFFLINE)
    expect(page.get_by_text(BACK)).to_have_count(0)

    page.context.set_offline(False)
    expect(step.get_by_role("status")).to_have_text(BACK)
    step.get_by_role("button", name="Save").click()
    expect(step.get_by_text("Not answering texts")).to_be_visible()
    expect(page.get_by_text(OFFLINE)).to_have_count(0)
    expect(page.get_by_text(BACK)).to_have_count(0)
    assert plan_for_owner(alice).step("warning_signs").body == "Not answering texts"


def test_a_save_the_server_turns_away_says_so_keeps_the_words_and_goes_through_when_tried_again(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    """The form's token gone (cookies cleared for the site): the server answers 403, which htmx
    does not show, so Save seemed to do nothing and leaving then took the words without asking.
    A 5xx while the server restarts behind its proxy went the same way."""
    page = signed_in_page
    with the_page_says_still_here(page):
        step = _open_warning_signs(page, live_server.url)
    page.context.clear_cookies(name="csrftoken")
    step.get_by_role("button", name="Save").click()

    expect(step.get_by_role("alert")).to_have_text(REFUSED)
    expect(step.get_by_label("In your own words")).to_have_value("Not answering texts")
    asked = stay_when_asked(page)
    page.get_by_role("link", name="Back to my plan").click(no_wait_after=True)
    assert asked == ["beforeunload"]

    # The refusal brought a new token with it, so trying again goes through.
    step.get_by_role("button", name="Save").click()
    expect(step.get_by_text("Not answering texts")).to_be_visible()
    expect(page.get_by_text(REFUSED)).to_have_count(0)
    assert plan_for_owner(alice).step("warning_signs").body == "Not answering texts"


def test_save_in_the_editor_with_no_connection_says_so_at_once(signed_in_page: Page, live_server: Any) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/new/")
    page.get_by_label("What's on your mind").fill("Words written on the night bus.")
    page.context.set_offline(True)
    page.get_by_role("button", name="Save").click()
    # At once, not when the next autosave tries (3 s after the last key): Save seemed to do nothing.
    expect(page.locator("#journal-offline")).to_be_visible(timeout=2_000)
    expect(page.get_by_label("What's on your mind")).to_have_value("Words written on the night bus.")
    # The editor says it in its own words only: no second notice under the form. Counted as an
    # element, not by its words: a note is put in empty and filled a frame later (waypoint.js).
    expect(page.locator("#entry-form [data-connection-note]")).to_have_count(0)
    # Closed while still offline: back online, the editor autosaves the words at once, and on
    # PostgreSQL that save met the flush between tests (CI: "Database couldn't be flushed").
    close_pages_without_beacons(page)


def test_a_review_date_that_cannot_go_does_not_still_say_the_last_one_was_saved(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/plan/edit/")
    review = page.locator("#review")
    review.get_by_label("A date to look at it again").fill("2027-03-14")
    review.get_by_role("button", name="Save date").click()
    expect(review.get_by_text("Saved. You'd like to look at it again on 14 March 2027.")).to_be_visible()

    review.get_by_label("A date to look at it again").fill("2027-04-01")
    page.context.set_offline(True)
    review.get_by_role("button", name="Save date").click()
    expect(review.get_by_role("alert")).to_have_text(OFFLINE)
    # "Saved" beside a new date that was not would read as if it were.
    expect(review.get_by_text("Saved.")).to_have_count(0)
    expect(review.get_by_label("A date to look at it again")).to_have_value("2027-04-01")
    page.context.set_offline(False)
    assert str(plan_for_owner(alice).review_on) == "2027-03-14"


def test_the_editor_s_offline_notice_goes_once_the_connection_is_back_and_the_draft_is_kept(
    signed_in_page: Page, live_server: Any
) -> None:
    page = signed_in_page
    page.clock.install()  # the autosave's wait, passed at once rather than waited out
    page.goto(f"{live_server.url}/journal/new/")
    page.get_by_label("What's on your mind").fill("Words written on the night bus.")
    page.clock.run_for(3_500)
    expect(page.locator("#save-status")).to_contain_text("Draft kept")
    page.context.set_offline(True)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#journal-offline")).to_be_visible()
    # Back online with nothing left to keep: "You seem to be offline" stayed for good.
    page.context.set_offline(False)
    expect(page.locator("#journal-offline")).to_be_hidden()
    # Save itself did not go, and the status line still says so, beside the Save button.
    expect(page.locator("#save-status")).to_contain_text("Not saved yet.")
    expect(page.get_by_label("What's on your mind")).to_have_value("Words written on the night bus.")
    page.context.set_offline(True)
    close_pages_without_beacons(page)


def test_removing_someone_already_removed_in_another_tab_says_so_not_to_try_again(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    """A 404 (gone in another tab) was told "You could try again in a moment", which never works."""
    contact = plan_contact_add(owner=alice, section="people", name="Sam", phone="+44 7700 900123")
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/plan/edit/")
    plan_contact_delete(contact=contact)  # as the other tab's Remove did
    step = page.locator("#step-people")
    step.get_by_role("button", name="Remove Sam").click()
    expect(step.get_by_role("alert")).to_have_text(GONE)
    expect(page.get_by_text(REFUSED)).to_have_count(0)

"""Adding or removing someone in a plan step keeps the words half written in that step's open box."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from safety.selectors import plan_for_owner
from safety.services import plan_contact_add
from tests.e2e.conftest import assert_accessible, phone_signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_adding_and_removing_someone_keeps_the_words_being_written(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    plan_contact_add(owner=alice, section="people", name="Jo", phone="")
    page = phone_signed_in(browser, request, live_server.url, alice.email)
    page.goto(f"{live_server.url}/safety/plan/people/")
    step = page.locator("#step-people")
    step.get_by_label("In your own words").fill("My sister, if she is home.")

    step.locator("summary").filter(has_text="Add someone").tap()
    step.get_by_label("Name").fill("Sam")
    step.get_by_role("button", name="Add to “People I can ask for help”").tap()
    expect(step.get_by_role("button", name="Remove Sam")).to_be_visible()
    # Focus is on the person just added, not taken by the box kept as it was (its mark from the page load).
    expect(step.get_by_role("listitem").filter(has_text="Sam")).to_be_focused()
    # The step came back closed: the sister's words, never saved, were gone from the page.
    expect(step.get_by_label("In your own words")).to_have_value("My sister, if she is home.")

    step.get_by_role("button", name="Remove Jo").tap()
    expect(step.get_by_text("Jo is no longer in your plan.")).to_be_focused()
    expect(step.get_by_label("In your own words")).to_have_value("My sister, if she is home.")
    assert_accessible(page)

    step.get_by_role("button", name="Save").tap()
    expect(step.get_by_text("My sister, if she is home.")).to_be_visible()
    assert plan_for_owner(alice).step("people").body == "My sister, if she is home."

"""Adding, hiding or showing an idea keeps the words half written in another idea's box."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from safety.selectors import coping_list_for_owner
from tests.e2e.conftest import assert_accessible, phone_signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WARM_DRINK = "Make a warm drink and hold the mug"


def test_adding_hiding_and_showing_an_idea_keeps_the_words_being_written(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    page = phone_signed_in(browser, request, live_server.url, alice.email)
    page.goto(f"{live_server.url}/safety/coping/edit/")
    comfort = page.locator("#coping-comfort")
    # Still a starter idea: the first change (adding below) saves it under a new id.
    idea = comfort.locator(f"input[value='{WARM_DRINK}']")
    idea.fill("Hot chocolate in my big mug")

    add = comfort.get_by_label("Add your own to “Comfort”")
    add.fill("Stroke the cat")
    comfort.get_by_role("button", name="Add", exact=True).tap()
    expect(comfort.locator("input[value='Stroke the cat']")).to_have_count(1)
    expect(comfort.get_by_label("Add your own to “Comfort”")).to_be_focused()
    # The group came back with the saved words in the box: the mug was gone, never saved.
    expect(idea).to_have_value("Hot chocolate in my big mug")

    comfort.get_by_role("button", name=re.compile(r"Hide\W+Stroke the cat")).tap()
    expect(comfort).to_contain_text("1 hidden idea")
    expect(comfort.get_by_role("heading", name="Comfort")).to_be_focused()
    expect(idea).to_have_value("Hot chocolate in my big mug")

    comfort.locator("summary").tap()
    comfort.get_by_role("button", name=re.compile(r"Show again\W+Stroke the cat")).tap()
    expect(comfort.locator("input[value='Stroke the cat']")).to_have_count(1)
    expect(idea).to_have_value("Hot chocolate in my big mug")
    assert_accessible(page)

    comfort.get_by_role("button", name=re.compile(rf"Save\W+{WARM_DRINK}")).tap()
    expect(comfort.locator("input[value='Hot chocolate in my big mug']")).to_be_focused()
    texts = [item.text for group in coping_list_for_owner(alice) for item in group.items]
    assert "Hot chocolate in my big mug" in texts
    assert WARM_DRINK not in texts

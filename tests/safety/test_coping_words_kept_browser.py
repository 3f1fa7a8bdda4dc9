"""Adding, hiding or showing an idea keeps the words half written in another idea's box."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from safety.selectors import coping_list_for_owner
from tests.e2e.conftest import assert_accessible, phone_signed_in, stay_when_asked

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
    comfort.get_by_role("button", name="Add to “Comfort”").tap()
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


def test_words_sent_back_as_too_long_stay_through_the_groups_next_change(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    page = phone_signed_in(browser, request, live_server.url, alice.email)
    page.goto(f"{live_server.url}/safety/coping/edit/")
    comfort = page.locator("#coping-comfort")
    # Still a starter idea: the next change saves it under a new id.
    idea = comfort.get_by_role("textbox", name="Idea").nth(1)
    too_long = "Hot chocolate in my big mug, with the radio on low, " * 7
    idea.fill(too_long)
    idea.press("Enter")
    expect(comfort).to_contain_text("longer than one idea can hold")
    add = comfort.get_by_label("Add your own to “Comfort”")
    add.fill("Stroke the cat, " * 20)
    comfort.get_by_role("button", name="Add to “Comfort”").tap()
    expect(add).to_have_attribute("aria-invalid", "true")

    comfort.get_by_role("button", name=re.compile(r"Hide\W+Put on a song")).tap()
    expect(comfort).to_contain_text("1 hidden idea")
    # Sent back with a message, then swapped away for the saved text with the group's next change.
    expect(idea).to_have_value(too_long)
    expect(add).to_have_value("Stroke the cat, " * 20)
    asked = stay_when_asked(page)
    page.get_by_role("link", name="Back to my coping list").click(no_wait_after=True)
    assert asked == ["beforeunload"]

"""Keyboard only, on a laptop screen: after a change sent from the keyboard, where focus landed
stays in sight and the box just sent is empty for the next idea (WCAG 2.4.7, 2.4.11)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Whole pixels: scrolled to the screen's foot, a box's edge can sit a fraction of a pixel past it.
_IN_SIGHT = "el => { const box = el.getBoundingClientRect(); return box.top >= 0 && box.bottom <= innerHeight + 1; }"


def test_adding_an_idea_by_keyboard_leaves_an_empty_add_box_in_sight(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/safety/coping/edit/")
    comfort = page.locator("#coping-comfort")
    add = comfort.get_by_label("Add your own to “Comfort”")
    add.focus()
    # The box at the foot of the screen, as it is after tabbing down to it: the new idea goes above it.
    add.evaluate("el => el.scrollIntoView({ block: 'end' })")
    add.press_sequentially("Stroke the cat")
    add.press("Enter")
    expect(comfort.locator("input[value='Stroke the cat']")).to_have_count(1)
    expect(add).to_be_focused()
    # Sent: the words are in the list now, not waiting in the box to be added twice.
    expect(add).to_have_value("")
    assert add.evaluate(_IN_SIGHT), "the focused box went below the screen"

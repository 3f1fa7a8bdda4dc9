"""Keyboard only, on a laptop screen: after a change sent from the keyboard, where focus landed
stays in sight and the box just sent is empty for the next idea (WCAG 2.4.7, 2.4.11)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from care.models import Clinic
from care.services import share_entry as share_with_therapist
from journal.services import entry_create
from supporters import services
from tests.care.conftest import link_people, member
from tests.e2e.conftest import assert_accessible, sign_in

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


# The top of the screen a box may start at: below the help bar pinned there on a phone.
_BELOW_THE_BAR = """el => { const strip = document.getElementById('crisis-strip');
  const pinned = getComputedStyle(strip).position === 'sticky' || getComputedStyle(strip).position === 'fixed';
  return pinned ? strip.getBoundingClientRect().bottom : 0; }"""


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 800)], ids=["phone", "laptop"])
def test_a_link_in_the_editors_list_of_mistakes_shows_the_field_with_its_message(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest, width: int, height: int
) -> None:
    # A person with a keyboard follows "Written on" from "Not saved yet" to fix the day: the box they
    # land in, its name and what to change are all in sight, not only the box with the rest above it.
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=width < 500, has_touch=width < 500, color_scheme="dark"
    )
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/journal/new/")
    page.get_by_label("What's on your mind").fill("A hard night")
    page.get_by_label("Written on").fill("2099-01-01")
    page.get_by_role("button", name="Save", exact=True).press("Enter")
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()

    summary.get_by_role("link", name="Written on").press("Enter")
    box = page.get_by_label("Written on")
    expect(box).to_be_focused()
    top = page.evaluate(_BELOW_THE_BAR)
    for what in (page.locator("label[for='id_written_on']"), page.locator("#id_written_on_error"), box):
        edges = what.evaluate("el => { const b = el.getBoundingClientRect(); return [b.top, b.bottom]; }")
        assert edges[0] >= top - 1 and edges[1] <= height + 1, f"{what} is out of sight at {edges} (screen from {top})"


# The focused element's ring (outline and its offset) round its box, and the room it may take:
# inside the window, below the help bar where that is pinned.
_RING_AND_ROOM = """el => { const box = el.getBoundingClientRect(); const style = getComputedStyle(el);
  const ring = style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
  const strip = document.getElementById('crisis-strip'); const position = getComputedStyle(strip).position;
  const pinned = position === 'sticky' || position === 'fixed';
  return { outline: style.outlineStyle, top: box.top - ring, bottom: box.bottom + ring, left: box.left - ring,
    right: box.right + ring, barBottom: pinned ? strip.getBoundingClientRect().bottom : 0,
    width: innerWidth, height: innerHeight }; }"""


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 800)], ids=["phone", "laptop"])
def test_manage_sharing_by_keyboard_lands_on_a_heading_with_its_whole_ring_in_sight(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest, width: int, height: int
) -> None:
    # "Manage sharing" under an entry opens the page of the person (or the therapist) it is shared
    # with at "What they can read" / "What you are sharing", focus on the heading. The browser put it
    # at the window's very top, and the top edge of its ring was cut off there (WCAG 2.4.7, 2.4.11).
    entry = entry_create(author=alice, title="Tuesday", body="A long day, and I got through it.")
    services.share_entry(supporter=services.supporter_add(owner=alice, name="Sam"), entry=entry)
    share_with_therapist(
        link=link_people(member(Clinic.objects.create(name="Harbour", key="harbour"), "t@example.com"), alice),
        entry=entry,
    )
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=width < 500, has_touch=width < 500, color_scheme="dark"
    )
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    for which in ["/people-around-you/", "/care/"]:
        page.goto(f"{live_server.url}/journal/{entry.id}/")
        page.locator(f'a[href*="{which}"][href$="#shared-heading"]').press("Enter")
        heading = page.locator("#shared-heading")
        expect(heading).to_be_focused()
        ring = heading.evaluate(_RING_AND_ROOM)
        assert ring["outline"] != "none", f"{which}: no ring on the focused heading"
        assert ring["top"] >= ring["barBottom"] - 0.5, f"{which}: the ring's top edge is cut off: {ring}"
        assert ring["bottom"] <= ring["height"] and ring["left"] >= 0 and ring["right"] <= ring["width"], ring
        assert_accessible(page)


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 800)], ids=["phone", "laptop"])
def test_the_check_in_answered_by_keyboard_lands_on_its_heading_with_its_whole_ring_in_sight(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest, width: int, height: int
) -> None:
    # Home's "How are you arriving today?", answered "Self-harm happened" from the keyboard: what it
    # suggests is swapped in and focus goes to the card's heading. On a laptop the heading was
    # scrolled to the window's very top, and the top edge of its ring was cut off (WCAG 2.4.7, 2.4.11).
    call_command("prompts_load", verbosity=0)
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=width < 500, has_touch=width < 500, color_scheme="dark"
    )
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.get_by_label("Self-harm happened").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Suggest something gentle").press("Enter")
    expect(page.get_by_role("link", name="After a setback")).to_be_visible()
    heading = page.get_by_role("heading", name="How are you arriving today?")
    expect(heading).to_be_focused()
    ring = heading.evaluate(_RING_AND_ROOM)
    assert ring["outline"] != "none", "no ring on the focused heading"
    assert ring["top"] >= ring["barBottom"] - 0.5, f"the ring's top edge is cut off: {ring}"
    assert ring["bottom"] <= ring["height"] and ring["left"] >= 0 and ring["right"] <= ring["width"], ring

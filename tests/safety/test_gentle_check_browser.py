"""The gentle check panel where a person meets it, in Chromium, on a desktop and on a phone:
after saving in the journal editor, today's prompt on the home page, and a reflection step."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, ViewportSize, expect

from prompts.models import Sequence
from safety.services import crisis_resources_load
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES: dict[str, ViewportSize] = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 812}}
DANGER = "i wanna kms tonight"


@pytest.fixture
def ready(signed_in_page: Page, live_server: Any, request: pytest.FixtureRequest) -> Page:
    crisis_resources_load()
    call_command("prompts_load", verbosity=0)
    signed_in_page.set_viewport_size(SIZES[request.param])
    return signed_in_page


def assert_the_panel_replaces_saved(page: Page, routine: str) -> None:
    panel = page.locator(".gentle-check")
    expect(panel).to_be_visible()
    # Focus lands on it (#messages), so a keyboard or screen reader meets it before the menu.
    expect(panel).to_be_focused()
    expect(panel.get_by_role("heading", name="Your words are saved")).to_be_visible()
    expect(panel.get_by_role("link", name="Open my safety plan")).to_have_attribute("href", "/safety/plan/")
    expect(panel.get_by_role("link", name="call 911")).to_have_attribute("href", "tel:911")
    expect(page.get_by_text(routine)).to_have_count(0)
    # In the first screen, whatever the size, and nothing scrolls sideways.
    box = panel.bounding_box()
    assert box is not None and box["y"] < page.viewport_size["height"]  # type: ignore[index]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    for link in panel.get_by_role("link").all():
        height = link.bounding_box()["height"]  # type: ignore[index]
        assert height >= 44, f"{link.inner_text()} is {height}px tall"
    assert_accessible(page)


@pytest.mark.parametrize("ready", list(SIZES), indirect=True)
def test_saving_danger_in_the_editor_brings_the_panel(ready: Page, live_server: Any) -> None:
    page = ready
    page.goto(f"{live_server.url}/journal/new/")
    page.get_by_label("What's on your mind").fill(DANGER)
    page.get_by_role("button", name="Save", exact=True).click()
    assert_the_panel_replaces_saved(page, "Saved. It stays private unless you share it.")
    expect(page.locator(".journal-body")).to_contain_text(DANGER)


@pytest.mark.parametrize("ready", list(SIZES), indirect=True)
def test_saving_danger_in_todays_prompt_brings_the_panel(ready: Page, live_server: Any) -> None:
    page = ready
    page.goto(f"{live_server.url}/")
    page.locator("#daily-body").fill(DANGER)
    page.get_by_role("button", name="Save to your journal").click()
    assert_the_panel_replaces_saved(page, "Saved in your journal. It stays private unless you share it.")


@pytest.mark.parametrize("ready", list(SIZES), indirect=True)
def test_a_reflection_answer_with_danger_brings_the_panel_above_the_next_step(ready: Page, live_server: Any) -> None:
    page = ready
    sequence = Sequence.objects.get(clinic_key="", slug="small-victories")
    page.goto(f"{live_server.url}/reflections/{sequence.id}/")
    page.get_by_role("button", name="Begin").click()
    page.locator("#answer").fill(DANGER)
    address, pages = page.url, page.evaluate("history.length")
    page.evaluate("window.sameDocument = true")
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".run-progress")).to_contain_text("Step 2 of")
    assert_the_panel_replaces_saved(page, "Your reflection is saved in your journal")
    # Swapped in with the next step, as an ordinary answer is: no reload, no new address, nothing
    # in a shared phone's history.
    assert page.evaluate("window.sameDocument === true && history.length") == pages
    assert page.url == address


@pytest.mark.parametrize("ready", ["phone"], indirect=True)
def test_an_ordinary_note_still_just_says_saved(ready: Page, live_server: Any) -> None:
    page = ready
    page.goto(f"{live_server.url}/")
    page.locator("#daily-body").fill("The rain sounded nice tonight.")
    page.get_by_role("button", name="Save to your journal").click()
    expect(page.get_by_text("Saved in your journal. It stays private unless you share it.")).to_be_visible()
    expect(page.locator(".gentle-check")).to_have_count(0)


@pytest.mark.parametrize("ready", ["phone"], indirect=True)
def test_the_panel_passes_axe_in_dark_mode(ready: Page, live_server: Any) -> None:
    page = ready
    page.emulate_media(color_scheme="dark")
    page.goto(f"{live_server.url}/")
    page.locator("#daily-body").fill(DANGER)
    page.get_by_role("button", name="Save to your journal").click()
    expect(page.locator(".gentle-check")).to_be_visible()
    assert_accessible(page)

"""The gentle check panel as a person meets it after saving in the journal, in the real browser."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from safety.services import crisis_resources_load
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_panel_appears_after_saving_and_passes_axe(signed_in_page: Page, live_server: Any, scheme: Any) -> None:
    crisis_resources_load()
    page = signed_in_page
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{live_server.url}/journal/new/")
    page.get_by_label("What's on your mind").fill("I don't want to be alive tonight.")
    page.get_by_role("button", name="Save", exact=True).click()
    panel = page.locator(".gentle-check")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("link", name="Open my safety plan")).to_have_attribute("href", "/safety/plan/")
    expect(panel.get_by_role("link", name="call 911")).to_have_attribute("href", "tel:911")
    assert_accessible(page)

"""Windows high contrast (forced colours) takes every background away and draws text and borders in
the person's own colours. A word set apart only by a tinted pill must keep a border there, or it
runs on into the words beside it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page

from journal.services import entry_create
from safety.models import CrisisResource, ResourceContact
from safety.services import crisis_resources_load
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def high_contrast(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, forced_colors="active")
    yield context.new_page()
    context.close()


def _drawn_border(pill: Locator) -> tuple[str, str, str]:
    return pill.evaluate(
        "el => { const s = getComputedStyle(el); return [s.borderTopStyle, s.borderTopWidth, s.borderTopColor]; }"
    )


def test_a_drafts_label_keeps_its_outline(high_contrast: Page, live_server: Any, alice: Any) -> None:
    entry_create(author=alice, title="Half a thought", body="Not finished yet.", is_draft=True)
    sign_in(high_contrast, live_server.url, alice.email)
    high_contrast.goto(f"{live_server.url}/journal/")
    style, width, colour = _drawn_border(high_contrast.locator(".journal-badge", has_text="Draft"))
    assert (style, width) == ("solid", "1px") and colour != "rgba(0, 0, 0, 0)"


def test_a_line_added_here_keeps_its_label_apart_from_its_name(high_contrast: Page, live_server: Any) -> None:
    crisis_resources_load()
    line = CrisisResource.objects.create(country="US", name="Riverside crisis team", clinic_order=1)
    ResourceContact.objects.create(resource=line, channel="phone", value="555 0100", display="555 0100")
    high_contrast.goto(f"{live_server.url}/safety/help/?region=US")
    heading = high_contrast.get_by_role("heading", name="Riverside crisis team")
    style, width, colour = _drawn_border(heading.locator(".clinic-label"))
    assert (style, width) == ("solid", "1px") and colour != "rgba(0, 0, 0, 0)"

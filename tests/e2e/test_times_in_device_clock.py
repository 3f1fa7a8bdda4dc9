"""Times read in the clock of the device that reads them, worked out there and sent nowhere:
a supporter's page from the start, and the editor's "Draft kept at" once the person takes the
device's zone from its one quiet line (the page, the draft and the writing stay as they were)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, expect

from supporters import services
from tests.e2e.conftest import assert_accessible, sign_in, stay_when_asked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Nine hours ahead of the server's UTC all year: its clock always reads another time.
TOKYO = "Asia/Tokyo"


def test_a_supporter_reads_when_the_page_ends_in_their_own_clock(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    new = services.link_make(supporter=services.supporter_add(owner=alice, name="Sam"), days=7, with_code=False)
    ends = new.link.expires_at.astimezone(ZoneInfo(TOKYO))
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, timezone_id=TOKYO)
    request.addfinalizer(context.close)
    sam = context.new_page()
    sam.goto(f"{live_server.url}/people-around-you/for-you/{new.token}/")
    sam.get_by_role("button", name="Open it").click()

    # Nothing shared on it yet: it ends on that day unless the person ends it sooner.
    expected = f"This page works until {ends.day} {ends:%B %Y, %H:%M}, unless they end it sooner."
    expect(sam.get_by_text(re.compile("^This page works until"))).to_contain_text(expected)
    expect(sam.get_by_text("(UTC)")).to_have_count(0)


def test_the_editor_takes_the_devices_zone_in_one_press_and_the_draft_stays(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, color_scheme="dark", timezone_id=TOKYO
    )
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/journal/new/")
    body = page.get_by_label("What's on your mind")
    body.fill("A long day, and I wrote it down.")
    kept_at = page.locator("#save-status time")
    expect(page.locator("#save-status")).to_contain_text("Draft kept at")

    # One quiet line that takes nothing: the writing box keeps focus.
    expect(page.get_by_text("Times here follow UTC.")).to_be_visible()
    expect(body).to_be_focused()
    assert_accessible(page)
    draft_address = page.url
    asked = stay_when_asked(page)
    page.get_by_role("button", name="Use this device's time zone: Asia / Tokyo").click()

    said = page.get_by_role("status").filter(has_text="Saved. Times now follow Asia / Tokyo.")
    expect(said).to_be_focused()
    saved_at = datetime.fromisoformat(kept_at.get_attribute("datetime") or "").astimezone(ZoneInfo(TOKYO))
    expect(kept_at).to_have_text(f"{saved_at:%H:%M}")
    assert page.url == draft_address and asked == []
    expect(body).to_have_value("A long day, and I wrote it down.")
    alice.refresh_from_db()
    assert alice.time_zone == TOKYO

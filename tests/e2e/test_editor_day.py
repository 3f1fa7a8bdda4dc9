"""A new entry, or a small victory, is about the day where the person is, not where the server is.

The server runs on UTC unless told otherwise. A person in New York writing at nine in the
evening is already in the server's tomorrow; one in Tokyo writing at eight in the morning is
still in its yesterday. Their browser knows where they are.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, expect

from journal.models import Entry
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def _a_zone_on_another_day() -> str:
    """A time zone whose date is not the server's now, whatever the hour (UTC+14 is a day ahead
    from 10:00 UTC on, UTC-12 a day behind until 12:00 UTC)."""
    return "Pacific/Kiritimati" if datetime.now(UTC).hour >= 12 else "Etc/GMT+12"


def test_a_new_entry_and_a_small_victory_are_about_today_where_the_person_is(
    browser: Browser, request: pytest.FixtureRequest, live_server: Any, alice: Any, today: Any
) -> None:
    zone = _a_zone_on_another_day()
    their_today = datetime.now(ZoneInfo(zone)).date()
    assert their_today != today  # the test's own premise
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark", timezone_id=zone)
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)

    page.goto(f"{live_server.url}/journal/new/")
    expect(page.get_by_label("Written on")).to_have_value(their_today.isoformat())
    page.get_by_label("What's on your mind").fill("A long evening, and I wrote it down.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/journal/[0-9a-f-]{36}/#messages$"))

    assert Entry.objects.get(owner=alice, is_draft=False).written_on == their_today

    page.goto(f"{live_server.url}/look-back/victories/")
    expect(page.get_by_label("Which day")).to_have_value(their_today.isoformat())

"""What Chromium remembers of the words typed into Waypoint, read from its own profile on disk.

Chromium keeps the values sent in one-line boxes ("Web Data", table autofill), keyed by the box's
name, and offers them in any site's box of that name to whoever uses the browser next: a search
for "relapse" came back under another site's "q" box. Every box for a person's own words says
autocomplete="off" (config/forms.py OWN_WORDS); the sign-in email is the one word kept, which
shows the walk reads the browser's real memory.

Chromium also keeps the words in every box of a page left without sending it, text areas too, in
the tab's history, and writes them to the profile's Sessions files to restore the tab after a
restart: a safety plan step half written stayed on disk. Those boxes say autocomplete="off" too.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Playwright, expect

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SENTINEL = "kestrel-sentinel"


def _remembered(profile: Path) -> list[str]:
    with sqlite3.connect(profile / "Default" / "Web Data") as database:
        return [f"{name}={value}" for name, value in database.execute("SELECT name, value FROM autofill")]


def test_the_browser_remembers_none_of_the_words_typed(
    playwright: Playwright, browser_type_launch_args: dict[str, Any], live_server: Any, alice: Any, tmp_path: Path
) -> None:
    profile = tmp_path / "profile"
    # A profile on disk, as on a person's own computer: a test's usual context keeps nothing.
    context = playwright.chromium.launch_persistent_context(
        profile, **browser_type_launch_args, viewport={"width": 390, "height": 844}
    )
    try:
        page = context.new_page()
        base = live_server.url
        sign_in(page, base, alice.email)

        page.goto(f"{base}/journal/search/")
        page.get_by_label("Words to look for").fill(f"{SENTINEL}-search")
        with page.expect_response(lambda response: response.url.endswith("/journal/search/")):
            page.get_by_label("Words to look for").press("Enter")
        page.wait_for_load_state()

        page.goto(f"{base}/safety/plan/people/")
        page.get_by_role("region", name="People I can ask for help").get_by_text("Add someone").click()
        page.locator("#id_people_name").fill(f"{SENTINEL}-contact")
        with page.expect_response(lambda response: response.url.endswith("/safety/plan/people/contacts/")):
            page.locator("#id_people_name").press("Enter")
        page.wait_for_load_state()

        page.goto(f"{base}/safety/coping/edit/")
        box = page.locator("#coping-add-comfort")
        box.fill(f"{SENTINEL}-coping")
        with page.expect_response(lambda response: response.url.endswith("/safety/coping/add/")):
            box.press("Enter")
        page.wait_for_load_state()

        # Half written, then left for another page without saving (the editor keeps its draft).
        page.goto(f"{base}/safety/plan/warning_signs/")
        page.get_by_label("In your own words").fill(f"{SENTINEL}-plan")
        page.goto(f"{base}/journal/new/")
        page.get_by_label("What's on your mind").press_sequentially(f"{SENTINEL}-entry")
        expect(page.locator("#save-status")).to_contain_text("Draft kept", timeout=10_000)
        page.goto(f"{base}/safety/help/")
    finally:
        context.close()  # writes what the browser kept to its profile

    remembered = _remembered(profile)
    assert any(alice.email in value for value in remembered), remembered
    assert not [value for value in remembered if SENTINEL in value]
    tabs = b"".join(path.read_bytes() for path in (profile / "Default" / "Sessions").iterdir())
    assert b"/safety/plan/warning_signs/" in tabs  # the tab's history was written
    kept = SENTINEL.encode("utf-16-le") in tabs or SENTINEL.encode() in tabs
    assert not kept, "words half written are in the profile's Sessions files"

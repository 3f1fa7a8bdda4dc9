"""Taking everything along in Chromium: confirm it's you, see that the download started, and find
the safety plan and coping list inside the file; then bring a file back."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any, Literal

import pytest
from playwright.sync_api import Page, expect

from journal.portability import JSON_NAME
from journal.services import entry_create
from safety.services import coping_item_add, plan_contact_add, plan_step_save
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 812}}


@pytest.fixture
def written(alice: Any) -> None:
    entry_create(author=alice, title="A quiet evening", body="Tea and a walk.", written_on=date(2026, 3, 4))
    plan_step_save(owner=alice, section="warning_signs", body="Not answering texts", obstacles="Tiredness")
    plan_contact_add(owner=alice, section="people", name="Sam", phone="+44 7700 900123")
    coping_item_add(owner=alice, group="comfort", text="Holding something warm")


def _fits_the_screen(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


@pytest.mark.parametrize(("size", "scheme"), [("desktop", "light"), ("phone", "dark")])
def test_the_download_holds_the_plan_and_coping_list_and_the_page_says_it_started(
    signed_in_page: Page,
    live_server: Any,
    written: None,
    tmp_path: Path,
    size: str,
    scheme: Literal["light", "dark"],
) -> None:
    page = signed_in_page
    page.set_viewport_size(SIZES[size])  # type: ignore[arg-type]
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{live_server.url}/journal/export/")
    holds = page.locator("main ul", has_text="journal entr")
    expect(holds).to_contain_text("1 journal entry")
    expect(holds).to_contain_text("2 parts of your safety plan")
    expect(holds).to_contain_text("1 idea in your coping list")
    assert_accessible(page)
    _fits_the_screen(page)

    page.get_by_role("button", name="Download everything").click()
    expect(page.locator("main h1")).to_have_text("Confirm it's you")
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url(f"{live_server.url}/journal/export/ready/")
    # The password page is gone, with the password in it; the page says what happened and what's inside.
    expect(page.locator("main h1")).to_have_text("Your download has started")
    expect(page.locator("input[type=password]")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("2 parts of your safety plan")
    assert_accessible(page)
    _fits_the_screen(page)
    page.set_viewport_size({"width": 320, "height": 640})
    _fits_the_screen(page)

    download = download_info.value
    assert download.suggested_filename.startswith("waypoint-") and download.suggested_filename.endswith(".zip")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    with zipfile.ZipFile(path) as zf:
        plan_md = zf.read("safety-plan.md").decode()
        coping_md = zf.read("coping-list.md").decode()
        document = json.loads(zf.read(JSON_NAME))
    assert "Not answering texts" in plan_md and "- Sam: +44 7700 900123" in plan_md
    assert "Holding something warm" in coping_md
    assert document["safety_plan"]["steps"][0]["body"] == "Not answering texts"
    assert document["coping_list"] == [{"group": "comfort", "text": "Holding something warm", "hidden": False}]

    # Bringing the same file back adds nothing, and says so.
    page.goto(f"{live_server.url}/journal/import/")
    assert_accessible(page)
    page.get_by_label("Your Waypoint export").set_input_files(path)
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".messages")).to_contain_text("Everything in that file was already here.")


def test_a_hostile_file_gets_a_kind_message_on_a_phone(
    signed_in_page: Page, live_server: Any, written: None, tmp_path: Path
) -> None:
    page = signed_in_page
    page.set_viewport_size(SIZES["phone"])  # type: ignore[arg-type]
    bad = tmp_path / "w.json"
    nested = "[" * 50_000 + "]" * 50_000
    bad.write_text(f'{{"schema": "waypoint.journal", "schema_version": 2, "entries": {nested}}}')
    page.goto(f"{live_server.url}/journal/import/")
    page.get_by_label("Your Waypoint export").set_input_files(bad)
    page.get_by_role("button", name="Import").click()
    expect(page.locator("main")).to_contain_text("That doesn't look like a Waypoint export.")
    assert_accessible(page)
    _fits_the_screen(page)

    dated = tmp_path / "dated.json"
    entry = {"id": "0b6f4a52-7c4e-4e39-9d0a-5a0c2f3b9a11", "body": "x", "written_on": "9999-12-31"}
    dated.write_text(json.dumps({"schema": "waypoint.journal", "schema_version": 2, "entries": [entry]}))
    page.get_by_label("Your Waypoint export").set_input_files(dated)
    page.get_by_role("button", name="Import").click()
    expect(page.locator("main")).to_contain_text("An entry in this file is dated 9999-12-31.")
    page.goto(f"{live_server.url}/journal/")
    expect(page.locator("main")).to_contain_text("A quiet evening")
    expect(page.locator("main")).not_to_contain_text("9999")

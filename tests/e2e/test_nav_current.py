"""The menus say where you are: aria-current on the link to this page, and to its section."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible


def _current(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a [^>]*href="([^"]+)"[^>]*aria-current="(page|true)"', html)


@pytest.mark.django_db
def test_each_main_page_marks_its_own_menu_link(alice_client: Client) -> None:
    assert ("/", "page") in _current(alice_client.get("/").content.decode())
    timeline = _current(alice_client.get("/journal/").content.decode())
    assert ("/journal/", "page") in timeline
    assert ("/", "page") not in timeline
    calendar = _current(alice_client.get("/journal/calendar/").content.decode())
    # The Journal section in the main menu, and exactly Calendar in the journal's own menu.
    assert ("/journal/", "true") in calendar and ("/journal/calendar/", "page") in calendar
    assert [href for href, kind in calendar if kind == "page"] == ["/journal/calendar/"]
    assert ("/account/settings/", "true") in _current(alice_client.get("/accounts/password/change/").content.decode())
    assert ("/reflections/", "page") in _current(alice_client.get("/reflections/").content.decode())


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_screen_reader_hears_which_link_is_the_current_page(signed_in_page: Page, live_server: Any) -> None:
    page = signed_in_page
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/journal/search/")
    journal_menu = page.get_by_role("navigation", name="Journal")
    expect(journal_menu.get_by_role("link", name="Search")).to_have_attribute("aria-current", "page")
    expect(journal_menu.get_by_role("link", name="Timeline")).not_to_have_attribute("aria-current", "page")
    # On a phone the main menu sits behind "Menu".
    page.get_by_text("Menu", exact=True).click()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Journal")).to_have_attribute(
        "aria-current", "true"
    )
    assert_accessible(page)

"""A clinic's staff have a longer menu (Clients, Audit log) than a person's: in a window about 720 px
wide a clinic admin's row of links wrapped to two rows. Staff take "Menu" there; a person keeps the row."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every menu control shown (the row's links, or "Menu") sits level with the name Waypoint.
_MENU_IN_ONE_ROW = """() => {
  const brand = document.querySelector('.site-header .brand').getBoundingClientRect();
  const shown = [...document.querySelectorAll('.site-header .nav-wide > li, .site-header .nav-compact > summary')]
    .map(el => el.getBoundingClientRect()).filter(box => box.width > 0);
  return shown.length > 0 && shown.every(box => box.top < brand.bottom && box.bottom > brand.top);
}"""


def test_a_clinic_admin_s_menu_is_one_row_in_a_narrow_window(
    browser: Browser, live_server: Any, ada: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    context = browser.new_context(viewport={"width": 720, "height": 900})
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, ada.email)
    page.goto(f"{live_server.url}/care/audit/")
    assert page.evaluate(_MENU_IN_ONE_ROW)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert page.locator(".site-header").evaluate("el => el.scrollWidth <= el.clientWidth")
    page.get_by_text("Menu", exact=True).click()
    expect(page.locator(".nav-compact").get_by_role("link", name="Audit log")).to_be_in_viewport()

    # A person's shorter row still fits at this width, and stays a row of links.
    page.context.clear_cookies()
    sign_in(page, live_server.url, alice.email)
    expect(page.locator(".nav-wide").get_by_role("link", name="Journal")).to_be_visible()
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()

"""A clinic's name in the header of every page, on a phone. Services often have long official
names; at 390 px one took six lines above every page's heading, and at 320 px a third of the screen."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from care.models import Clinic
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_NAME = "Northfield Community Wellbeing and Psychological Therapies Service, Adolescent and Young Adult Team"


def test_a_long_clinic_name_takes_at_most_three_lines_of_a_phone_s_header(
    browser: Browser, live_server: Any, clinic: Clinic, ada: Any, request: pytest.FixtureRequest
) -> None:
    clinic.name = LONG_NAME
    clinic.save()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, ada.email)
    page.goto(f"{live_server.url}/care/audit/")

    name = page.locator(".site-header .clinic-name")
    # The whole name is still there for a screen reader; only what shows is cut short.
    expect(name).to_have_text(LONG_NAME)
    lines = name.evaluate("el => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)")
    assert lines <= 3.05, f"the clinic's name takes {lines:.1f} lines of the header"
    # "Menu" keeps its place beside it, and the page's heading sits high on the first screen.
    menu = page.get_by_text("Menu", exact=True).bounding_box()
    brand = page.locator(".site-header .brand").bounding_box()
    assert menu is not None and brand is not None
    assert menu["y"] < brand["y"] + brand["height"]
    heading = page.get_by_role("heading", name="Audit log", level=1).bounding_box()
    assert heading is not None and heading["y"] < 844 / 4

"""The audit log on a phone. Who did each thing is an email address, one unbroken word: a work
address of some length pushed the whole page sideways at 320 px."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from care.models import Clinic, Membership
from tests.care.conftest import member
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# clientWidth, not innerWidth: in Chromium's phone emulation innerWidth grows to fit a wide page.
_NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def test_a_long_email_in_the_audit_log_does_not_push_the_page_sideways_on_a_phone(
    browser: Browser, live_server: Any, clinic: Clinic, request: pytest.FixtureRequest
) -> None:
    email = "priya.shah-ramanathan@northfieldwellbeing.example.org"
    member(clinic, email, role=Membership.Role.ADMIN, name="Priya")
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, email)
    page.goto(f"{live_server.url}/care/audit/")

    expect(page.locator("#events td", has_text=email).first).to_be_visible()  # her own opening of the log
    assert page.evaluate(_NO_SIDEWAYS_SCROLL)

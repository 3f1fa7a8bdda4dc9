"""A double tap on "Make a new code" makes one code, not a second one nobody was given."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from care.models import Clinic, Invitation
from tests.care.conftest import member
from tests.e2e.conftest import phone_signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_double_tap_makes_one_code(browser: Browser, live_server: Any, request: pytest.FixtureRequest) -> None:
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    theo = member(clinic, "theo@example.com")
    page = phone_signed_in(browser, request, live_server.url, theo.email)
    page.goto(f"{live_server.url}/care/clients/")

    with page.expect_response(lambda response: "/care/clients/invite/" in response.url):
        page.get_by_role("button", name="Make a new code").dblclick()
    expect(page.locator("#invitations")).to_contain_text("works until")
    # Any second request queued behind the first has had its answer by the time the page settles.
    page.wait_for_load_state("networkidle")
    assert Invitation.objects.count() == 1
    expect(page.get_by_role("button", name="Take back the code made", exact=False)).to_have_count(0)

"""On a phone left signed in, "Make a link" asks "confirm it's you" first and says why; once
confirmed, the form is there again with nothing made, focus on its button, and the link it makes
copies in one tap."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Browser, expect

from supporters import services
from supporters.models import SupporterLink
from tests.e2e.conftest import assert_accessible, phone_signed_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_phone_left_signed_in_confirms_before_the_link_and_keeps_the_choice_to_make_it(
    browser: Browser, live_server: Any, alice: Any, settings: Any, request: pytest.FixtureRequest
) -> None:
    robin = services.supporter_add(owner=alice, name="Robin", email="robin@example.com")
    page = phone_signed_in(browser, request, live_server.url, alice.email)
    page.goto(f"{live_server.url}/people-around-you/{robin.id}/")
    page.get_by_label("30 days").check()
    page.get_by_label("Email them the link").check()
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0  # the sign-in was a while ago now
    page.get_by_role("button", name="Make a link").tap()

    page.wait_for_url(f"{live_server.url}/accounts/reauthenticate/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it's you")
    why = "We ask so nobody else using this device can give someone a way to read what you share"
    expect(page.get_by_text(why)).to_be_visible()
    assert SupporterLink.objects.count() == 0 and mail.outbox == []
    assert_accessible(page)

    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").tap()
    page.wait_for_url(f"{live_server.url}/people-around-you/{robin.id}/link/**")
    expect(page.get_by_text("Nothing has changed yet.")).to_be_visible()
    # What was chosen before is chosen still.
    expect(page.get_by_label("30 days")).to_be_checked()
    expect(page.get_by_label("Email them the link")).to_be_checked()
    # Focus on the button, which says what comes next: focus began at the top, the menu first,
    # and a keyboard or screen reader had to find "Make a link" again. The page's top stays in sight.
    make = page.get_by_role("button", name="Make a link")
    expect(make).to_be_focused()
    expect(make).to_have_accessible_description(re.compile(r"^Nothing has changed yet\. Choose how the link works"))
    expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
    assert_accessible(page)
    make.tap()

    expect(page.get_by_role("heading", level=1)).to_have_text("Their link is ready")
    expect(page.get_by_role("button", name="Copy the link")).to_be_visible()  # the page's script ran
    assert SupporterLink.objects.count() == 1 and len(mail.outbox) == 1
    made = SupporterLink.objects.get()
    assert round((made.expires_at - made.created_at).total_seconds() / 86400) == 30  # chosen before confirming
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

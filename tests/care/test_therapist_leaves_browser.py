"""A therapist removed from their clinic while their client's page is open on a phone.

Before, "Suggest it" (sent by htmx) met a 404, which htmx does not swap: the button did nothing,
as often as it was pressed, and nothing said why. Now the page says why, with the note they were
writing shown back to copy, and the keyboard lands on its heading."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page, expect

from care import members
from care.models import Assignment, Link, Membership
from tests.e2e.conftest import assert_accessible, between_requests, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _static_by_plain_names(settings: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def theo_phone(browser: Browser, live_server: Any, theo: Any) -> Iterator[Page]:
    phone_size = {"width": 375, "height": 812}
    context: BrowserContext = browser.new_context(viewport=phone_size, has_touch=True, is_mobile=True)  # type: ignore[arg-type]
    page = context.new_page()
    sign_in(page, live_server.url, theo.email)
    yield page
    context.close()


def test_a_note_sent_after_being_removed_takes_the_page_with_the_words(
    theo_phone: Page, live_server: Any, theo: Any, link: Link
) -> None:
    call_command("prompts_load", verbosity=0)
    page = theo_phone
    page.goto(f"{live_server.url}/care/clients/{link.id}/")
    note = "Something gentle to try before Thursday"
    page.get_by_label("A note for them").fill(note)

    # The clinic's admin removes them meanwhile, while the page's "still here" (sent on typing) may
    # still be on its way: it waits for that, as on SQLite the two share one connection.
    with between_requests():
        Membership.objects.filter(user=theo).delete()
        members.clinic_links_settle(clinic=link.clinic, actor=None)

    page.get_by_role("button", name="Suggest it").click()
    heading = page.get_by_role("heading", name="You are no longer a therapist here")
    expect(heading).to_be_focused()
    expect(page.get_by_label("Your words, not sent")).to_have_value(note)
    assert not Assignment.objects.exists()
    assert_accessible(page)

"""A therapist's pages on paper: what clients shared and the homework, without the forms."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from care.models import Link
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clients_page_prints_without_the_empty_suggest_form(page: Page, live_server: Any, link: Link) -> None:
    sign_in(page, live_server.url, "theo@example.com")
    page.goto(f"{live_server.url}/care/clients/{link.id}/")
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", name="Homework")).to_be_visible()
    # An empty select, note box and date field printed under the homework list.
    expect(page.get_by_role("heading", name="Suggest a reflection")).to_be_hidden()
    expect(page.get_by_label("A note for them")).to_be_hidden()

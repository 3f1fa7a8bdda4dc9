from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=1, SESSION_IDLE_WARNING_SECONDS=57)
def test_a_gentle_warning_comes_before_the_lock_and_stay_keeps_the_session(
    signed_in_page: Page, live_server: Any
) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/account/settings/")
    dialog = page.get_by_role("dialog", name="Still there?")
    expect(dialog).to_be_visible(timeout=10_000)
    assert_accessible(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    page.reload()
    expect(page.locator("main h1")).to_have_text("Settings")

"""A clinic pastes a reflection that names a method, in Chromium on a desktop and on a phone:
the upload page refuses it, says which step and field, keeps the pasted text, and saves nothing."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from prompts.models import Sequence
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory
from tests.prompts.test_admin import CLINIC_SEQUENCE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "size", [{"width": 1280, "height": 800}, {"width": 375, "height": 812}], ids=["desktop", "phone"]
)
def test_an_upload_naming_a_method_is_refused_with_a_clear_message(page: Page, live_server: Any, size: Any) -> None:
    staff: Any = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    page.set_viewport_size(size)
    sign_in(page, live_server.url, staff.email)
    page.goto(f"{live_server.url}/admin/prompts/sequence/upload/")
    text = CLINIC_SEQUENCE.replace(
        "What would you like the group to know today?", "Have you thought about an overdose?"
    )
    page.get_by_label("Sequence (YAML)").fill(text)
    page.get_by_role("button", name="Check and save").click()

    expect(
        page.get_by_text(
            "the text box, step 1 (write), field 'question': names a way of self-harm or suicide ('overdose')"
        )
    ).to_be_visible()
    expect(page.get_by_text("you could speak of 'a hard moment' or 'the urge' instead")).to_be_visible()
    expect(page.get_by_label("Sequence (YAML)")).to_have_value(text)
    assert not Sequence.objects.filter(slug="before-a-group-session").exists()
    assert_accessible(page)

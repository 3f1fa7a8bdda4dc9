"""In Chromium at phone size: a plan step changed in another tab while the share page was open
comes back to be seen, and only then is shared."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from care import services
from care.models import Link
from safety.services import plan_step_save
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_step_changed_in_another_tab_is_shown_before_it_is_shared(
    browser: Browser, live_server: Any, link: Link, alice: Any, request: pytest.FixtureRequest
) -> None:
    plan_step_save(owner=alice, section="warning_signs", body="Staying in bed all day", obstacles="")
    context = browser.new_context(viewport={"width": 375, "height": 812})
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/care/share/plan/")
    expect(page.locator("main")).to_contain_text("Staying in bed all day")

    # Another tab saves new words while this page is open.
    plan_step_save(owner=alice, section="warning_signs", body="Not answering messages", obstacles="")
    page.get_by_role("button", name="Share with Theo Park").click()
    expect(page.get_by_role("status")).to_have_text(
        "Your plan changed in another tab. Here is how it reads now; share it if it still looks right."
    )
    expect(page.locator("main")).to_contain_text("Not answering messages")
    assert not link.shared_items.exists()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)

    page.get_by_role("button", name="Share with Theo Park").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Share a copy")
    copy = services.shared_item_read(link.shared_items.get())
    assert [step.body for step in copy.written_steps] == ["Not answering messages"]

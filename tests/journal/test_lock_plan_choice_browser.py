"""The safety plan's choice in the Journal lock card, in Chromium: lock it too (with its confirm
page), see the plan page ask for the passphrase, keep it open again. Desktop and phone; axe on each page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from journal.models import DataKey
from safety.services import plan_step_save
from tests.journal.test_lock_settings_browser import (
    PASSPHRASE,
    SIZES,
    _checked,
    _confirm_its_me_if_asked,
    _lock_card,
    signed_in_page,  # noqa: F401 (a fixture)
)

STEP = "When the house goes quiet I call Sam"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _plan_locked(person: Any) -> bool:
    return DataKey.objects.get(user=person, scope="plan").locked


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_lock_the_plan_too_then_keep_it_open_again(
    signed_in_page: Page,  # noqa: F811
    live_server: Any,
    alice: Any,
    size: str,
) -> None:
    page = signed_in_page
    page.set_viewport_size(SIZES[size])  # type: ignore[arg-type]
    settings_url = f"{live_server.url}/account/settings/"
    plan_step_save(owner=alice, section="on_my_own", body=STEP, obstacles="")
    page.goto(f"{live_server.url}/journal/lock/settings/turn-on/")
    _confirm_its_me_if_asked(page)
    page.get_by_label("I understand").check()
    page.get_by_label("Journal passphrase").fill(PASSPHRASE)
    page.get_by_label("The same passphrase again").fill(PASSPHRASE)
    page.get_by_role("button", name="Lock my journal").click()
    expect(page.locator("main h1")).to_have_text("Your journal lock is on")
    page.goto(settings_url)

    expect(_lock_card(page)).to_contain_text("Your safety plan and coping list stay open without your passphrase")
    _lock_card(page).get_by_role("link", name="Lock my safety plan too").click()
    expect(page.locator("main h1")).to_have_text("Lock your safety plan too?")
    _checked(page)
    page.get_by_role("button", name="Lock it too").click()
    page.wait_for_url(f"{settings_url}#messages")
    expect(page.locator(".messages")).to_contain_text("locked with your journal now")
    expect(_lock_card(page)).to_contain_text("Your safety plan and coping list are locked too.")
    _checked(page)
    assert _plan_locked(alice)

    # Locked now: the plan page asks for the passphrase, with crisis help right there.
    _lock_card(page).get_by_role("button", name="Lock my journal now").click()
    expect(_lock_card(page)).to_contain_text("Your safety plan and coping list are locked with it.")
    page.goto(f"{live_server.url}/safety/plan/")
    expect(page.locator("main")).not_to_contain_text(STEP)
    expect(page.locator("main").get_by_role("link", name="Get help now")).to_be_visible()
    _checked(page)
    page.get_by_label("Journal passphrase").fill(PASSPHRASE)
    page.locator("main form").get_by_role("button").first.click()
    page.wait_for_url(f"{live_server.url}/safety/plan/")
    expect(page.locator("main")).to_contain_text(STEP)

    page.goto(settings_url)
    _lock_card(page).get_by_role("button", name="Keep my safety plan open without the passphrase").click()
    expect(page.locator(".messages")).to_contain_text("open without your passphrase again")
    assert not _plan_locked(alice)

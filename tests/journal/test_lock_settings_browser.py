"""The journal lock from Settings in Chromium: turn it on, keep the recovery key, write, lock now,
open it again, turn it off. Desktop and phone; axe on every page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from journal import lock_services
from journal.models import DataKey, JournalLock
from tests.e2e.conftest import assert_accessible, close_pages_without_beacons, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 812}}
PASSPHRASE = "the tide comes back in"
NEW_PASSPHRASE = "lanterns along the harbour"


@pytest.fixture
def signed_in_page(page: Page, live_server: Any, alice: Any) -> Iterator[Page]:
    sign_in(page, live_server.url, alice.email)
    yield page
    close_pages_without_beacons(page)


def _checked(page: Page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def _confirm_its_me_if_asked(page: Page) -> None:
    if page.locator("main h1").inner_text() == "Confirm it's you":
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()


def _lock_card(page: Page) -> Any:
    return page.locator("section", has=page.get_by_role("heading", name="Journal lock"))


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_lock_the_journal_keep_the_key_write_lock_open_and_turn_it_off(
    signed_in_page: Page, live_server: Any, alice: Any, size: str
) -> None:
    page = signed_in_page
    page.set_viewport_size(SIZES[size])  # type: ignore[arg-type]
    settings_url = f"{live_server.url}/account/settings/"
    page.goto(settings_url)
    expect(_lock_card(page)).to_contain_text("Someone with both this server's database and its key file could read it.")

    # Turning it on: confirm it's you, read what it means, choose a passphrase.
    _lock_card(page).get_by_role("link", name="Lock my journal with a passphrase").click()
    _confirm_its_me_if_asked(page)
    expect(page.locator("main h1")).to_have_text("Lock your journal with a passphrase")
    _checked(page)
    page.get_by_label("Journal passphrase").fill(PASSPHRASE)
    page.get_by_label("The same passphrase again").fill(PASSPHRASE)
    page.get_by_role("button", name="Lock my journal").click()
    # The box is the one thing left: a kind word beside it, and no passphrase kept in the page.
    expect(page.locator("#id_understood_error")).to_contain_text("Tick the box when you're ready.")
    expect(page.get_by_label("Journal passphrase")).to_have_value("")
    assert not JournalLock.objects.filter(user=alice).exists()
    page.get_by_label("I understand").check()
    page.get_by_label("Journal passphrase").fill(PASSPHRASE)
    page.get_by_label("The same passphrase again").fill(PASSPHRASE)
    page.get_by_role("button", name="Lock my journal").click()

    # The recovery key, once: big, grouped, printable.
    expect(page.locator("main h1")).to_have_text("Your journal lock is on")
    shown = page.locator("[data-recovery-key]").inner_text()
    recovery_key = "-".join(shown.split())
    assert re.fullmatch(r"([0-9A-Z]{4}-){7}[0-9A-Z]{4}", recovery_key), shown
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
    _checked(page)
    assert lock_services.lock_open_with_recovery_key(user=alice, recovery_key=recovery_key)
    page.get_by_role("link", name="I've kept it safe").click()
    page.wait_for_url(settings_url)
    expect(_lock_card(page)).to_contain_text("Only your passphrase or recovery key opens your journal.")
    _checked(page)

    # While it is open here, writing works as it always did.
    page.goto(f"{live_server.url}/journal/new/")
    page.get_by_label("Title").fill("Harbour walk")
    page.get_by_label("What's on your mind").fill("The lights came on one by one.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/journal/[0-9a-f-]{36}/#messages$"))
    expect(page.locator("main")).to_contain_text("The lights came on one by one.")
    # The journal key is sealed; the safety plan keeps its own key, outside the lock.
    assert dict(DataKey.objects.filter(user=alice).values_list("scope", "locked")) == {"journal": True, "plan": False}

    # Lock now: the card says it is locked and where to open it.
    page.goto(settings_url)
    _lock_card(page).get_by_role("button", name="Lock my journal now").click()
    expect(page.locator(".messages")).to_contain_text("Your journal is locked.")
    expect(_lock_card(page)).to_contain_text("Your journal is locked right now.")
    expect(_lock_card(page).get_by_role("link", name="Open my journal")).to_have_attribute(
        "href", "/journal/unlock/?next=/account/settings/"
    )
    _checked(page)

    # The passphrase of today opens it again here, as it changes to a new one.
    page.goto(f"{live_server.url}/journal/lock/settings/passphrase/")
    page.get_by_label("Your journal passphrase now").fill("not the one")
    page.get_by_label("New journal passphrase").fill(NEW_PASSPHRASE)
    page.get_by_label("The new passphrase again").fill(NEW_PASSPHRASE)
    page.get_by_role("button", name="Change passphrase").click()
    expect(page.locator("#id_current_error")).to_contain_text("That isn't the passphrase that opens your journal.")
    _checked(page)
    page.get_by_label("Your journal passphrase now").fill(PASSPHRASE)
    page.get_by_label("New journal passphrase").fill(NEW_PASSPHRASE)
    page.get_by_label("The new passphrase again").fill(NEW_PASSPHRASE)
    page.get_by_role("button", name="Change passphrase").click()
    page.wait_for_url(f"{settings_url}#messages")
    expect(page.locator(".messages")).to_contain_text("Your journal passphrase is changed.")
    expect(_lock_card(page)).to_contain_text("Your journal is open in this browser")

    # Turning it off: what it means, then back to the server's key.
    _lock_card(page).get_by_role("link", name="Turn the lock off").click()
    _confirm_its_me_if_asked(page)
    expect(page.locator("main h1")).to_have_text("Turn the journal lock off")
    _checked(page)
    page.get_by_role("button", name="Turn the lock off").click()
    page.wait_for_url(f"{settings_url}#messages")
    expect(page.locator(".messages")).to_contain_text("The lock is off.")
    expect(_lock_card(page)).to_contain_text("Your writing is encrypted.")
    assert not JournalLock.objects.filter(user=alice).exists()
    page.goto(f"{live_server.url}/journal/")
    expect(page.locator("main")).to_contain_text("Harbour walk")

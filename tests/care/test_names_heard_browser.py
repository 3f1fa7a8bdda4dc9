"""Buttons and links that say which item they act on are heard without a stray space.

Chromium hears a space before a visually hidden span, so "Save" followed by a hidden ": Tea" was
"Save : Tea". Each name now comes from an aria-label that starts with the words on screen."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils.formats import date_format
from playwright.sync_api import Browser, Page, expect

from care import services, suggestions
from care.models import Link
from care.services import share_entry
from journal.services import entry_create, entry_trash
from progress.models import VictoryKind
from progress.services import victory_add
from safety.services import coping_item_add, coping_item_set_hidden, coping_list_start, plan_step_save
from tests.care.conftest import therapist_of, write
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _heard(page: Page, role: str, name: str) -> None:
    expect(page.get_by_role(role, name=name, exact=True)).to_have_count(1)  # type: ignore[arg-type]


def test_each_item_s_button_and_link_is_heard_without_a_stray_space(
    browser: Browser, live_server: Any, alice: Any, link: Link, request: pytest.FixtureRequest
) -> None:
    coping_list_start(owner=alice)
    coping_item_add(owner=alice, group="comfort", text="Warm tea")
    coping_item_set_hidden(item=coping_item_add(owner=alice, group="comfort", text="Long bath"), hidden=True)
    entry_create(author=alice, title="", body="Walked to the shop")
    entry_trash(entry=entry_create(author=alice, title="Monday", body="A long day"))
    victory_add(owner=alice, kind=VictoryKind.URGE, about_on=date(2026, 12, 1))
    plan_step_save(owner=alice, section="warning_signs", body="Not sleeping", obstacles="")
    plan_step_save(owner=alice, section="on_my_own", body="Music", obstacles="")
    item = services.share_plan(link=link)
    suggestions.plan_suggestion_create(item=item, section="warning_signs", body="Up late", therapist=therapist_of(link))
    taken = suggestions.plan_suggestion_create(item=item, section="on_my_own", body="Tea", therapist=therapist_of(link))
    suggestions.plan_suggestion_accept(suggestion=taken)

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)

    page.goto(f"{live_server.url}/safety/coping/edit/")
    _heard(page, "button", "Save: Warm tea")
    _heard(page, "button", "Hide: Warm tea")
    page.get_by_text("1 hidden idea", exact=True).click()
    _heard(page, "button", "Show again: Long bath")

    page.goto(f"{live_server.url}/journal/trash/")
    _heard(page, "button", "Bring it back: Monday")

    page.goto(f"{live_server.url}/journal/")
    heading = page.locator(".journal-item h3 a").first.inner_text()
    _heard(page, "link", f"{heading}, Walked to the shop")

    page.goto(f"{live_server.url}/look-back/victories/")
    which = "An urge that passed, 1 December 2026"
    _heard(page, "link", f"Add a note: {which}")
    _heard(page, "link", f"Remove: {which}")

    page.goto(f"{live_server.url}/care/")
    _heard(page, "button", "Use the suggested words: Warning signs and triggers")
    _heard(page, "button", "Keep my own words: Warning signs and triggers")
    _heard(page, "button", "Put my words back: Things I can do on my own")
    _heard(page, "button", "Keep the new words: Things I can do on my own")


def test_what_a_client_shared_and_not_opened_yet_is_heard_without_a_stray_space(
    browser: Browser, live_server: Any, link: Link, alice: Any, theo: Any, request: pytest.FixtureRequest
) -> None:
    # A hidden ", " before the mark was heard, and brailled, as "… 7 December 2026 , not opened yet".
    item = share_entry(link=link, entry=write(alice, "Tonight was hard"))
    assert item.written_on is not None
    copy = f"Journal entry · {date_format(item.written_on, 'DATE_FORMAT')}"

    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, theo.email)

    page.goto(f"{live_server.url}{reverse('care:dashboard')}")
    client = page.get_by_role("link", name="alice@example.com, shared something new", exact=True)
    expect(client).to_have_text("alice@example.com shared something new")  # what a therapist reads is unchanged
    _heard(page, "link", f"{copy}, not opened yet")
    client.tap()
    _heard(page, "link", f"{copy}, not opened yet")
    page.get_by_role("link", name=f"{copy}, not opened yet", exact=True).tap()

    page.goto(f"{live_server.url}{reverse('care:dashboard')}")
    _heard(page, "link", "alice@example.com")  # opened: the words on screen alone
    _heard(page, "link", copy)
    page.goto(f"{live_server.url}{reverse('care:client', args=[link.id])}")
    _heard(page, "link", copy)

"""An entry's lines of who has a copy, and "Shared.", as Chromium draws them on a phone at night:
each name once, in one list with "and", with the words true of whether they can read it yet."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from care.models import Clinic
from care.services import share_entry as share_with_therapist
from journal.services import entry_create
from supporters import services
from tests.care.conftest import link_people, member
from tests.e2e.conftest import assert_accessible, phone_signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_entry_says_who_reads_it_now_and_who_waits_for_a_link(
    browser: Browser, request: pytest.FixtureRequest, live_server: Any, alice: Any
) -> None:
    entry = entry_create(author=alice, title="Tuesday", body="A long day, and I got through it.")
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    for name, email in [("Theo P.", "theo@example.com"), ("Tess Lin", "tess@example.com")]:
        share_with_therapist(link=link_people(member(clinic, email, name=name), alice), entry=entry)
    jo = services.supporter_add(owner=alice, name="Jo")
    services.link_make(supporter=jo, days=7, with_code=False)
    sam = services.supporter_add(owner=alice, name="Sam")
    for supporter in [jo, sam]:
        services.share_entry(supporter=supporter, entry=entry)

    page = phone_signed_in(browser, request, live_server.url, alice.email, width=375, height=812)
    page.goto(f"{live_server.url}/journal/{entry.id}/")
    therapists = page.locator(".care-share .muted")
    expect(therapists).to_contain_text("A copy is shared with Tess Lin and Theo P. Manage sharing")
    people = page.locator(".supporter-shared")
    expect(people).to_contain_text("A copy is shared with Jo.")
    expect(people).to_contain_text("A copy waits for Sam until they have a link.")
    expect(people).not_to_contain_text("can still read")
    assert_accessible(page)

    page.get_by_role("link", name="Share with someone you trust").click()
    page.get_by_label("Share with").select_option(label="Sam")
    page.get_by_role("button", name="Share", exact=True).click()
    expect(page.locator("#messages")).to_contain_text(
        "Shared. They can read it once they have a link. You can stop sharing it at any time from this page."
    )
    expect(page.locator("#messages")).to_be_focused()
    assert_accessible(page)


def test_manage_sharing_by_keyboard_lands_on_what_they_can_read(
    browser: Browser, request: pytest.FixtureRequest, live_server: Any, alice: Any
) -> None:
    # "Manage sharing" under an entry opens the person's page at "What they can read": focus lands
    # there, as the same link for a therapist does, not on the page's <body>, where a screen reader
    # on a phone began again at the help bar and the menu.
    entry = entry_create(author=alice, title="Tuesday", body="A long day, and I got through it.")
    sam = services.supporter_add(owner=alice, name="Sam")
    services.share_entry(supporter=sam, entry=entry)

    page = phone_signed_in(browser, request, live_server.url, alice.email, width=375, height=812)
    page.goto(f"{live_server.url}/journal/{entry.id}/")
    page.get_by_role("link", name="Manage sharing").press("Enter")
    heading = page.get_by_role("heading", name="What they can read")
    expect(heading).to_be_focused()
    # In sight below the help bar pinned at the top, with its ring.
    assert heading.evaluate("el => el.getBoundingClientRect().top") >= page.evaluate(
        "document.getElementById('crisis-strip').getBoundingClientRect().bottom"
    )
    assert heading.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Tuesday")).to_be_focused()
    assert_accessible(page)

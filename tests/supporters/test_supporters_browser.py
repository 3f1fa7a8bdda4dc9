"""Sharing with a supporter, end to end in Chromium: the person writes a letter and shares it, a
fresh browser reads and replies, the person sees it in the log and stops, and the supporter's page then says so.
On the way, a link checker's visit logs no opening: only pressing "Open it", or typing the code, does."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from journal.models import Entry
from journal.services import entry_create
from safety.services import crisis_resources_load
from supporters.models import SupporterEvent
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _openings() -> int:
    return SupporterEvent.objects.filter(action=SupporterEvent.Action.OPENED).count()


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (375, 812)], ids=["desktop", "phone"])
def test_share_read_reply_and_stop(browser: Browser, live_server: Any, alice: Any, width: int, height: int) -> None:
    crisis_resources_load()
    call_command("prompts_load", verbosity=0)
    entry_create(author=alice, title="Only mine", body="A page I keep to myself.")
    viewport: Any = {"width": width, "height": height}

    person = browser.new_context(viewport=viewport, locale="en-GB")
    page = person.new_page()
    sign_in(page, live_server.url, alice.email)

    # Add Sam from the home page's link.
    page.get_by_role("link", name="The people you trust: share something with them").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The people you trust")
    assert_accessible(page)
    page.get_by_label("Their name").fill("Sam")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam")
    assert_accessible(page)

    # Write the letter, from the same page, one step at a time.
    page.get_by_role("link", name="Back to the people you trust").click()
    page.get_by_role("link", name="Write them a letter: “What I'd like you to know”").click()
    page.get_by_role("button", name="Begin").click()
    answers = ["The last weeks were hard.", "Listening helps most.", "Advice straight away.", "A walk.", "The past."]
    for number, answer in enumerate(answers, start=1):
        expect(page.locator(".run-progress")).to_have_text(f"Step {number} of 5")
        page.get_by_role("textbox").fill(answer)
        page.get_by_role("button", name="Finish" if number == len(answers) else "Next").click()
    expect(page.get_by_role("heading", name="Thank you", level=1)).to_be_visible()
    entry = Entry.objects.get(owner=alice, kind=Entry.Kind.REFLECTION)

    # Share the letter from its own page, after seeing exactly what Sam will read.
    page.goto(f"{live_server.url}/journal/{entry.id}/")
    page.get_by_role("link", name="Share with someone you trust").click()
    expect(page.locator(".care-snapshot")).to_contain_text("The last weeks were hard.")
    expect(page.locator(".care-snapshot")).to_contain_text("Listening helps most.")
    assert_accessible(page)
    page.get_by_label("Share with").select_option(label="Sam")
    page.get_by_role("button", name="Share", exact=True).click()
    expect(page.get_by_role("heading", name="What they can read")).to_be_visible()

    # First a plain link, with no code.
    page.get_by_role("button", name="Make a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Their link is ready")
    plain_url = page.get_by_label("Their private link").input_value()
    page.get_by_role("link", name="Done").click()

    # A mail app's link checker fetches it first, with no cookies: nobody has read anything.
    checker = browser.new_context()
    checked = checker.request.get(plain_url)
    assert checked.status == 200 and "Listening helps most." not in checked.text()
    checker.close()
    assert _openings() == 0

    # Sam, in a fresh browser with no account, sees only the way in until he opens it.
    supporter = browser.new_context(viewport=viewport, locale="en-GB")
    sam = supporter.new_page()
    sam.goto(plain_url)
    expect(sam.get_by_role("heading", level=1)).to_have_text("A private page for you")
    expect(sam.get_by_text("Opening it lets them know it reached you.")).to_be_visible()
    expect(sam.get_by_text("Listening helps most.")).to_have_count(0)
    assert _openings() == 0
    assert_accessible(sam)
    open_button = sam.get_by_role("button", name="Open it")
    box = open_button.bounding_box()
    assert box is not None and box["height"] >= 44
    open_button.click()
    expect(sam.get_by_role("heading", level=1)).to_have_text("Shared with you")
    expect(sam.locator(".care-snapshot")).to_contain_text("Listening helps most.")
    assert _openings() == 1
    sam.reload()
    expect(sam.locator(".care-snapshot")).to_contain_text("Listening helps most.")
    assert _openings() == 1, "a reload is the same opening"

    # Then a new link (it ends the plain one), with a code told in person.
    page.get_by_label("30 days").check()
    page.get_by_label("Also ask for a code that I tell them myself").check()
    page.get_by_role("button", name="Make a new link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Their link is ready")
    assert_accessible(page)
    url = page.get_by_label("Their private link").input_value()
    code = page.locator(".supporter-code strong").inner_text()

    sam.goto(url)
    expect(sam.get_by_role("heading", level=1)).to_have_text("A private page for you")
    expect(sam.get_by_text("Listening helps most.")).to_have_count(0)
    assert_accessible(sam)
    sam.get_by_label("The code they told you").fill(code)
    sam.get_by_role("button", name="Open").click()
    # The code was the opening: no second button, one more line in the log.
    expect(sam.get_by_role("heading", level=1)).to_have_text("Shared with you")
    assert _openings() == 2
    expect(sam.locator(".care-snapshot")).to_contain_text("What I need from you now")
    expect(sam.locator(".care-snapshot")).to_contain_text("Listening helps most.")
    expect(sam.get_by_text("A page I keep to myself.")).to_have_count(0)
    expect(sam.get_by_role("link", name="Read the guide for family and friends")).to_be_visible()
    expect(sam.locator(".supporter-urgent").get_by_role("link", name="Call 999")).to_be_visible()
    assert sam.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert_accessible(sam)
    sam.get_by_role("textbox", name="Your words to them").fill("Thank you for telling me. I'm here, and I'm listening.")
    sam.get_by_role("button", name="Send").click()
    expect(
        sam.get_by_text("Sent. It waits for them in Waypoint, on their page of the people they trust.")
    ).to_be_visible()
    expect(sam.locator(".care-snapshot")).to_contain_text("Listening helps most.")
    assert _openings() == 2, "sending a reply is not another opening"

    # The person sees the opening and the reply, then stops sharing everything.
    page.get_by_role("link", name="Done").click()
    expect(page.get_by_text("Thank you for telling me. I'm here, and I'm listening.")).to_be_visible()
    expect(page.get_by_role("cell", name="They opened it").first).to_be_visible()
    expect(page.get_by_role("cell", name="They wrote back")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Stop sharing everything with them").click()
    assert_accessible(page)
    page.get_by_role("button", name="Stop sharing everything").click()
    expect(page.get_by_text("Sharing stopped. Their link now says that nothing is shared with them.")).to_be_visible()

    sam.reload()
    expect(sam.get_by_role("heading", level=1)).to_have_text("Nothing is shared with you here now")
    expect(sam.get_by_text("Listening helps most.")).to_have_count(0)
    assert_accessible(sam)
    supporter.close()
    person.close()

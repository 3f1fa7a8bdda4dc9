"""A supporter's reply written while one account was signed in on the phone, and sent after someone
else signed in there (in another tab). The reply needs no account, so it is never lost to that:
with JavaScript it goes; without, the words come back with one more Send to press."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from journal.services import entry_create
from safety.services import crisis_resources_load
from supporters import selectors, services
from supporters.models import Supporter
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = "I'm here for you, whenever you want to talk."
SENT = "Sent. It waits for them in Waypoint, on their page of the people they trust."


def _writing_then_carol_signs_in(
    browser: Browser, live_server: Any, alice: Any, bob: Any, request: pytest.FixtureRequest
) -> tuple[Page, Supporter]:
    crisis_resources_load()
    carol: Any = UserFactory(email="carol@example.com")
    supporter = services.supporter_add(owner=alice, name="Bob")
    services.share_entry(supporter=supporter, entry=entry_create(author=alice, title="", body="For Bob"))
    new = services.link_make(supporter=supporter, days=7, with_code=False)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    request.addfinalizer(context.close)

    page = context.new_page()
    sign_in(page, live_server.url, bob.email)
    page.goto(f"{live_server.url}/people-around-you/for-you/{new.token}/")
    page.get_by_role("button", name="Open it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Shared with you")
    page.wait_for_load_state()
    page.get_by_role("textbox", name="Your words to them").fill(WORDS)

    # Meanwhile, in another tab on the same phone, Bob signs out and Carol signs in.
    other = context.new_page()
    other.goto(f"{live_server.url}/accounts/logout/")
    other.get_by_role("button", name="Sign out now").click()
    other.wait_for_load_state()
    sign_in(other, live_server.url, carol.email)
    other.close()
    page.bring_to_front()
    return page, supporter


def test_with_javascript_the_reply_goes(
    browser: Browser, live_server: Any, alice: Any, bob: Any, request: pytest.FixtureRequest
) -> None:
    page, supporter = _writing_then_carol_signs_in(browser, live_server, alice, bob, request)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status").filter(has_text=SENT)).to_be_visible()
    assert [view.body for view in selectors.replies_for(supporter=supporter)] == [WORDS]


def test_a_form_sent_with_the_old_token_gives_the_words_back_to_send_again(
    browser: Browser, live_server: Any, alice: Any, bob: Any, request: pytest.FixtureRequest
) -> None:
    page, supporter = _writing_then_carol_signs_in(browser, live_server, alice, bob, request)
    # As a browser without JavaScript sends it: the token the page was drawn with, from before
    # Carol signed in (form.submit() skips the script that would put the new one in).
    page.evaluate("document.querySelector('form[data-needs-no-account]').submit()")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your words are still here")
    box = page.get_by_role("textbox", name="Your words to them")
    expect(box).to_have_value(WORDS)
    assert selectors.replies_for(supporter=supporter) == []
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status").filter(has_text=SENT)).to_be_visible()
    assert [view.body for view in selectors.replies_for(supporter=supporter)] == [WORDS]


def test_the_words_given_back_stay_when_the_lock_comes(
    browser: Browser, live_server: Any, alice: Any, bob: Any, request: pytest.FixtureRequest
) -> None:
    # The words on "send again" are held nowhere else: the page came with them, so nothing tells
    # them from the page's own text but data-unsent. Carol's idle lock comes while they wait there:
    # the page stays, covered, with the words, instead of opening the supporter's page again empty.
    page, supporter = _writing_then_carol_signs_in(browser, live_server, alice, bob, request)
    page.evaluate("document.querySelector('form[data-needs-no-account]').submit()")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your words are still here")
    # The lock decides at once (waypoint.js lockNow): cover the page, or open it again. Covered,
    # it stays; the words are looked at only then, as the page opening again would still show them.
    page.evaluate("document.body.dispatchEvent(new Event('waypoint:locked'))")
    expect(page.locator("body")).to_have_class(re.compile(r"\bidle-covered\b"))
    expect(page.locator("textarea[name=body]")).to_have_value(WORDS)
    assert selectors.replies_for(supporter=supporter) == []

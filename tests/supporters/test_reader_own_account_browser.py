"""A supporter who has a Waypoint account of their own, signed in on the phone where the person's
link opens. Their idle lock may come while they take a long time over a few words back: the lock
signs them out and keeps the words out of sight until asked, as on every page, but Send then goes
at once. The reply needs no account, so they are never asked to sign in to their own to send it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import Browser, expect

from journal.services import entry_create
from safety.services import crisis_resources_load
from supporters import selectors, services
from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.test_idle_lock import _last_seen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = "I took a long time to find these words. I'm here."


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=1, SESSION_IDLE_WARNING_SECONDS=57)
def test_send_after_their_own_idle_lock_goes_without_signing_in_again(
    browser: Browser, live_server: Any, alice: Any, bob: Any, request: pytest.FixtureRequest
) -> None:
    crisis_resources_load()
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
    page.wait_for_load_state()  # waypoint.js (deferred) listens for typing from here on

    reply = page.get_by_role("textbox", name="Your words to them")
    # Typing tells the server he is here; once it has, the server's clock is set back past the lock.
    with page.expect_response(lambda response: "/account/still-here/" in response.url):
        reply.fill(WORDS)
    _last_seen(page, 120)

    notice = page.locator("#idle-locked")
    expect(notice).to_be_visible(timeout=15_000)
    expect(reply).to_be_hidden()  # out of sight on an unattended screen, as on every page
    page.get_by_role("button", name="Show what I wrote").click()
    expect(reply).to_have_value(WORDS)
    page.get_by_role("button", name="Send").click()

    sent = page.get_by_role("status").filter(
        has_text="Sent. It waits for them in Waypoint, on their page of the people they trust."
    )
    expect(sent).to_be_visible()
    expect(sent).to_be_focused()
    assert_accessible(page)
    assert [view.body for view in selectors.replies_for(supporter=supporter)] == [WORDS]
    # Signed out of his own account: the header's menu offers signing in, not his journal.
    expect(page.locator('header a[href="/accounts/login/"]').first).to_be_attached()
    expect(page.locator('header a[href="/journal/"]')).to_have_count(0)


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=1, SESSION_IDLE_WARNING_SECONDS=57)
def test_their_own_idle_lock_with_nothing_typed_opens_the_page_again_signed_out(
    browser: Browser, live_server: Any, alice: Any, bob: Any, request: pytest.FixtureRequest
) -> None:
    # Reading, not writing, when his own session's lock comes: the page closes as for anyone whose
    # hour is up (the copies out of sight, "Open it" again), not "You were signed out" about his journal.
    crisis_resources_load()
    supporter = services.supporter_add(owner=alice, name="Bob")
    services.share_entry(supporter=supporter, entry=entry_create(author=alice, title="", body="For Bob"))
    new = services.link_make(supporter=supporter, days=7, with_code=False)

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, bob.email)
    address = f"{live_server.url}/people-around-you/for-you/{new.token}/"
    page.goto(address)
    page.get_by_role("button", name="Open it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Shared with you")
    page.wait_for_load_state()
    _last_seen(page, 120)

    expect(page.get_by_role("button", name="Open it")).to_be_visible(timeout=15_000)
    assert page.url == address
    expect(page.get_by_text("For Bob")).to_have_count(0)
    expect(page.locator('header a[href="/journal/"]')).to_have_count(0)  # signed out of his own account


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=1, SESSION_IDLE_WARNING_SECONDS=57)
@pytest.mark.parametrize("with_code", [False, True], ids=["open-it", "code"])
def test_their_own_idle_lock_on_the_first_page_keeps_them_there(
    browser: Browser, live_server: Any, alice: Any, bob: Any, request: pytest.FixtureRequest, with_code: bool
) -> None:
    # "Open it", or the code, not yet pressed: the lock leaves them on the person's page for them.
    crisis_resources_load()
    supporter = services.supporter_add(owner=alice, name="Bob")
    new = services.link_make(supporter=supporter, days=7, with_code=with_code)

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, bob.email)
    address = f"{live_server.url}/people-around-you/for-you/{new.token}/"
    page.goto(address)
    page.wait_for_load_state()
    expect(page.locator('header a[href="/journal/"]').first).to_be_attached()
    _last_seen(page, 120)

    expect(page.locator('header a[href="/journal/"]')).to_have_count(0, timeout=15_000)
    assert page.url == address
    expect(page.get_by_role("heading", level=1)).to_have_text("A private page for you")

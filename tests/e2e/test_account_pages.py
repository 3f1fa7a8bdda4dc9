"""Every account page a person meets, checked by axe-core in the real browser, signed out and in."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIGNED_OUT = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/account/locked/"]
SIGNED_IN = [
    "/account/settings/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/sessions/",
    "/accounts/2fa/totp/activate/",
    "/accounts/2fa/webauthn/add/",
]


def test_account_pages_signed_out_are_accessible(page: Page, live_server: Any) -> None:
    for url in SIGNED_OUT:
        page.goto(f"{live_server.url}{url}")
        expect(page.locator("#crisis-strip")).to_be_visible()
        assert_accessible(page)


def test_account_pages_signed_in_are_accessible_in_light_and_dark(page: Page, live_server: Any, alice: Any) -> None:
    sign_in(page, live_server.url, alice.email)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for url in SIGNED_IN:
            page.goto(f"{live_server.url}{url}")
            if "/reauthenticate/" in page.url:
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Confirm").click()
            expect(page.locator("#crisis-strip")).to_be_visible()
            assert_accessible(page)


def test_keyboard_alone_reaches_the_main_content_first(page: Page, live_server: Any) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # The next stop after skipping is inside the main content, not the header again.
    assert page.evaluate("document.activeElement.closest('main') !== null")


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 800)])
def test_sign_in_tabs_from_email_to_password_to_the_button_then_forgot(
    page: Page, live_server: Any, alice: Any, width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(alice.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Forgot your password?")).to_be_focused()
    assert_accessible(page)

    # Enter in the password signs in; it never opens the reset page.
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def test_on_a_phone_nothing_scrolls_sideways(page: Page, live_server: Any, alice: Any) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server.url, alice.email)
    for url in ["/", "/account/settings/", "/accounts/2fa/"]:
        page.goto(f"{live_server.url}{url}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), url


def test_on_the_phone_the_authenticator_app_is_on_the_setup_key_can_be_read_whole_and_copied(
    page: Page, live_server: Any, alice: Any
) -> None:
    # Its own screen can't be scanned: the key is the way in, so it must be whole and copyable.
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
    if "/reauthenticate/" in page.url:
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    key = page.get_by_label("Setup key")
    expect(key).to_be_visible()
    secret = key.input_value()
    assert len(secret) >= 16
    expect(key).to_be_enabled()
    expect(key).not_to_be_editable()
    # Nothing of it hidden past the box's edge.
    assert key.evaluate("k => k.scrollWidth <= k.clientWidth && k.scrollHeight <= k.clientHeight")
    # The keyboard reaches it, and it can be selected for a copy.
    page.get_by_label("Authenticator code").focus()
    page.keyboard.press("Shift+Tab")
    expect(key).to_be_focused()
    page.keyboard.press("Control+a")
    assert key.evaluate("k => k.value.substring(k.selectionStart, k.selectionEnd)") == secret
    # Or the app opens straight from the page, with the same key.
    app_link = page.get_by_role("link", name="Open it in your authenticator app")
    assert (app_link.get_attribute("href") or "").startswith("otpauth://totp/")
    assert f"secret={secret}" in (app_link.get_attribute("href") or "")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)


@pytest.mark.parametrize("width", [375, 1280])
def test_a_heading_after_a_button_or_form_stands_apart_from_it(
    page: Page, live_server: Any, alice: Any, width: int
) -> None:
    # A form or a button has no margin below it: the next heading touched it.
    page.set_viewport_size({"width": width, "height": 800})

    def gap_above(heading: str) -> float:
        # From what shows above it: a hidden message (a passkey's problem) takes no room.
        return float(
            page.get_by_role("heading", name=heading).evaluate(
                """h => { let above = h.previousElementSibling;
                  while (above && !above.getClientRects().length) above = above.previousElementSibling;
                  return h.getBoundingClientRect().top - above.getBoundingClientRect().bottom; }"""
            )
        )

    page.goto(f"{live_server.url}/accounts/login/")
    assert gap_above("New here?") >= 16  # under "Sign in with a passkey"

    TOTP.activate(alice, generate_totp_secret())
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="One more step")).to_be_visible()
    assert gap_above("Or use a key") >= 16  # under the code's Sign in and Cancel
    assert_accessible(page)


def test_back_after_deleting_never_asks_to_send_the_form_again(page: Page, live_server: Any, alice: Any) -> None:
    # Sent once without the tick, the form's answer was a page to a POST: Back from "Your account
    # is deleted" led to Chromium's "Confirm Form Resubmission" (net::ERR_CACHE_MISS here).
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/account/delete/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Nothing has been deleted")).to_be_visible()
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", name="Your account is deleted")).to_be_visible()
    back = page.go_back()
    assert back is not None and back.request.method == "GET"
    expect(page.get_by_role("heading", name="Sign in to your journal")).to_be_visible()


def test_signing_in_with_empty_boxes_is_answered_in_waypoints_words(page: Page, live_server: Any) -> None:
    # The browser answered an empty box itself, "Please fill out this field." (an order, in its own
    # words), and Waypoint's gentler "Could you fill this in?" never showed.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("Could you fill this in?").first).to_be_visible()
    assert_accessible(page)

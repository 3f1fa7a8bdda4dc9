"""Passkeys in the real browser, with Chromium's virtual authenticator standing in for a phone or key."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD
from tests.totp import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _a_phone_with_a_passkey_reader(page: Page) -> None:
    """Chromium's virtual authenticator, holding no passkey until one is added."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def test_a_person_adds_a_passkey_and_signs_in_with_it_alone(signed_in_page: Page, live_server: Any, alice: Any) -> None:
    page = signed_in_page
    _a_phone_with_a_passkey_reader(page)

    page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
    if "/reauthenticate/" in page.url:
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    assert_accessible(page)
    page.get_by_label("Name").fill("My phone")
    page.get_by_label("Use it to sign in without a password").check()
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("main")).to_contain_text("Recovery codes")

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_a_passkey_the_browser_stops_says_so_beside_the_button(page: Page, live_server: Any, alice: Any) -> None:
    # Cancelled, or no passkey on this phone: allauth's script only wrote to the console, and the
    # button seemed to do nothing at all.
    _a_phone_with_a_passkey_reader(page)
    page.goto(f"{live_server.url}/accounts/login/")
    problem = page.get_by_role("alert")
    expect(problem).to_be_hidden()
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(problem).to_have_text(
        "The passkey didn't go through. You could try again, or sign in with your email and password."
    )
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    # Apart from the button above it and the heading below, not pressed between them.
    gaps = problem.evaluate(
        """p => [p.getBoundingClientRect().top - p.previousElementSibling.getBoundingClientRect().bottom,
                 p.nextElementSibling.getBoundingClientRect().top - p.getBoundingClientRect().bottom]"""
    )
    assert gaps[0] >= 8 and gaps[1] >= 16, gaps


def test_adding_the_same_phone_twice_says_it_is_already_there(signed_in_page: Page, live_server: Any) -> None:
    # The browser refuses a key the account has already; "You could try again" led to the same
    # refusal each time, with no word of why.
    page = signed_in_page
    _a_phone_with_a_passkey_reader(page)
    for attempt in ("first", "again"):
        page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
        if "/reauthenticate/" in page.url:
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Confirm").click()
        page.get_by_role("button", name="Add", exact=True).click()
        if attempt == "first":
            expect(page.locator("main")).to_contain_text("Recovery codes")
    problem = page.get_by_role("alert")
    expect(problem).to_have_text(
        "This phone or key is one of your passkeys already, so there is nothing more to add here."
    )
    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/webauthn/add/")
    assert_accessible(page)


def test_the_add_a_passkey_page_fits_a_phone_at_200_percent_zoom(
    browser: Browser, live_server: Any, alice: Any
) -> None:
    # The box's help stood beside it as a third column, running 90 px past the screen's edge.
    context = browser.new_context(
        viewport={"width": 188, "height": 406}, device_scale_factor=4, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    box = page.get_by_label("Use it to sign in without a password")
    expect(box).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    help_text = page.get_by_text("Your phone or key then asks for your fingerprint")
    help_box, label_box = help_text.bounding_box(), page.locator("label[for=id_passwordless]").bounding_box()
    assert help_box is not None and label_box is not None
    assert help_box["y"] >= label_box["y"] + label_box["height"], "the help reads under its label"
    context.close()


def test_removing_a_key_with_a_long_one_word_name_fits_a_small_phone(
    browser: Browser, live_server: Any, alice: Any
) -> None:
    # "You won't be able to sign in with “AlexandraMontgomerysWorkPhone2024”" ran past a 320 px
    # screen's edge, and the whole page scrolled sideways.
    context = browser.new_context(viewport={"width": 320, "height": 700}, has_touch=True, is_mobile=True)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    _a_phone_with_a_passkey_reader(page)
    page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Name").fill("AlexandraMontgomerysWorkPhone2024")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("main")).to_contain_text("Recovery codes")

    page.goto(f"{live_server.url}/accounts/2fa/webauthn/")
    page.get_by_role("link", name="Remove AlexandraMontgomerysWorkPhone2024").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove this key?")
    expect(page.locator("main")).to_contain_text("AlexandraMontgomerysWorkPhone2024")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    context.close()


def _without_javascript(browser: Browser, request: pytest.FixtureRequest) -> Page:
    """A phone with scripts turned off. axe is not run here: it waits on the page's timers, which
    never fire with scripts off, so the check would hang rather than fail."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    request.addfinalizer(context.close)
    return context.new_page()


def _says_passkeys_need_javascript_once_in_main(page: Page, then: str = "") -> None:
    # Playwright's text search skips <noscript>, so the note is found by where it is.
    expect(page.locator("noscript p")).to_have_count(1)
    note = page.locator("main noscript p")
    said = "Passkeys need JavaScript, which is turned off in this browser."
    expect(note).to_have_text(f"{said} {then}" if then else said)
    expect(note).to_be_visible()


def _add_a_passkey(page: Page, base_url: str) -> None:
    """Alice, signed in with scripts on, adds the virtual authenticator's passkey."""
    _a_phone_with_a_passkey_reader(page)
    page.goto(f"{base_url}/accounts/2fa/webauthn/add/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Name").fill("My phone")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("main")).to_contain_text("Recovery codes")


def test_without_javascript_sign_in_says_passkeys_need_it_instead_of_offering_a_dead_button(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    # The button sent allauth's empty passkey form, and the page came back with "This field is
    # required." above a form with nothing missing; the note why sat below the footer.
    page = _without_javascript(browser, request)
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("button", name="Sign in with a passkey")).to_be_hidden()
    _says_passkeys_need_javascript_once_in_main(page)
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(f"{live_server.url}/")


def test_without_javascript_the_second_step_offers_no_key_button_that_does_nothing(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    # "Use a passkey or security key" is a plain button that only allauth's script answers: with
    # scripts off, pressing it did nothing at all.
    secret = generate_totp_secret()
    TOTP.activate(alice, secret)
    page = _without_javascript(browser, request)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(f"{live_server.url}/accounts/2fa/authenticate/")
    expect(page.get_by_role("heading", name="One more step")).to_be_visible()
    expect(page.get_by_role("button", name="Use a passkey or security key")).to_be_hidden()
    _says_passkeys_need_javascript_once_in_main(page)
    # The code still signs in, scripts or not.
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(f"{live_server.url}/")


def test_without_javascript_confirm_its_you_points_to_the_other_ways_instead_of_a_dead_passkey_button(
    browser: Browser, live_server: Any, alice: Any, signed_in_page: Page, request: pytest.FixtureRequest
) -> None:
    # "Use a passkey or security key" sent an empty form: allauth took the person back to the home
    # page with "This field is required.", and what they had asked to do never happened.
    _add_a_passkey(signed_in_page, live_server.url)
    context = browser.new_context(
        java_script_enabled=False,
        viewport={"width": 390, "height": 844},
        storage_state=signed_in_page.context.storage_state(),
    )
    request.addfinalizer(context.close)
    page = context.new_page()  # no axe here: see _without_javascript
    page.goto(f"{live_server.url}/accounts/reauthenticate/?next=/accounts/2fa/")
    page.get_by_role("link", name="Use a security key").click()
    page.wait_for_url("**/accounts/2fa/webauthn/reauthenticate/**")
    expect(page.get_by_role("heading", name="Confirm it's you")).to_be_visible()
    expect(page.get_by_role("button", name="Use a passkey or security key")).to_be_hidden()
    _says_passkeys_need_javascript_once_in_main(page, then="You could confirm it's you another way, below.")
    # Another way is right there, and works without scripts.
    page.get_by_role("link", name="Use your password").click()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{live_server.url}/accounts/2fa/")
    expect(page.get_by_role("heading", name="Two-step sign-in and passkeys")).to_be_visible()


def test_with_scripts_on_confirm_its_you_takes_the_passkey(signed_in_page: Page, live_server: Any) -> None:
    page = signed_in_page
    _add_a_passkey(page, live_server.url)
    page.goto(f"{live_server.url}/accounts/reauthenticate/?next=/accounts/2fa/")
    page.get_by_role("link", name="Use a security key").click()
    expect(page.locator("main noscript")).to_have_count(1)
    assert_accessible(page)
    # "Other ways to confirm" stands apart from the button above it.
    heading = page.get_by_role("heading", name="Other ways to confirm")
    button = page.get_by_role("button", name="Use a passkey or security key")
    heading_box, button_box = heading.bounding_box(), button.bounding_box()
    assert heading_box is not None and button_box is not None
    assert heading_box["y"] - (button_box["y"] + button_box["height"]) >= 16
    button.click()
    page.wait_for_url(f"{live_server.url}/accounts/2fa/")


def test_without_javascript_add_a_passkey_says_why_instead_of_a_form_that_cannot_be_sent(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    # The Add button is a plain button that only allauth's script answers: a person named their
    # key, pressed Add, and nothing happened at all.
    page = _without_javascript(browser, request)
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{live_server.url}/accounts/2fa/webauthn/add/")
    expect(page.get_by_role("heading", name="Add a passkey or security key")).to_be_visible()
    expect(page.get_by_role("button", name="Add", exact=True)).to_be_hidden()
    expect(page.get_by_label("Name")).to_be_hidden()
    _says_passkeys_need_javascript_once_in_main(page, then="You could add one from a browser where it is turned on.")
    expect(page.get_by_role("link", name="Back to settings")).to_be_visible()

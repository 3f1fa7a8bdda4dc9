from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from tests.conftest import _ONE_REQUEST_AT_A_TIME
from tests.factories import PASSWORD

_axe = Axe()

# WCAG 1.4.12's text spacing, as a person's extension or bookmarklet sets it. A user style is not
# the page's own, so the strict CSP does not stop it; the test context bypasses the CSP to do the same.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"""


def stay_when_asked(page: Page) -> list[str]:
    """Answer every "Leave site?" the browser shows with Stay, as a person unsure would. A click
    that leads to one returns only once it is answered, so the list is complete by then."""
    asked: list[str] = []

    def stay(dialog: Any) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    return asked


def assert_accessible(page: Page) -> None:
    """axe-core (bundled with axe-playwright-python, never fetched) finds nothing on this page."""
    results = _axe.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def sign_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(f"{base_url}/")


def phone_signed_in(
    browser: Browser, request: pytest.FixtureRequest, base_url: str, email: str, *, width: int = 390, height: int = 844
) -> Page:
    """A phone in dark mode, as people mostly write at night, signed in; it closes with the test."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=True, has_touch=True, color_scheme="dark"
    )
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, base_url, email)
    return page


@contextmanager
def the_page_says_still_here(page: Page) -> Iterator[None]:
    """Around the first typing on a page: wait for the "still here" it sends (waypoint.js asks
    idle_status, then POSTs still_here) to finish. That POST saves the whole session as it read
    it, so a test that then changes the session itself (the idle clock set back, the journal
    locked elsewhere) or clears its cookie raced it: a late answer put back what the test took."""
    page.wait_for_load_state()  # waypoint.js (deferred) listens for typing from here on
    with page.expect_request_finished(lambda request: "/account/still-here/" in request.url):
        yield


@contextmanager
def between_requests() -> Iterator[None]:
    """Around a test's own write while its page may still be sending something (the "still here"
    after typing): on SQLite the live server's requests share the test's one connection, and a
    write between a request's savepoints fails one of them ("no such savepoint": CI, 7 December)."""
    with _ONE_REQUEST_AT_A_TIME:
        yield


def soon_in_database[T](look: Callable[[], T | None], *, what: str, timeout: float = 30) -> T:
    """What `look` finds in the database, once it finds anything, for a request no page reports:
    a beacon sent as a page goes (Playwright sees it start, then fail, as its page is gone).

    Each look waits for the live server's request in flight (tests/conftest.py), so it never reads
    a write half done. The timeout is for a slow machine; only a request that never came waits it out.
    """
    deadline = time.monotonic() + timeout
    while True:
        with _ONE_REQUEST_AT_A_TIME:
            found = look()
        if found:
            return found
        assert time.monotonic() < deadline, f"{what} never reached the database ({timeout:.0f} s)"
        time.sleep(0.05)


def close_pages_without_beacons(page: Page) -> None:
    """Close every tab at a test's end without what the journal editor sends as it closes (the
    beacon on pagehide, the autosave as it is hidden): nobody waits for them, and one landing after
    the database is emptied for the next test collides.

    The browser goes offline first, so nothing a closing tab sends leaves it; no wait is needed
    after. A request already being answered finishes first: the emptying takes the same lock
    (tests/conftest.py)."""
    page.context.set_offline(True)
    for open_page in page.context.pages:
        if not open_page.is_closed():
            open_page.evaluate("navigator.sendBeacon = function () { return true; }")
            open_page.close()


@pytest.fixture
def signed_in_page(page: Page, live_server: Any, alice: Any) -> Page:
    """Alice, signed in through the real login form in Chromium."""
    sign_in(page, live_server.url, alice.email)
    return page

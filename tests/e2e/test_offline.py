"""The service worker in Chromium: it keeps nothing anyone wrote, shows crisis lines offline,
and everything it holds is gone after leaving quickly or signing out (docs/home-screen.md)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import assert_accessible, sign_in, stay_when_asked
from tests.safety.conftest import crisis_resources  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("crisis_resources")]

SENTINEL = "heron-sentinel-7341 under the bridge"
NEUTRAL = "about:blank"

# Every response in Cache Storage, with its cache's name, URL and body as text.
_READ_CACHES = """async () => {
  const found = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      found.push({cache: name, url: request.url, body: await response.text()});
    }
  }
  return found;
}"""
_MARK = """async () => {
  const cache = await caches.open("marker");
  await cache.put("/static/marker.txt", new Response("still here"));
  return (await caches.keys()).includes("marker");
}"""


@pytest.fixture
def context(browser: Browser, settings: Any) -> Iterator[BrowserContext]:
    settings.QUICK_EXIT_URL = NEUTRAL
    # Playwright blocks service workers unless asked; this test is about one.
    context = browser.new_context(service_workers="allow", viewport={"width": 375, "height": 812}, has_touch=True)
    yield context
    # Nothing a closing tab sends may land once the next test has begun: each tab's beacon is
    # stubbed out before it closes. Not by going offline, as close_pages_without_beacons does
    # (tests/e2e/conftest.py): after "Leave quickly" has told the worker to empty its caches,
    # Chromium 156 never answered Playwright's set_offline and the suite hung there (twice, at
    # this fixture's end; closing without it passes). A request already being answered finishes
    # under the emptying's lock (tests/conftest.py).
    for open_page in context.pages:
        if not open_page.is_closed():
            if open_page.url.startswith("http"):
                open_page.evaluate("navigator.sendBeacon = function () { return true; }")
            open_page.close()
    context.close()


def _signed_in_online(context: BrowserContext, base: str, alice: Any) -> Page:
    """A fresh page, online, signed in as Alice with no cookie left from an earlier test."""
    context.set_offline(False)
    context.clear_cookies()
    page = context.new_page()
    sign_in(page, base, alice.email)
    return page


def _wait_for_the_worker(page: Page) -> None:
    # Bounded, as evaluate has no timeout of its own: `ready` never settles if the worker never
    # registers. A minute, for a loaded machine.
    registered = page.evaluate(
        "() => Promise.race([navigator.serviceWorker.ready.then(() => true),"
        " new Promise(r => setTimeout(() => r(false), 60000))])"
    )
    assert registered, "the service worker never registered"
    # When the worker activates while sign-in is still navigating, Chromium's clients.claim()
    # misses the page being loaded; the next page the person opens is the worker's, as any page
    # opened once the worker is active is (it waits for the worker to finish activating).
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload()
    assert page.evaluate("() => navigator.serviceWorker.controller !== null"), "the worker never took control"


def _cached(page: Page) -> list[dict[str, str]]:
    return list(page.evaluate(_READ_CACHES))


def _cache_names_eventually_empty(page: Page, base: str) -> list[str]:
    # Clearing is asynchronous. The offline page registers no worker, so it cannot refill them.
    # On a loaded machine the worker can take several seconds to get to it: up to 20 s.
    # Both "just left" cookies go first: a page visit carrying either is sent to the everyday
    # site (about:blank here, where Django will not redirect: a 400 page, whose base template
    # registered the worker again and refilled its caches). wp_leaving is normally gone with the
    # beacon's answer, which can land after this first look.
    names: list[str] = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        page.context.clear_cookies(name="wp_away")
        page.context.clear_cookies(name="wp_leaving")
        page.goto(f"{base}/offline/GB/")
        names = list(page.evaluate("caches.keys()"))
        if not names:
            break
        time.sleep(0.3)
    return names


def test_the_worker_keeps_nothing_written_shows_help_offline_and_leaving_empties_it(
    context: BrowserContext, live_server: Any, alice: Any
) -> None:
    context.set_offline(False)
    context.clear_cookies()
    alice.region = "GB"
    alice.save(update_fields=["region"])
    base = live_server.url
    page = context.new_page()
    sign_in(page, base, alice.email)
    _wait_for_the_worker(page)

    page.goto(f"{base}/journal/new/")
    page.get_by_label("What's on your mind").fill(SENTINEL)
    # Saved as a draft first (autosave), then saved for good: both went through the worker's scope.
    expect(page.locator("#save-status")).to_contain_text("Draft kept", timeout=15_000)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/journal/[0-9a-f-]{36}/#messages$"))
    entry_url = page.url
    expect(page.locator("main")).to_contain_text(SENTINEL)
    for url in (f"{base}/journal/", entry_url, f"{base}/journal/calendar/", f"{base}/", entry_url):
        page.goto(url)
    expect(page.locator("main")).to_contain_text(SENTINEL)

    cached = _cached(page)
    assert cached, "the worker cached nothing at all"
    assert not [c["url"] for c in cached if SENTINEL in c["body"] or "heron" in c["url"]]
    paths = [c["url"].removeprefix(base) for c in cached]
    pages = [p for p in paths if not p.startswith("/static/")]
    assert pages == ["/offline/GB/"], pages
    offline_copy = next(c["body"] for c in cached if c["url"].endswith("/offline/GB/"))
    assert alice.email not in offline_copy and "Sign out" not in offline_copy
    assert any(p.startswith("/static/css/waypoint.") for p in paths)

    # No connection: any page shows the offline page, with its lines a tap away.
    context.set_offline(True)
    page.goto(f"{base}/journal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline right now")
    expect(page.locator('main a[href="tel:999"]').first).to_be_visible()
    expect(page.locator('main a[href="tel:116123"]').first).to_be_visible()
    assert SENTINEL not in page.content()
    assert_accessible(page)
    context.set_offline(False)

    page.goto(f"{base}/journal/")
    _wait_for_the_worker(page)
    assert page.evaluate(_MARK)
    page.get_by_role("button", name="Leave quickly").click()
    page.wait_for_url(NEUTRAL)
    assert _cache_names_eventually_empty(page, base) == []


def test_signing_out_empties_cache_storage(context: BrowserContext, live_server: Any, alice: Any) -> None:
    context.clear_cookies()
    base = live_server.url
    page = context.new_page()
    sign_in(page, base, alice.email)
    _wait_for_the_worker(page)
    assert page.evaluate(_MARK)
    page.get_by_text("Menu").click()
    page.locator(".nav-compact").get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{base}/**")
    page.wait_for_load_state("load")
    # The page signed out to may register the worker afresh (static files only); what was
    # there before signing out is gone.
    assert "marker" not in page.evaluate("caches.keys()")


def test_leaving_empties_the_workers_caches_even_when_the_beacon_never_arrives(
    context: BrowserContext, live_server: Any, alice: Any
) -> None:
    context.clear_cookies()
    base = live_server.url
    page = context.new_page()
    sign_in(page, base, alice.email)
    _wait_for_the_worker(page)
    assert page.evaluate(_MARK)
    # Without the server's Clear-Site-Data, only the page's own message to the worker is left.
    context.route("**/safety/leave/beacon/", lambda route: route.abort())
    page.get_by_role("button", name="Leave quickly").click()
    page.wait_for_url(NEUTRAL)
    context.unroute("**/safety/leave/beacon/")
    assert _cache_names_eventually_empty(page, base) == []


def test_the_offline_page_reads_well_on_a_phone_in_light_and_dark(browser: Browser, live_server: Any) -> None:
    # The page the worker keeps for no connection, as a phone shows it: both schemes, both sizes.
    context = browser.new_context(has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        for scheme, background in (("light", "rgb(251, 250, 247)"), ("dark", "rgb(21, 24, 28)")):
            page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
            for size in ({"width": 375, "height": 812}, {"width": 320, "height": 568}):
                page.set_viewport_size(size)  # type: ignore[arg-type]
                page.goto(f"{live_server.url}/offline/GB/")
                expect(page.get_by_role("heading", level=1)).to_have_text("You are offline right now")
                # The scheme really took: axe checks the colours a person would see.
                assert page.evaluate("getComputedStyle(document.body).backgroundColor") == background
                # The browser's bar (the home-screen app's too) takes the page's colour, not a
                # light bar above a dark page at night.
                theme = (
                    "[...document.querySelectorAll('meta[name=theme-color]')]"
                    ".filter(m => matchMedia(m.media).matches).map(m => m.content)"
                )
                assert page.evaluate(theme) == [{"light": "#fbfaf7", "dark": "#15181c"}[scheme]]
                no_sideways = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
                assert page.evaluate(no_sideways), size
                expect(page.locator('main a[href="tel:999"]').first).to_be_visible()
                page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
                expect(page.locator("#crisis-strip").get_by_role("button", name="Leave quickly")).to_be_in_viewport()
                assert_accessible(page)
    finally:
        context.close()


def _offline_pages_kept(page: Page, base: str, wanted: str) -> list[str]:
    # The worker follows the page's message in its own time: up to 15 s on a loaded machine.
    kept: list[str] = []
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        kept = [c["url"].removeprefix(base) for c in _cached(page) if "/offline/" in c["url"]]
        if kept == [wanted]:
            break
        time.sleep(0.3)
    return kept


def test_a_new_region_changes_the_offline_page_and_keeps_the_same_worker(
    context: BrowserContext, live_server: Any, alice: Any
) -> None:
    # A region in the worker's address made a new worker on signing in (the sign-in page has the
    # browser's region, the journal the person's): it took over mid-load and pages lost scripts.
    context.clear_cookies()
    alice.region = "GB"
    alice.save(update_fields=["region"])
    base = live_server.url
    page = context.new_page()
    sign_in(page, base, alice.email)
    _wait_for_the_worker(page)
    script = page.evaluate("() => navigator.serviceWorker.controller.scriptURL")
    assert script == f"{base}/sw.js"
    assert _offline_pages_kept(page, base, "/offline/GB/") == ["/offline/GB/"]

    alice.region = "NL"
    alice.save(update_fields=["region"])
    page.goto(f"{base}/journal/")
    assert _offline_pages_kept(page, base, "/offline/NL/") == ["/offline/NL/"]
    waiting = "() => navigator.serviceWorker.getRegistration().then(r => !!(r.installing || r.waiting))"
    assert page.evaluate("() => navigator.serviceWorker.controller.scriptURL") == script
    assert page.evaluate(waiting) is False


def test_leaving_quickly_with_no_connection_signs_out_once_the_connection_is_back(
    context: BrowserContext, live_server: Any, alice: Any, settings: Any
) -> None:
    # Offline, the beacon that signs out never reaches the server: the session stayed, and
    # whoever opened Waypoint from the home screen once the phone was online found the journal.
    base = live_server.url
    page = _signed_in_online(context, base, alice)
    _wait_for_the_worker(page)
    context.set_offline(True)
    page.goto(f"{base}/journal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline right now")
    page.get_by_role("button", name="Leave quickly").click()
    page.wait_for_url(NEUTRAL)
    context.set_offline(False)

    # Within a few minutes, Waypoint (Back, the home-screen icon) goes to the everyday site, as it
    # does after leaving online. A server redirect cannot go to about:blank, and tests reach no
    # other site: a page that is never bounced stands in for it.
    stand_in = f"{base}/safety/leave/about/"
    settings.QUICK_EXIT_URL = stand_in
    later = context.new_page()
    later.goto(f"{base}/journal/")
    assert later.url == stand_in, later.url
    # And the session is over: past those minutes, Waypoint asks for a sign-in.
    context.clear_cookies(name="wp_away")
    later.goto(f"{base}/journal/")
    assert "/accounts/login/" in later.url, later.url
    expect(later.get_by_label("Password")).to_be_visible()


def test_signing_out_with_no_connection_signs_out_once_the_connection_is_back(
    context: BrowserContext, live_server: Any, alice: Any
) -> None:
    # The sign-out never reached the server: the browser showed its own error, and once the
    # phone was back online the next person to open Waypoint found the journal open.
    base = live_server.url
    page = _signed_in_online(context, base, alice)
    context.set_offline(True)
    page.get_by_text("Menu").click()
    page.locator(".nav-compact").get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: not url.startswith(base))  # the browser's own "no internet" page
    context.set_offline(False)

    later = context.new_page()
    later.goto(f"{base}/journal/")
    assert "/accounts/login/" in later.url, later.url
    expect(later.get_by_label("Password")).to_be_visible()


def test_sign_out_offline_then_stay_for_unsaved_words_keeps_the_person_signed_in(
    context: BrowserContext, live_server: Any, alice: Any
) -> None:
    # Stay on "Leave site?" keeps the words on the page; the sign-out it stopped must not happen
    # later, behind the person's back (the next autosave or beacon would meet a signed-out server).
    base = live_server.url
    page = _signed_in_online(context, base, alice)
    page.goto(f"{base}/safety/coping/edit/")
    idea = page.locator("#coping-comfort input[value='Make a warm drink and hold the mug']")
    idea.fill("Hot chocolate in my big mug")
    context.set_offline(True)
    asked = stay_when_asked(page)
    page.get_by_text("Menu").click()
    with page.expect_event("dialog"):
        page.locator(".nav-compact").get_by_role("button", name="Sign out").click(no_wait_after=True)
    assert asked == ["beforeunload"]
    expect(idea).to_have_value("Hot chocolate in my big mug")
    context.set_offline(False)
    assert not [c for c in context.cookies() if c["name"].endswith("wp_leaving")]
    later = context.new_page()
    later.goto(f"{base}/journal/")
    assert later.url == f"{base}/journal/", later.url

"""Every main page on a phone, touch on, at 375 x 812 and 320 x 568: help and the way out stay in
reach after scrolling to the end, the page's own heading starts in the upper third of the first
screen, nothing scrolls sideways, and axe finds nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from journal.services import entry_create
from prompts.models import Sequence
from safety.services import crisis_resources_load, plan_contact_add, plan_step_save
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONES = [{"width": 375, "height": 812}, {"width": 320, "height": 568}]
SIGNED_OUT = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/safety/help/"]
SIGNED_IN = [
    "/",
    "/journal/",
    "/journal/new/",
    "/journal/calendar/",
    "/journal/search/",
    "/journal/trash/",
    "/journal/export/",
    "/journal/import/",
    "/journal/{entry}/",
    "/reflections/",
    "/reflections/{sequence}/",
    "/safety/",
    "/safety/help/",
    "/safety/plan/",
    "/safety/plan/edit/",
    "/safety/plan/warning_signs/?back=read",
    "/safety/coping/",
    "/safety/coping/edit/",
    "/safety/ride-the-wave/",
    "/safety/settings/",
    "/safety/leave/about/",
    "/care/",
    "/account/settings/",
    "/accounts/email/",
    "/accounts/password/change/",
]


@pytest.fixture
def phone(browser: Browser) -> Iterator[Callable[[dict[str, int]], Page]]:
    contexts: list[Any] = []

    def open_phone(size: dict[str, int]) -> Page:
        context = browser.new_context(viewport=size, has_touch=True, is_mobile=True)  # type: ignore[arg-type]
        contexts.append(context)
        return context.new_page()

    yield open_phone
    # Closed even when a check fails, so no page goes on talking to the live server afterwards.
    for context in contexts:
        context.close()


# Every link, button and disclosure a thumb might aim for, with its size; a link inside a sentence
# (its block holds more words than the link) is text, not a control, and may stay inline.
_SMALL_CONTROLS = """() => [...document.querySelectorAll('a[href], button, summary')].flatMap(el => {
  const box = el.getBoundingClientRect();
  if (!box.width || !box.height || el.closest('.visually-hidden, .skip-link')) return [];
  if (box.width >= 44 && box.height >= 44) return [];
  const block = el.parentElement.closest('p, li, dd, td, div');
  if (block && block.textContent.trim().length > el.textContent.trim().length + 15) return [];
  return [`${el.textContent.trim().slice(0, 40)} (${Math.round(box.width)} x ${Math.round(box.height)})`];
})"""


def _check_page(page: Page, url: str, height: int) -> None:
    page.goto(url)
    heading = page.locator("main h1").first
    expect(heading).to_be_visible()
    box = heading.bounding_box()
    assert box is not None and box["y"] < height / 3, f"{url}: the heading starts at {box}"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{url} scrolls sideways"
    assert page.evaluate(_SMALL_CONTROLS) == [], f"{url}: targets under 44 x 44 px"
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    strip = page.locator("#crisis-strip")
    for name, role in (("Get help now", "link"), ("Leave quickly", "button")):
        target = strip.get_by_role(role, name=name)  # type: ignore[arg-type]
        expect(target).to_be_in_viewport()
        box = target.bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 44, f"{url}: {name} is {box}"
    assert_accessible(page)


@pytest.mark.parametrize("size", PHONES, ids=["375", "320"])
def test_signed_out_pages_on_a_phone(phone: Any, live_server: Any, size: dict[str, int]) -> None:
    crisis_resources_load()
    page = phone(size)
    for path in SIGNED_OUT:
        _check_page(page, f"{live_server.url}{path}", size["height"])
    # "Help now" opens the full list of lines, by tap.
    page.locator("#crisis-strip").get_by_role("link", name="Get help now").tap()
    expect(page.locator("main h1")).to_be_visible()
    assert page.url.endswith("/safety/help/")


@pytest.mark.parametrize("size", PHONES, ids=["375", "320"])
def test_signed_in_pages_on_a_phone(phone: Any, live_server: Any, alice: Any, size: dict[str, int]) -> None:
    call_command("prompts_load", verbosity=0)
    crisis_resources_load()
    entry = entry_create(author=alice, title="", body="A quiet evening.", written_on=date(2026, 11, 30))
    plan_step_save(owner=alice, section="warning_signs", body="Not answering texts", obstacles="Tiredness")
    plan_contact_add(owner=alice, section="people", name="Sam", phone="+44 7700 900123")
    sequence = Sequence.objects.order_by("pk").first()
    assert sequence is not None
    page = phone(size)
    sign_in(page, live_server.url, alice.email)
    for path in SIGNED_IN:
        url = live_server.url + path.format(entry=entry.id, sequence=sequence.pk)
        _check_page(page, url, size["height"])
    # Reading mode: the plan's first step and the list's first idea are in the first screen.
    for path, first in (("/safety/plan/", "#step-warning_signs .plan-text"), ("/safety/coping/", ".coping-read li")):
        page.goto(live_server.url + path)
        box = page.locator(first).first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= size["height"], f"{path}: {first} is at {box}"
    # The menu opens by tap, without JavaScript's help, and leads on.
    page.get_by_text("Menu", exact=True).tap()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Journal").tap()
    page.wait_for_url(f"{live_server.url}/journal/")
    # Leave works by tap from the pinned bar, after scrolling.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    with page.context.expect_page():
        page.locator("#crisis-strip").get_by_role("button", name="Leave quickly").tap()

"""The summary in the real browser: axe finds nothing at phone and desktop size, and on paper it
is one clean page, without the menu, the help strip or any button."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from journal.services import entry_create
from progress import look_back_services
from progress.models import VictoryKind
from progress.services import victory_add
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 375, "height": 812}, "has_touch": True, "is_mobile": True},
}


@pytest.fixture
def journal(alice: Any) -> None:
    today = timezone.localdate()
    for days in range(0, 360, 3):  # a year of writing, so the page is as full as it gets
        entry_create(
            author=alice,
            title=f"Day {days}",
            body="words",
            written_on=today - timedelta(days=days),
            mood=1 + days % 5,
            urge=days % 11,
            setback=days == 30,
        )
    for days in (1, 40, 90):
        victory_add(owner=alice, kind=VictoryKind.URGE, about_on=today - timedelta(days=days), note="rode the wave")
    starred = entry_create(author=alice, title="Tea with Sam", body="words", written_on=today, mood=5, urge=1)
    look_back_services.entry_star(entry=starred, starred=True)


@pytest.fixture
def open_as_alice(browser: Browser, live_server: Any, alice: Any) -> Iterator[Callable[..., Page]]:
    contexts: list[Any] = []

    def open_page(size: str, scheme: str = "light") -> Page:
        context = browser.new_context(color_scheme=scheme, **SIZES[size])  # type: ignore[arg-type]
        contexts.append(context)
        page = context.new_page()
        sign_in(page, live_server.url, alice.email)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize(("size", "scheme"), [("desktop", "light"), ("phone", "dark")])
def test_from_the_look_back_to_a_summary_axe_finds_nothing(
    open_as_alice: Callable[..., Page], live_server: Any, journal: None, size: str, scheme: str
) -> None:
    page = open_as_alice(size, scheme)
    page.goto(f"{live_server.url}/look-back/?span=1y")
    page.get_by_role("link", name="A summary to take with you").click()
    page.wait_for_url(f"{live_server.url}/look-back/summary/?span=1y")
    expect(page.get_by_role("heading", level=1)).to_have_text("A summary to take with you")
    expect(page.get_by_role("button", name="Print")).to_be_visible()  # shown once JavaScript is there
    sheet = page.locator("article.summary-sheet")
    expect(sheet.get_by_role("img", name="Chart of how you felt")).to_be_visible()
    expect(sheet.get_by_text("Tea with Sam")).to_be_visible()
    expect(sheet.get_by_text("Days you noted a setback")).to_have_count(0)
    assert_accessible(page)

    page.get_by_label("Days you noted a setback").check()
    page.get_by_label("Your notes on small victories").uncheck()
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url(re.compile(r"[?&]m=1"))
    assert "setback" not in page.url
    expect(sheet.get_by_role("heading", name="Days you noted a setback")).to_be_visible()
    expect(sheet.get_by_text("rode the wave")).to_have_count(0)
    assert_accessible(page)
    if size == "phone":
        page.set_viewport_size({"width": 320, "height": 568})
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_on_paper_it_is_one_clean_page(open_as_alice: Callable[..., Page], live_server: Any, journal: None) -> None:
    page = open_as_alice("desktop")
    page.goto(f"{live_server.url}/look-back/summary/?span=1y&chosen=1&t=1&n=1&m=1")
    page.emulate_media(media="print")
    for hidden in (".site-header", ".crisis-strip", ".site-footer", "form.summary-choices", "button"):
        for element in page.locator(hidden).all():
            expect(element).to_be_hidden()
    expect(page.locator("article.summary-sheet")).to_be_visible()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1

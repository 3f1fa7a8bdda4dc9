"""The clinics' handout page in Chromium: on a phone and a desktop, signed out, and on paper."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from safety.services import crisis_resources_load
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height", "scheme"), [(1280, 800, "light"), (375, 812, "dark"), (320, 640, "light")])
def test_the_page_reads_well_signed_out_at_every_size(
    browser: Browser, live_server: Any, width: int, height: int, scheme: Any
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="What Waypoint is and is not").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What Waypoint is, and what it is not")
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert_accessible(page)
    context.close()


def test_on_paper_it_fits_one_page_and_keeps_the_number_to_call(browser: Browser, live_server: Any) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/about/")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Print this page")).to_be_hidden()
    expect(page.locator(".about-danger").get_by_text("Call 911")).to_be_visible()
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1, f"the handout prints on {pages} pages"
    context.close()


def test_on_paper_it_fits_one_page_with_the_shipped_crisis_lines(browser: Browser, live_server: Any) -> None:
    """On a real server the strip holds a country's lines, several rows of them; each row's links
    kept their 44 px touch height on paper, and the clinic's handout spilled onto a second sheet."""
    crisis_resources_load()
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/about/")
    expect(page.locator(".crisis-strip .strip-line").first).to_be_visible()
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1, f"the handout prints on {pages} pages"
    context.close()

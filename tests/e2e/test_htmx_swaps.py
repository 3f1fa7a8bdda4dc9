"""A form htmx has just swapped in works at once: pressed straight away, it still goes through htmx."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_form_pressed_the_moment_it_is_swapped_in_is_sent_by_htmx_not_by_a_page_load(
    signed_in_page: Page, live_server: Any
) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/coping/edit/")
    page.evaluate("window.stillThisPage = true")
    group = page.locator("#coping-comfort")
    # As a quick Enter or a second tap would: the first Hide in the group that was just swapped in
    # is pressed in the next moment after the swap, before anything else runs on the page.
    page.evaluate(
        """() => document.body.addEventListener("htmx:afterSwap", () => setTimeout(() => {
             const hide = document.querySelector("#coping-comfort form.inline-form");
             if (hide && !window.pressedOnce) { window.pressedOnce = true; hide.requestSubmit(); }
           }, 0), { once: true })"""
    )
    group.get_by_label("Add your own to “Comfort”").fill("Stroke the cat")
    group.get_by_role("button", name="Add to “Comfort”").click()
    expect(group).to_contain_text("1 hidden idea")
    expect(group.locator("input[value='Stroke the cat']")).to_have_count(1)
    # Without a page load: this page's own state is still there, and no address changed.
    assert page.evaluate("window.stillThisPage === true")
    assert page.url == f"{live_server.url}/safety/coping/edit/"

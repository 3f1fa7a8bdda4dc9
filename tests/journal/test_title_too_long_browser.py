"""A title too long to keep, on a phone: the rest of the entry is kept, and the long title stays."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from journal.models import Entry
from journal.selectors import entry_texts
from tests.e2e.conftest import phone_signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_autosave_keeps_the_words_and_says_the_title_is_too_long(
    browser: Browser, request: pytest.FixtureRequest, live_server: Any, alice: Any
) -> None:
    page = phone_signed_in(browser, request, live_server.url, alice.email, width=375, height=667)
    page.goto(f"{live_server.url}/journal/new/")
    title = "So much to say about today " * 12
    page.get_by_label("Title").fill(title)
    page.get_by_label("What's on your mind").fill("Everything I wrote tonight.")
    status = page.locator("#save-status")
    expect(status).to_contain_text("all but the new title", timeout=10_000)
    expect(status).to_contain_text("Could you shorten it a little?")
    expect(status).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value(title)
    entry = Entry.objects.get(owner=alice)
    assert entry_texts(user=alice, entry=entry).body == "Everything I wrote tonight."
    # The long title is still only on this page: leaving asks first.
    assert page.evaluate("document.getElementById('entry-form').hasAttribute('data-keep-on-lock')")


def test_the_title_says_it_is_too_long_beside_its_box(
    browser: Browser, request: pytest.FixtureRequest, live_server: Any, alice: Any
) -> None:
    page = phone_signed_in(browser, request, live_server.url, alice.email, width=375, height=667)
    page.goto(f"{live_server.url}/journal/new/")
    page.get_by_label("What's on your mind").fill("Everything I wrote tonight.")
    box = page.get_by_label("Title")
    box.fill("x" * 250)
    # The status line sits below the body box, out of sight on a phone while the title is typed.
    status = page.locator("#save-status")
    expect(status).to_contain_text("all but the new title", timeout=10_000)
    note = page.locator("#id_title_error")
    expect(note).to_contain_text("Could you shorten it a little?")
    expect(note).to_be_in_viewport()
    expect(box).to_have_attribute("aria-describedby", "id_title_error")
    expect(box).to_have_accessible_description(re.compile("Could you shorten it a little?"))

    box.fill("x" * 150)
    expect(status).not_to_contain_text("all but the new title", timeout=10_000)
    expect(status).to_contain_text("Draft kept at")
    expect(note).to_be_hidden()
    expect(box).not_to_have_attribute("aria-describedby", re.compile("id_title_error"))

"""The page that shows a supporter's new link once, in Chromium at phone and desktop size: the link
is one tap to copy, and reloading the page (or a phone restoring the tab) neither ends it nor
emails the supporter again."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Browser, expect

from journal.services import entry_create
from supporters import services
from supporters.models import SupporterLink
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)], ids=["phone", "desktop"])
def test_the_link_copies_in_one_tap_and_a_reload_makes_nothing_new(
    browser: Browser, live_server: Any, alice: Any, width: int, height: int
) -> None:
    robin = services.supporter_add(owner=alice, name="Robin", email="robin@example.com")
    services.share_entry(supporter=robin, entry=entry_create(author=alice, body="for Robin"))
    viewport: Any = {"width": width, "height": height}
    context = browser.new_context(viewport=viewport, locale="en-GB", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/people-around-you/{robin.id}/")
    page.get_by_label("Email them the link").check()
    page.get_by_role("button", name="Make a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Their link is ready")
    link = page.get_by_label("Their private link").input_value()
    assert "/for-you/" in link and len(mail.outbox) == 1

    copy = page.get_by_role("button", name="Copy the link")
    expect(copy).to_be_visible()
    box = copy.bounding_box()
    assert box is not None and box["height"] >= 44
    copy.click()
    expect(page.get_by_role("status").filter(has_text="Copied")).to_have_text(
        "Copied. You can paste it into a message to them."
    )
    assert page.evaluate("navigator.clipboard.readText()") == link
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert_accessible(page)

    # The browser sends the same form again: nothing new is made, nobody is emailed twice.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Their link was made a moment ago")
    expect(page.get_by_label("Their private link")).to_have_count(0)
    assert SupporterLink.objects.count() == 1 and len(mail.outbox) == 1
    assert_accessible(page)
    context.close()

    # And the link shown the first time still opens for Robin.
    robins = browser.new_context(viewport=viewport, locale="en-GB")
    reader = robins.new_page()
    reader.goto(link)
    expect(reader.get_by_role("button", name="Open it")).to_be_visible()
    reader.get_by_role("button", name="Open it").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Shared with you")
    robins.close()


def test_without_javascript_the_link_is_there_to_select_and_no_button_that_does_nothing(
    browser: Browser, live_server: Any, alice: Any
) -> None:
    robin = services.supporter_add(owner=alice, name="Robin")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/people-around-you/{robin.id}/")
    page.get_by_role("button", name="Make a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Their link is ready")
    expect(page.get_by_role("button", name="Copy the link")).to_have_count(0)
    # Read-only, not disabled: the whole link can still be selected and copied by hand.
    field = page.get_by_label("Their private link")
    expect(field).to_be_enabled()
    expect(field).to_be_editable(editable=False)
    assert field.input_value().startswith(f"{live_server.url}/people-around-you/for-you/")
    context.close()


def test_when_copying_is_refused_the_link_is_selected_and_it_says_so(
    browser: Browser, live_server: Any, alice: Any
) -> None:
    robin = services.supporter_add(owner=alice, name="Robin")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    # A browser that refuses the clipboard (a setting, or a page not served over HTTPS on some phones).
    context.add_init_script("navigator.clipboard.writeText = () => Promise.reject(new Error('refused'));")
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/people-around-you/{robin.id}/")
    page.get_by_role("button", name="Make a link").click()
    page.get_by_role("button", name="Copy the link").click()
    expect(page.get_by_role("status").filter(has_text="Copying")).to_have_text(
        "Copying didn't work here. The link is selected, so you could copy it yourself."
    )
    field = page.get_by_label("Their private link")
    expect(field).to_be_focused()
    selected = page.evaluate(
        "(() => { const f = document.activeElement; return f.value.slice(f.selectionStart, f.selectionEnd); })()"
    )
    assert selected == field.input_value() and "/for-you/" in selected
    context.close()

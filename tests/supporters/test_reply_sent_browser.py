"""A supporter who sends a few words back sees, right where they pressed Send, that it was sent.

On a phone the page is long (the shared words, how to respond, the urgent help) and the pinned
help bar sits over the top of the screen. The answer to Send must not be a screen's height away,
nor under the bar."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from journal.services import entry_create
from safety.services import crisis_resources_load
from supporters import services
from supporters.models import SupporterReply
from tests.e2e.conftest import assert_accessible, soon_in_database, stay_when_asked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SENT = "Sent. It waits for them in Waypoint, on their page of the people they trust."
LONG = "\n\n".join(
    f"Some days are heavier than others, and this is part {n} of what I want you to know." for n in range(12)
)


def _supporter_page(browser: Browser, live_server: Any, alice: Any, width: int, height: int) -> Page:
    crisis_resources_load()
    supporter = services.supporter_add(owner=alice, name="Sam")
    services.share_entry(supporter=supporter, entry=entry_create(author=alice, title="For Sam", body=LONG))
    new = services.link_make(supporter=supporter, days=7, with_code=False)
    viewport: Any = {"width": width, "height": height}
    sam = browser.new_context(viewport=viewport, locale="en-GB").new_page()
    sam.goto(f"{live_server.url}/people-around-you/for-you/{new.token}/")
    sam.get_by_role("button", name="Open it").click()
    expect(sam.get_by_role("heading", level=1)).to_have_text("Shared with you")
    return sam


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)], ids=["phone", "desktop"])
def test_sent_is_said_in_the_reply_box_in_view_and_not_under_the_help_bar(
    browser: Browser, live_server: Any, alice: Any, width: int, height: int
) -> None:
    sam = _supporter_page(browser, live_server, alice, width, height)
    box = sam.locator("section", has=sam.get_by_role("heading", name="A few words back"))
    box.get_by_role("textbox", name="Your words to them").fill("I'm here, and I'm listening.")
    box.get_by_role("button", name="Send").click()

    sent = box.get_by_role("status")
    expect(sent).to_have_text(SENT)
    expect(sam.get_by_text(SENT)).to_have_count(1)  # said once, where they are, not also at the top
    expect(sent).to_be_focused()  # so a screen reader reads it out
    expect(sent).to_be_in_viewport()
    # The top of the reply box, with the message in it, is below the help bar, not hidden under it.
    card = box.bounding_box()
    strip = sam.locator(".crisis-strip").bounding_box()
    assert card is not None and strip is not None
    assert card["y"] >= max(0, strip["y"] + strip["height"]), (card, strip)
    expect(box.get_by_role("textbox", name="Your words to them")).to_have_value("")
    expect(box.get_by_role("button", name="Send")).to_be_in_viewport()
    assert_accessible(sam)
    sam.context.close()


def test_a_reply_changed_on_a_page_that_had_sent_it_goes_too(browser: Browser, live_server: Any, alice: Any) -> None:
    """Back can bring the page out of the browser's cache as it was when Send was pressed, holding
    the form's one-time value that already went: the same words again are the first reply, but
    words changed since are a new one, never dropped as if they had gone already."""
    sam = _supporter_page(browser, live_server, alice, 390, 844)
    box = sam.locator("section", has=sam.get_by_role("heading", name="A few words back"))
    words = box.get_by_role("textbox", name="Your words to them")

    # The reply reaches the server and the page stays as it was, form and value included: what
    # Back from the cache shows (this Chromium keeps no such page in its cache itself). Sent into
    # a frame of its own, the form is sent by the browser as Send sends it, and the page stays.
    form = box.locator("form")
    form.evaluate(
        """form => {
          const sink = document.createElement("iframe");
          sink.name = "sink";
          sink.hidden = true;
          document.body.append(sink);
          form.target = "sink";
        }"""
    )
    words.fill("I'm here.")
    box.get_by_role("button", name="Send").click()
    soon_in_database(lambda: SupporterReply.objects.count() == 1, what="the first reply")
    box.get_by_role("button", name="Send").click()  # the same words once more: the same reply
    form.evaluate("form => { form.target = ''; }")

    words.fill("I'm here, and I'll call you tomorrow.")
    box.get_by_role("button", name="Send").click()
    expect(box.get_by_role("status")).to_have_text(SENT)
    assert SupporterReply.objects.count() == 2
    sam.context.close()


def test_words_half_written_are_asked_about_before_the_guide_takes_them(
    browser: Browser, live_server: Any, alice: Any
) -> None:
    """ "Read the guide" sits just above the reply box: a supporter halfway through a few words back
    who went to read it came Back to an empty box, with nothing said on the way."""
    sam = _supporter_page(browser, live_server, alice, 390, 844)
    box = sam.locator("section", has=sam.get_by_role("heading", name="A few words back"))
    words = box.get_by_role("textbox", name="Your words to them")
    words.fill("I'm here. I don't know what to say yet, but")
    asked = stay_when_asked(sam)
    sam.get_by_role("link", name="Read the guide for family and friends").click(no_wait_after=True)
    assert asked == ["beforeunload"]
    expect(words).to_have_value("I'm here. I don't know what to say yet, but")
    # A number to call asks nothing, words or not: Chromium asked "Leave site?" before handing
    # "Call 999" to the phone. The page stays, and the words with it.
    sam.locator(".supporter-urgent").get_by_role("link", name="Call 999").click(no_wait_after=True)
    assert asked == ["beforeunload"]
    expect(words).to_have_value("I'm here. I don't know what to say yet, but")
    # (Sending them asks nothing: the tests above would have met the question and stayed.)
    sam.context.close()

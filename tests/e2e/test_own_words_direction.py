"""A person's own words take their own direction; Waypoint's words keep the page's.

Written in Arabic, a journal entry, a plan step or a coping idea was shown (and typed) left to
right, so its full stop sat on the wrong side. Each box and each piece of shown text now carries
dir="auto": the browser reads the first letter and sets the direction from it. Shown text takes it
paragraph by paragraph and line by line, so an answer keeps its own direction under a question.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, ViewportSize, expect

from journal.models import Entry
from journal.services import entry_create
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES: dict[str, ViewportSize] = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 812}}

TITLE = "يوم هادئ"
BODY = "مشيت قليلاً بعد الظهر، وكان ذلك جيداً."
STEP = "أتصل بأختي عندما أشعر بالضيق."
NAME = "مريم"
IDEA = "أستمع إلى الموسيقى."


def _direction(locator: Locator) -> str:
    direction: str = locator.evaluate("(el) => getComputedStyle(el).direction")
    return direction


@pytest.mark.parametrize("size", SIZES)
def test_arabic_is_typed_and_shown_right_to_left_beside_waypoints_own_words(
    signed_in_page: Page, live_server: Any, size: str
) -> None:
    page = signed_in_page
    page.set_viewport_size(SIZES[size])

    # The journal: typed, then read on the entry page and in the timeline.
    page.goto(f"{live_server.url}/journal/new/")
    page.get_by_label("Title").fill(TITLE)
    body = page.get_by_label("What's on your mind")
    body.fill(BODY)
    assert _direction(body) == "rtl"
    assert _direction(page.get_by_label("Title")) == "rtl"
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/journal/[0-9a-f-]{36}/#messages$"))
    assert _direction(page.get_by_role("heading", level=1, name=TITLE)) == "rtl"
    assert _direction(page.locator(".journal-body p")) == "rtl"
    assert _direction(page.get_by_text("Written on", exact=True)) == "ltr"
    assert_accessible(page)
    page.goto(f"{live_server.url}/journal/")
    assert _direction(page.get_by_role("heading", level=1, name="Your journal")) == "ltr"
    assert _direction(page.get_by_role("link", name=TITLE)) == "rtl"
    assert _direction(page.locator(".journal-item p", has_text=BODY)) == "rtl"

    # The safety plan: a step and a person, typed in the editor and read on the plan.
    page.goto(f"{live_server.url}/safety/plan/edit/")
    page.get_by_role("link", name=re.compile(r"Write this step\W+Things I can do on my own")).click()
    box = page.get_by_label("In your own words")
    box.fill(STEP)
    assert _direction(box) == "rtl"
    page.locator("#step-on_my_own").get_by_role("button", name="Save").click()
    shown = page.locator("#step-on_my_own .plan-text p")
    expect(shown).to_contain_text(STEP)
    assert _direction(shown) == "rtl"
    people = page.locator("#step-people")
    people.get_by_text("Add someone").click()
    name = people.get_by_label("Name")
    name.fill(NAME)
    assert _direction(name) == "rtl"
    people.get_by_role("button", name="Add to “People I can ask for help”").click()
    expect(people.locator(".contact-name")).to_have_text(NAME)
    assert _direction(people.locator(".contact-name")) == "rtl"
    assert_accessible(page)
    page.goto(f"{live_server.url}/safety/plan/")
    assert _direction(page.get_by_role("heading", level=1, name="My safety plan")) == "ltr"
    assert _direction(page.locator("#step-on_my_own h2")) == "ltr"
    assert _direction(page.locator("#step-on_my_own .plan-text p")) == "rtl"
    assert _direction(page.locator("#step-people .contact-name")) == "rtl"
    assert_accessible(page)
    page.goto(f"{live_server.url}/safety/plan/print/")
    assert _direction(page.locator(".print-steps .plan-text p", has_text=STEP)) == "rtl"

    # The coping list: an idea typed in the editor, then read.
    page.goto(f"{live_server.url}/safety/coping/edit/")
    add = page.get_by_label("Add your own to “Comfort”")
    add.fill(IDEA)
    assert _direction(add) == "rtl"
    add.press("Enter")
    kept = page.locator(f"#coping-comfort input[value='{IDEA}']")
    expect(kept).to_have_count(1)
    assert _direction(kept) == "rtl"
    assert_accessible(page)
    page.goto(f"{live_server.url}/safety/coping/")
    assert _direction(page.get_by_role("heading", level=1, name="My coping list")) == "ltr"
    assert _direction(page.locator(".coping-read li", has_text=IDEA)) == "rtl"
    assert _direction(page.locator(".coping-read li").first) == "ltr"  # a starter idea of Waypoint's
    assert_accessible(page)


def _line_box(page: Page, text: str) -> dict[str, float]:
    """Where one line of text sits: the box of the text itself, not of its paragraph."""
    box: dict[str, float] = page.evaluate(
        """(text) => {
            const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const at = walker.currentNode.data.indexOf(text);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(walker.currentNode, at);
                range.setEnd(walker.currentNode, at + text.length);
                const r = range.getBoundingClientRect();
                return {left: r.left, right: r.right};
            }
            return null;
        }""",
        text,
    )
    assert box is not None, text
    return box


@pytest.mark.parametrize("size", SIZES)
def test_an_answer_in_arabic_under_waypoints_question_reads_right_to_left(
    signed_in_page: Page, live_server: Any, alice: Any, size: str
) -> None:
    # As a reflection is kept in the journal: each of Waypoint's questions, then the answer below it.
    question = "What helped, even a little?"
    entry = entry_create(author=alice, title="A reflection", body=f"{question}\n{BODY}", kind=Entry.Kind.REFLECTION)
    page = signed_in_page
    page.set_viewport_size(SIZES[size])
    page.goto(f"{live_server.url}/journal/{entry.id}/")
    body = page.locator(".journal-body p").bounding_box()
    assert body is not None
    asked, answered = _line_box(page, question), _line_box(page, BODY)
    # The question starts at the left edge, the answer at the right edge, each as it is read.
    assert abs(asked["left"] - body["x"]) <= 2, (asked, body)
    assert abs(answered["right"] - (body["x"] + body["width"])) <= 2, (answered, body)
    assert_accessible(page)


def test_an_arabic_paragraph_after_an_english_one_reads_right_to_left(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    # The box around the words takes its direction from the first letter, an English one here.
    entry = entry_create(author=alice, title="", body=f"It was a hard day.\n\n{BODY}")
    page = signed_in_page
    page.set_viewport_size(SIZES["phone"])
    page.goto(f"{live_server.url}/journal/{entry.id}/")
    assert _direction(page.locator(".journal-body p", has_text="It was a hard day.")) == "ltr"
    assert _direction(page.locator(".journal-body p", has_text=BODY)) == "rtl"

"""Each box on the coping list's editing page says which idea it is, to a screen reader.

Every box was named "Idea": tabbing through a group was heard as "Idea, edit text" again and
again, and a list of the page's fields held fifteen alike."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from safety.models import CopingItem
from tests.e2e.conftest import assert_accessible, phone_signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_idea_s_box_is_named_by_its_place_in_its_group(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    page = phone_signed_in(browser, request, live_server.url, alice.email, width=375, height=812)
    page.goto(f"{live_server.url}/safety/coping/edit/")
    expect(page.get_by_role("textbox", name="Idea", exact=True)).to_have_count(0)

    names = []
    for slug, label in CopingItem.Group.choices:
        boxes = page.locator(f"#coping-{slug} .coping-edit input[name=text]")
        total = boxes.count()
        assert total == 3, slug  # the starter ideas
        for number in range(1, total + 1):
            name = f"Idea {number} of {total} in “{label}”"
            names.append(name)
            box = page.get_by_role("textbox", name=name, exact=True)
            expect(box).to_have_count(1)
            words = boxes.nth(number - 1).input_value()
            expect(box).to_have_value(words)
            # Its Save and Hide say the same idea by its words, as they did.
            row = page.locator(".coping-item").filter(has=box)
            expect(row.get_by_role("button", name=f"Save: {words}", exact=True)).to_have_count(1)
            expect(row.get_by_role("button", name=f"Hide: {words}", exact=True)).to_have_count(1)
    assert len(set(names)) == len(names) == 15

    # By keyboard: box, its Save, its Hide, then the next box, each heard apart.
    comfort = page.locator("#coping-comfort")
    comfort.get_by_role("textbox", name="Idea 1 of 3 in “Comfort”", exact=True).focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(comfort.get_by_role("textbox", name="Idea 2 of 3 in “Comfort”", exact=True)).to_be_focused()

    # An idea added in place is counted in: the group is drawn anew with four.
    comfort.get_by_label("Add your own to “Comfort”").fill("Stroke the cat")
    comfort.get_by_role("button", name="Add to “Comfort”").tap()
    expect(comfort.get_by_role("textbox", name="Idea 4 of 4 in “Comfort”", exact=True)).to_have_value("Stroke the cat")
    expect(comfort.get_by_role("textbox", name="Idea 1 of 4 in “Comfort”", exact=True)).to_have_count(1)
    assert_accessible(page)

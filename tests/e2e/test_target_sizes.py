"""Every checkbox and radio button, and every small control, is big enough to tap on a phone.

WCAG 2.2 (2.5.8) asks 24 x 24 px of any target; style.md asks 44 px on a phone. The boxes were
21 px, and a choice whose label sits beside its box ("7 days", "I understand") could be tapped
only on its words: 47 x 27 px. Links inside a sentence are exempt, as WCAG allows.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser

from journal.services import entry_create
from supporters.services import supporter_add
from tests.e2e.conftest import phone_signed_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# For each control on screen in <main>: [what it is, width, height], and for a checkbox or radio the
# size of what else taps it (its label). A link whose paragraph has words of its own is in a sentence.
_SIZES = """() => [...document.querySelectorAll('main :is(a[href], button, input:not([type=hidden]), select, summary)')]
  .filter(el => el.checkVisibility() && !(getComputedStyle(el).display === 'inline' && el.tagName === 'A'
    && el.parentElement.textContent.trim() !== el.textContent.trim()))
  .map(el => {
    const box = el.getBoundingClientRect(), named = el.labels?.[0], label = named?.getBoundingClientRect();
    const what = `${location.pathname} ${el.type || el.tagName} ${(named ?? el).textContent.trim().slice(0, 30)}`;
    const choice = ['checkbox', 'radio'].includes(el.type);
    return [what, box.width, box.height, choice && label ? [label.width, label.height] : null];
  })"""


def test_every_choice_and_control_is_a_phone_sized_target(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    entry_create(author=alice, body="a walk after a hard day")
    sam = supporter_add(owner=alice, name="Sam", email="sam@example.com")
    page = phone_signed_in(browser, request, live_server.url, alice.email)
    too_small = []
    for path in ["/", "/journal/new/", "/look-back/summary/", f"/people-around-you/{sam.id}/", "/safety/settings/",
                 "/journal/lock/settings/turn-on/"]:  # fmt: skip
        page.goto(live_server.url + path)
        if "/reauthenticate/" in page.url:
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Confirm").click()
            page.wait_for_url(live_server.url + path)
        found = page.evaluate(_SIZES)
        assert any(label for *_, label in found), f"{path}: no choices to measure"
        for what, width, height, label in found:
            if min(width, height) < 24:
                too_small.append(f"{what}: {width:.0f} x {height:.0f} px")
            if label and min(label) < 44:
                too_small.append(f"{what}: its label, the rest of its target, is {label[0]:.0f} x {label[1]:.0f} px")
    assert not too_small, "\n".join(too_small)

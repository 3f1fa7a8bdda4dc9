"""The calendar's month picker shows its format by example ("like 2024-03"), in its hint and, after
a month it lacks, in its error. A browser may break a line after a hyphen, which left "2024-" at
the end of one line and "03" on the next: the example must always stay whole, at any width."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXAMPLE = "2024-03"

# How many lines each "2024-03" in the element is drawn on.
_LINES = """(el, example) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const lines = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let at = node.data.indexOf(example); at !== -1; at = node.data.indexOf(example, at + 1)) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + example.length);
      lines.push(new Set([...range.getClientRects()].map(r => Math.round(r.top))).size);
    }
  }
  return lines;
}"""


@pytest.mark.parametrize("width", [1280, 1024, 390, 320])
def test_the_month_example_is_never_broken_across_lines(signed_in_page: Page, live_server: Any, width: int) -> None:
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{live_server.url}/journal/calendar/?month=2026-05")
    hint = page.locator("#month-jump-help")
    expect(hint).to_contain_text(EXAMPLE)
    assert hint.evaluate(_LINES, EXAMPLE) == [1]

    # A month the calendar lacks, typed where there is no picker: the error gives the example too.
    page.goto(f"{live_server.url}/journal/calendar/?picked=1&was=2026-05&month=1899-12")
    error = page.locator("#month-jump-error")
    expect(error).to_contain_text(EXAMPLE)
    assert error.evaluate(_LINES, EXAMPLE) == [1]
    assert hint.evaluate(_LINES, EXAMPLE) == [1]

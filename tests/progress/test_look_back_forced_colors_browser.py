"""The look back in Windows high contrast (forced colours): the browser takes the page's colours
away for text and borders, but an SVG's own fills and strokes keep whatever the page set. The
chart's line and points must then be drawn in the person's own system colours, as the words are,
never the brand green, which can vanish on their background."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page

from journal.services import entry_create
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The colours the chart drew, beside what the system colours resolve to on this page.
_DRAWN = """svg => {
  const probe = name => { const el = document.createElement('span');
    el.style.color = name; document.body.append(el);
    const colour = getComputedStyle(el).color; el.remove(); return colour; };
  const style = sel => getComputedStyle(svg.querySelector(sel));
  return {
    line: style('.progress-line').stroke, dot: style('.progress-dot').fill,
    dotEdge: style('.progress-dot').stroke, ring: style('.progress-setback').stroke,
    ringFill: style('.progress-setback').fill, grid: style('.progress-grid').stroke,
    tick: style('.progress-tick').fill,
    system: {text: probe('CanvasText'), canvas: probe('Canvas'), highlight: probe('Highlight'),
             gray: probe('GrayText')},
  };
}"""


@pytest.fixture
def high_contrast(browser: Browser, request: pytest.FixtureRequest) -> Page:
    context = browser.new_context(viewport={"width": 390, "height": 844}, forced_colors="active")
    request.addfinalizer(context.close)
    return context.new_page()


def test_the_chart_is_drawn_in_system_colours(high_contrast: Page, live_server: Any, alice: Any) -> None:
    today = timezone.localdate()
    entry_create(author=alice, body="words", mood=2, urge=6, written_on=today - timedelta(days=7), setback=True)
    entry_create(author=alice, body="words", mood=4, urge=3, written_on=today)
    sign_in(high_contrast, live_server.url, alice.email)
    high_contrast.goto(f"{live_server.url}/look-back/")

    for name in ("Chart of how you felt", "Chart of how strong urges were"):
        drawn = high_contrast.get_by_role("img", name=name).evaluate(_DRAWN)
        system = drawn["system"]
        assert drawn["line"] == system["highlight"], f"{name}: the line keeps the brand colour"
        assert drawn["dot"] == system["highlight"], f"{name}: the points keep the brand colour"
        assert drawn["dotEdge"] == system["canvas"]
        assert drawn["ring"] == system["text"] and drawn["ringFill"] == system["canvas"]
        assert drawn["tick"] == system["text"]
        assert drawn["grid"] == system["gray"]

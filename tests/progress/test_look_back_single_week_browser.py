"""A look back with one week in it, as a new person first sees it, at phone size and on a desktop,
light and dark: the one point can be seen (no setback ring over it, big enough on a phone, and
in a colour that stands out from the card), no label runs into another, and no figure is a
zero in large type."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from journal.services import entry_create
from prompts.models import Sequence
from prompts.services import run_start
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
}

# What the page drew, in CSS pixels: every label, point and ring of each chart, and the colours
# of the point and of the card behind it.
_DRAWN = """svg => {
  const box = el => { const r = el.getBoundingClientRect();
                      return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width}; };
  const dot = svg.querySelector('.progress-dot');
  const r = dot.getBoundingClientRect();
  const onTop = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {
    labels: [...svg.querySelectorAll('text.progress-tick')].map(t => ({text: t.textContent, ...box(t)})),
    dot: box(dot),
    rings: [...svg.querySelectorAll('.progress-setback')].map(box),
    svg: box(svg),
    dotOnTop: onTop === dot,
    dotFill: getComputedStyle(dot).fill,
    card: getComputedStyle(svg.closest('.card')).backgroundColor,
  };
}"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def _luminance(css: str) -> float:
    red, green, blue = (int(float(part)) / 255 for part in css[css.index("(") + 1 : -1].split(",")[:3])

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def _contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.fixture
def open_as_alice(browser: Browser, live_server: Any, alice: Any) -> Iterator[Callable[..., Page]]:
    contexts: list[Any] = []

    def open_page(size: str, scheme: str) -> Page:
        context = browser.new_context(color_scheme=scheme, **SIZES[size])  # type: ignore[arg-type]
        contexts.append(context)
        page = context.new_page()
        sign_in(page, live_server.url, alice.email)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def first_week(alice: Any, loaded_library: None) -> None:
    """One hard day noted this week, a setback among it, and three reflections begun, none finished."""
    entry_create(author=alice, body="words", mood=1, urge=0, setback=True)
    setback = Sequence.objects.get(clinic_key="", slug="after-a-setback")
    for _ in range(3):
        run_start(owner=alice, sequence=setback)


@pytest.mark.parametrize(
    ("size", "scheme"), [("phone", "dark"), ("phone", "light"), ("desktop", "light"), ("desktop", "dark")]
)
def test_one_week_shows_its_point_clear_labels_and_no_zero_in_large_type(
    open_as_alice: Callable[..., Page], live_server: Any, first_week: None, size: str, scheme: str
) -> None:
    page = open_as_alice(size, scheme)
    page.goto(f"{live_server.url}/look-back/")  # three months, one point a week

    counts = page.locator("section", has=page.get_by_role("heading", name="What you did in this time"))
    expect(counts).to_contain_text("1 entry written")
    expect(counts.locator("strong", has_text="0")).to_have_count(0)
    expect(counts).not_to_contain_text("0 ")
    expect(counts).to_contain_text("Reflections you started are waiting for you")

    for name in ("Chart of how you felt", "Chart of how strong urges were"):
        chart = page.get_by_role("img", name=name)
        chart.scroll_into_view_if_needed()
        drawn = chart.evaluate(_DRAWN)
        dot = drawn["dot"]
        assert drawn["dotOnTop"], f"{name}: the point is covered"
        assert dot["width"] >= 8, f"{name}: the point is {dot['width']:.1f} px wide"
        assert drawn["svg"]["left"] <= dot["left"] and dot["right"] <= drawn["svg"]["right"]
        assert _contrast(drawn["dotFill"], drawn["card"]) >= 3, f"{name}: the point fades into the card"
        assert len(drawn["rings"]) == 1
        boxes = [*drawn["labels"], dot, *drawn["rings"]]
        for index, one in enumerate(boxes):
            for other in boxes[index + 1 :]:
                assert not _overlap(one, other), f"{name}: {one} runs into {other}"
        # The dates sit on a row of their own, under the values' labels in the margin.
        ticks, dates = drawn["labels"][:-2], drawn["labels"][-2:]
        assert ticks[0]["text"] in {"1", "0"}  # the lowest value, where the point sits
        assert min(day["top"] for day in dates) >= max(tick["bottom"] for tick in ticks)
    assert_accessible(page)

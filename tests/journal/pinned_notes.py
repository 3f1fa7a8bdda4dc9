"""What the editor's pinned notes (offline, signed out, journal locked) are held to, in a browser:
in sight of a person typing, at every size, and never over the box they type in."""

from __future__ import annotations

from playwright.sync_api import FloatRect, Locator, Page

SIZES = {
    "phone": ({"width": 390, "height": 844}, "dark"),
    "small phone": ({"width": 320, "height": 640}, "dark"),
    "desktop": ({"width": 1280, "height": 800}, "light"),
}
# A laptop's screen (1280 x 800) at 400% zoom: the help bar and a note pinned over 200 px of page.
ZOOMED = {"400% zoom": ({"width": 320, "height": 200}, "dark")}


def box(locator: Locator) -> FloatRect:
    found = locator.bounding_box()
    assert found is not None
    return found


def in_sight(page: Page, note: Locator) -> None:
    viewport = page.viewport_size
    assert viewport is not None
    where = box(note)
    assert where["y"] >= 0 and where["y"] + where["height"] <= viewport["height"], f"the note is out of sight: {where}"


def not_over(note: Locator, field: Locator) -> None:
    assert box(note)["y"] + box(note)["height"] <= box(field)["y"], "the note lies over the box being typed in"


def typed_line_in_sight(page: Page, note: Locator, field: Locator) -> None:
    """The line being typed (the last: the caret is at the end) is on the screen, below the note."""
    viewport = page.viewport_size
    assert viewport is not None
    # How many lines the text takes, from a copy of the box just as wide with no height of its own.
    top, line = field.evaluate(
        """(box) => {
            const style = getComputedStyle(box), copy = box.cloneNode();
            copy.value = box.value;
            copy.style.cssText = `position:absolute;visibility:hidden;min-height:0;height:0;width:${box.offsetWidth}px`;
            document.body.append(copy);
            const line = parseFloat(style.lineHeight), top = parseFloat(style.paddingTop);
            const lines = Math.round((copy.scrollHeight - top - parseFloat(style.paddingBottom)) / line);
            copy.remove();
            return [box.getBoundingClientRect().top + top + (lines - 1) * line - box.scrollTop, line];
        }"""
    )
    note_bottom = box(note)["y"] + box(note)["height"]
    assert note_bottom <= top and top + line <= viewport["height"], f"the line being typed is out of sight: {top}"

"""What the editor's pinned notes (offline, signed out, journal locked) are held to, in a browser:
in sight of a person typing, at every size, and never over the box they type in."""

from __future__ import annotations

from playwright.sync_api import FloatRect, Locator, Page

SIZES = {
    "phone": ({"width": 390, "height": 844}, "dark"),
    "small phone": ({"width": 320, "height": 640}, "dark"),
    "desktop": ({"width": 1280, "height": 800}, "light"),
}


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

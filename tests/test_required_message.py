"""An empty box is answered in Waypoint's words, never in the browser's or Django's stock ones.

Django's "This field is required." reads "Could you fill this in?" (locale/en), and forms with a
message of their own say what is missing. But a form without `novalidate` let the browser answer
first, with its own "Please fill out this field.", before either was sent: on signing in, signing
up and resetting a password (allauth's one form element), adding a coping idea or a person to the
safety plan, and more. Every form with a box now leaves the answer to Waypoint.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_FORM = re.compile(r"<form\b((?:[^>{]|\{[^}]*\})*)>(.*?)</form>", re.DOTALL)
# Something a person fills in or picks: a box, a list, a field Django or allauth renders.
_BOX = re.compile(
    r"<textarea\b|<select\b|<input\b(?![^>]*type=\"(?:hidden|submit)\")|_field\.html|\{\{ *\w*form\b|\{% *element field"
)


def _forms_with_boxes() -> Iterator[tuple[str, str]]:
    for path in sorted(TEMPLATES.rglob("*.html")):
        for match in _FORM.finditer(path.read_text()):
            if _BOX.search(match.group(2)) or path.relative_to(TEMPLATES).as_posix() == "allauth/elements/form.html":
                yield str(path.relative_to(TEMPLATES)), match.group(1)


def test_the_walk_finds_forms_with_boxes() -> None:
    found = {template for template, _ in _forms_with_boxes()}
    assert {"allauth/elements/form.html", "safety/coping.html", "journal/editor.html"} <= found


def test_every_form_with_a_box_leaves_the_answer_to_waypoint() -> None:
    missing = [f"{template}: <form{head[:60]}…" for template, head in _forms_with_boxes() if "novalidate" not in head]
    assert missing == [], "these forms need novalidate, so the browser does not answer in its own words"

"""Every box for a person's own words says autocomplete="off", so the browser keeps no copy.

tests/e2e/test_browser_memory.py shows what Chromium keeps otherwise: the values sent in one-line
boxes (its autofill list), and the words in any box, text areas too, of a page left without sending
it (its form state, written to the profile's Sessions files to restore tabs after a restart). This
walks every form of ours and every hand-written <input> and <textarea> in templates/ (the same walk
as the dir="auto" rule), so a new box cannot forget it.
"""

from __future__ import annotations

import re

from tests.test_text_direction import (
    _ATTR,
    _TAG,
    _TYPED_IN,
    NOT_WORDS_BOXES,
    NOT_WORDS_FIELDS,
    TEMPLATES,
    _form_boxes,
    _typed_in,
)

# Switched off by journal.js as the editor opens: without JavaScript, the browser's own copy is what
# brings back a body too large to send on Back (tests/journal/test_too_big_browser.py).
OFF_BY_SCRIPT = {("journal.forms.EntryForm", "body")}


def test_every_form_box_for_a_persons_words_is_not_remembered() -> None:
    boxes = [(label, name) for label, name, widget in _form_boxes() if _typed_in(widget)]
    assert ("safety.forms.PlanStepForm", "obstacles") in boxes
    missing = [
        f"{label}.{name}"
        for label, name, widget in _form_boxes()
        if _typed_in(widget)
        and (label, name) not in NOT_WORDS_FIELDS | OFF_BY_SCRIPT
        and widget.attrs.get("autocomplete") != "off"
    ]
    assert not missing, f'these boxes need autocomplete="off" (config.forms.OWN_WORDS): {missing}'


def _hand_written_boxes() -> list[tuple[str, str, dict[str, str]]]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for match in _TAG.finditer(path.read_text()):
            attrs = dict(_ATTR.findall(match.group(2)))
            tag = match.group(1).lower()
            # A read-only box (words shown back to copy) is never typed in: the browser keeps
            # only what was changed in a box.
            if re.search(r"\breadonly\b", match.group(2)):
                continue
            if tag == "textarea" or (tag == "input" and attrs.get("type", "text") in _TYPED_IN):
                found.append((str(path.relative_to(TEMPLATES)), attrs.get("id", "?"), attrs))
    return found


def test_every_hand_written_box_for_a_persons_words_is_not_remembered() -> None:
    boxes = [(template, box) for template, box, _ in _hand_written_boxes()]
    assert ("safety/coping.html", "coping-add-{{ group.slug }}") in boxes
    assert ("prompts/home.html", "daily-body") in boxes
    missing = [
        f"{template} #{box}"
        for template, box, attrs in _hand_written_boxes()
        if (template, box) not in NOT_WORDS_BOXES and attrs.get("autocomplete") != "off"
    ]
    assert not missing, f'these boxes need autocomplete="off": {missing}'

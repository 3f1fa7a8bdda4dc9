"""Every one-line box for a person's own words says autocomplete="off", so the browser keeps no copy.

tests/e2e/test_browser_memory.py shows what Chromium keeps otherwise; this walks every form of ours
and every hand-written <input> in templates/ (the same walk as the dir="auto" rule), so a new box
cannot forget it. Text areas are not walked: browsers keep no history of them.
"""

from __future__ import annotations

from django import forms

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


def test_every_one_line_form_box_for_a_persons_words_is_not_remembered() -> None:
    missing = [
        f"{label}.{name}"
        for label, name, widget in _form_boxes()
        if _typed_in(widget)
        and not isinstance(widget, forms.Textarea)
        and (label, name) not in NOT_WORDS_FIELDS
        and widget.attrs.get("autocomplete") != "off"
    ]
    assert not missing, f'these boxes need autocomplete="off" (config.forms.OWN_WORDS): {missing}'


def _hand_written_one_line_boxes() -> list[tuple[str, str, dict[str, str]]]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for match in _TAG.finditer(path.read_text()):
            attrs = dict(_ATTR.findall(match.group(2)))
            if match.group(1).lower() == "input" and attrs.get("type", "text") in _TYPED_IN:
                found.append((str(path.relative_to(TEMPLATES)), attrs.get("id", "?"), attrs))
    return found


def test_every_hand_written_one_line_box_for_a_persons_words_is_not_remembered() -> None:
    boxes = _hand_written_one_line_boxes()
    assert ("safety/coping.html", "coping-add-{{ group.slug }}") in [(template, box) for template, box, _ in boxes]
    missing = [
        f"{template} #{box}"
        for template, box, attrs in boxes
        if (template, box) not in NOT_WORDS_BOXES and attrs.get("autocomplete") != "off"
    ]
    assert not missing, f'these boxes need autocomplete="off": {missing}'

"""The words beside a Print button read true without it: the button is hidden until JavaScript can
press it, so "Or use your browser's print menu" began with "Or" beside nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# A Print button hidden until the script shows it, and the words that follow it in the same paragraph.
AFTER_A_HIDDEN_BUTTON = re.compile(r"data-print hidden>.*?</button>\s*(?:\{% translate \"(?P<words>[^\"]*)\")?", re.S)


def _words_after_print_buttons() -> list[tuple[str, str]]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for match in AFTER_A_HIDDEN_BUTTON.finditer(path.read_text()):
            if match.group("words"):
                found.append((str(path.relative_to(TEMPLATES)), match.group("words")))
    return found


def test_there_are_print_buttons_with_words_beside_them() -> None:
    assert len(_words_after_print_buttons()) >= 3


@pytest.mark.parametrize(("template", "words"), _words_after_print_buttons())
def test_the_words_beside_a_print_button_stand_alone_without_it(template: str, words: str) -> None:
    assert not re.match(r"(Or|Also|Or else)\b", words), f"{template}: {words!r} leans on a button not shown"

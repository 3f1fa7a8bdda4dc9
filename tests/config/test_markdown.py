"""A person's words in a Markdown file read as they wrote them, and ordinary sentences stay as they are."""

from __future__ import annotations

import pytest

from config.markdown import markdown_escape


@pytest.mark.parametrize(
    ("written", "in_the_file"),
    [
        ("#1 reason: my sister", r"\#1 reason: my sister"),  # not a heading
        ("- my sister", r"\- my sister"),  # not a list item
        ("+ my brother", r"\+ my brother"),
        ("1. Call Sam", r"1\. Call Sam"),  # not a numbered list
        ("> what she said", r"\> what she said"),  # not a quote
        ("I felt *so* tired", r"I felt \*so\* tired"),  # not emphasis
        ("a _long_ day", r"a \_long\_ day"),
        ("`quiet`", r"\`quiet\`"),  # not code
        ("<b>loud</b>", r"\<b>loud\</b>"),  # not HTML, which a reader could drop
        ("[mum](tel:123)", r"\[mum](tel:123)"),  # not a link
        ("Before\n---", "Before\n\\---"),  # not a rule, nor a heading's underline
        ("ends in a backslash \\", "ends in a backslash \\\\"),
    ],
)
def test_what_a_markdown_reader_would_take_as_formatting_is_escaped(written: str, in_the_file: str) -> None:
    assert markdown_escape(written) == in_the_file


@pytest.mark.parametrize(
    "sentence",
    [
        "I went for a walk instead, and it helped (a bit). Tomorrow - maybe - again!",
        "Slept 7.5 hours; woke at 3. Called my_sister's number: 07700 900123.",
        "-5 outside, <3 to whoever left the light on, 2 + 2 = 4 & that's fine.",
        "Line one\nLine two",
    ],
)
def test_ordinary_sentences_are_unchanged(sentence: str) -> None:
    assert markdown_escape(sentence) == sentence

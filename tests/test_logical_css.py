"""Our stylesheets say start and end, never left and right, so a right-to-left language mirrors.

<html dir> follows the language. A margin-left, a border-left or text-align: left stays on the left
in Arabic or Hebrew: a notice's bar on the far side of its words, a list's bullets with no room. The
logical forms (margin-inline-start, border-inline-start, text-align: start…) follow the direction.

Flagged: a property named for a side (margin-left, left, border-top-right-radius…), a value naming
one (text-align: left, float: right), a four-value box shorthand whose left and right differ
(padding: 0 1rem 0 0), and a border-radius whose corners differ. A place that must stay physical
(a visual effect that must not flip) goes in ALLOWED with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = "accounts backups care config journal progress prompts safety sharing static supporters"

# (file, selector, declaration) → why it must stay physical. None today: every left/right in our
# CSS meant the start or end of the text. Keep it short: every line is a decision.
ALLOWED: dict[tuple[str, str, str], str] = {}

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_SIDE_IN_NAME = re.compile(r"(^|-)(left|right)(-|$)")
_SIDE_IN_VALUE = re.compile(r"\b(left|right)\b")
_BOX_SHORTHANDS = {
    "margin",
    "padding",
    "inset",
    "border-width",
    "border-style",
    "border-color",
    "scroll-margin",
    "scroll-padding",
}


def _stylesheets() -> list[Path]:
    return sorted(
        path
        for top in SHIPPED.split()
        for path in (ROOT / top).rglob("*.css")
        if "static" in path.relative_to(ROOT).parts
    )


def _declarations(css: str) -> Iterator[tuple[str, str, str]]:
    """(selector, property, value) for each declaration; the selector is the nearest rule's."""
    prelude = ""
    for chunk, brace in re.findall(r"([^{}]*)([{}])", _COMMENT.sub("", css)):
        if brace == "{":
            prelude = " ".join(chunk.split())
            continue
        for declaration in chunk.split(";"):
            name, colon, value = declaration.partition(":")
            if colon:
                yield prelude, name.strip().lower(), " ".join(value.replace("!important", "").split())


def _physical(name: str, value: str) -> bool:
    if name.startswith("--"):
        return False
    if _SIDE_IN_NAME.search(name) or _SIDE_IN_VALUE.search(value.lower()):
        return True
    parts = value.split()
    if name in _BOX_SHORTHANDS and len(parts) == 4:
        return parts[1] != parts[3]
    if name == "border-radius":
        return len(set(value.replace("/", " ").split())) > 1
    return False


def physical_declarations(css: str) -> list[tuple[str, str]]:
    return [(selector, f"{name}: {value}") for selector, name, value in _declarations(css) if _physical(name, value)]


@pytest.mark.parametrize(
    "css",
    [
        ".a { margin-left: 1rem; }",
        ".a { border-left: 4px solid red; }",
        "@media print { .a { left: 0; } }",
        ".a { text-align: left; }",
        ".a { float: right; }",
        ".a { padding: 0 1rem 0 0; }",
        ".a { border-radius: 0 4px 4px 0; }",
        ".a { border-top-right-radius: 4px; }",
    ],
)
def test_it_finds_a_physical_side(css: str) -> None:
    assert physical_declarations(css) != []


@pytest.mark.parametrize(
    "css",
    [
        ".time-left, .right-now { margin-inline-start: 1rem; }",
        ".a { padding: 0.5rem 1rem 0.25rem; margin: 0 auto; inset: 0; border-radius: 50%; }",
        "/* text-align: left would stay left */ .a { text-align: start; }",
    ],
)
def test_it_leaves_logical_and_symmetric_ones(css: str) -> None:
    assert physical_declarations(css) == []


def test_the_stylesheets_are_found() -> None:
    assert ROOT / "static" / "css" / "waypoint.css" in _stylesheets()


def test_no_stylesheet_uses_left_or_right_for_the_start_or_end_of_the_text() -> None:
    found = {
        (str(path.relative_to(ROOT)), selector, declaration)
        for path in _stylesheets()
        for selector, declaration in physical_declarations(path.read_text())
    }
    assert found - ALLOWED.keys() == set(), "use the logical property (margin-inline-start, text-align: start…)"
    assert ALLOWED.keys() - found == set(), "allowed, but no longer there: take it off ALLOWED"

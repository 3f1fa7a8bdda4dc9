"""The words Waypoint never shows (from the project's language rules), as one checkable list.

People read this app on their worst days. These words scold, count, label or reset; the
library loader, the admin upload and tests/test_language.py all check text against them.
"""

from __future__ import annotations

import re

# Whole words or phrases, matched case-insensitively. "say instead" lives in the language guide.
AVOID: tuple[str, ...] = (
    "fail",
    "fails",
    "failed",
    "failing",
    "failure",
    "failures",
    "clean",
    "dirty",
    "days clean",
    "streak",
    "streaks",
    "back to zero",
    "starting over",
    "start over",
    "reset",
    "resets",
    "relapse",
    "relapsed",
    "relapsing",
    "slip-up",
    "should",
    "should have",
    "must",
    "weak",
    "weakness",
    "pathetic",
    "stupid",
    "crazy",
    "insane",
    "self-harmer",
    "self-harmers",
    "cutter",
    "cutters",
    "attention-seeking",
    "manipulative",
    "self-mutilation",
    "committed suicide",
    "successful attempt",
    "failed attempt",
    "high risk",
    "medium risk",
    "low risk",
    "risk score",
    "risk level",
)

# Letters, digits and hyphens glue a word together ("self-harmer" is one word; so is "must-have").
_AVOID_RE = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(AVOID, key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)


def avoided_words(text: str) -> list[str]:
    """Every avoided word or phrase in text, lower-cased, in the order they appear."""
    return [m.group(1).lower() for m in _AVOID_RE.finditer(text.replace("\u2019", "'"))]

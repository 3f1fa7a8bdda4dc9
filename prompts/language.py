"""The words Waypoint never shows (from the project's language rules), as checkable lists.

People read this app on their worst days. The avoided words scold, count, label or reset; the
library loader, the admin upload and tests/test_language.py all check text against them. Method
words (data/method_words.txt) name a way of self-harm or suicide, which safe-messaging guidance
asks us never to describe; the loader and the admin upload refuse a sequence that uses one.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

# Whole words or phrases, matched case-insensitively. "say instead" lives in the language guide.
# A label is listed as people spell it, with a hyphen and without: "attention seeking" is as common.
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
    "relapses",
    "relapsed",
    "relapsing",
    "slip-up",
    "slip-ups",
    "slip up",
    "slip ups",
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
    "self harmer",
    "self harmers",
    "cutter",
    "cutters",
    "attention-seeking",
    "attention seeking",
    "attention-seeker",
    "attention seeker",
    "attention-seekers",
    "attention seekers",
    "manipulative",
    "self-mutilation",
    "self mutilation",
    "self-mutilating",
    "self mutilating",
    "committed suicide",
    "commit suicide",
    "commits suicide",
    "committing suicide",
    "successful attempt",
    "unsuccessful attempt",
    "failed attempt",
    # The same verdict said of the death itself; the guide says "died by suicide".
    "successful suicide",
    "completed suicide",
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


METHOD_WORDS_FILE = Path(__file__).resolve().parent / "data" / "method_words.txt"


def _phrases_pattern(phrases: set[str]) -> str:
    # Longest first, so "lethal dose" is named whole rather than as "lethal".
    ordered = sorted(phrases, key=len, reverse=True)
    alternatives = "|".join(r"[\s-]+".join(re.escape(part) for part in phrase.split()) for phrase in ordered)
    return r"(?<![\w-])(" + alternatives + r")(?![\w-])"


@cache
def _method_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    sections: dict[str, set[str]] = {"method": set(), "everyday": set()}
    section = ""
    for raw in METHOD_WORDS_FILE.read_text(encoding="utf-8").splitlines():
        line = " ".join(raw.split("#", 1)[0].split()).lower()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif line and section in sections:
            sections[section].add(line)
        elif line:
            raise ValueError(f"{METHOD_WORDS_FILE.name}: '{line}' is outside [method] and [everyday]")
    method, everyday = (re.compile(_phrases_pattern(sections[name]), re.IGNORECASE) for name in sections)
    return method, everyday


def method_words(text: str) -> list[str]:
    """Every method word or phrase in text, lower-cased with single spaces, in order."""
    method, everyday = _method_patterns()
    text = everyday.sub(" ", text)
    return [" ".join(m.group(1).lower().replace("-", " ").split()) for m in method.finditer(text)]

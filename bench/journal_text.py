"""The words a bench journal is written in: everyday words, and one rare word to search for."""

from __future__ import annotations

import random

RARE_WORD = "lighthouse"
WORDS = [
    "today",
    "morning",
    "evening",
    "walk",
    "tea",
    "friend",
    "sister",
    "work",
    "tired",
    "calm",
    "heavy",
    "light",
    "rain",
    "sun",
    "sleep",
    "noticed",
    "breathing",
    "music",
    "garden",
    "kitchen",
    "bus",
    "window",
    "quiet",
    "loud",
    "talked",
    "wrote",
    "listened",
    "felt",
    "better",
    "worse",
    "okay",
    "hard",
    "moment",
    "small",
    "step",
    "kind",
    "gentle",
    "because",
    "after",
    "before",
    "maybe",
    "tomorrow",
]


def journal_text(rng: random.Random, chars: int, rare: bool) -> str:
    words: list[str] = []
    length = 0
    while length < chars:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    if rare:
        words.insert(rng.randrange(len(words)), RARE_WORD)
    return " ".join(words)

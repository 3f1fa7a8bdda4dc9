"""The gentle check after saving: does something just written suggest danger right now?

It runs on text the person has just saved, in memory only. Nothing is sent, stored, logged or
scored: the answer is a yes or no that decides whether a calm panel appears on the next page.
The journal calls `gentle_check_applies(user=..., texts=[...])` after an explicit save and includes
templates/safety/_gentle_check.html when it says yes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

from django.utils.translation import get_language
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from safety.models import SafetyPreferences

PHRASES_DIR = Path(__file__).resolve().parent / "data" / "gentle_check"
_NOT_WORD = re.compile(r"[^\w]+")


def _normalise(text: str) -> str:
    # Curly apostrophes, accents written two ways, and punctuation must not hide a phrase.
    text = unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'").replace("'", "")
    return " " + _NOT_WORD.sub(" ", text).strip() + " "


@cache
def phrases_for(language: str) -> tuple[str, ...]:
    path = PHRASES_DIR / f"{language}.txt"
    if not path.exists():
        return ()
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(_normalise(line) for line in lines if line.strip() and not line.lstrip().startswith("#"))


def _phrases() -> tuple[str, ...]:
    language = (get_language() or "en").split("-")[0]
    # English is always checked too: people often write in more than one language.
    return tuple(dict.fromkeys((*phrases_for(language), *phrases_for("en"))))


def gentle_check_enabled(user: User) -> bool:
    enabled = SafetyPreferences.objects.filter(owner=user).values_list("gentle_check", flat=True).first()
    return True if enabled is None else bool(enabled)


@sensitive_variables("texts", "text", "haystack")
def gentle_check_applies(*, user: User, texts: list[str]) -> bool:
    """True when the person has the check on and one of the texts holds a reviewed phrase."""
    if not any(text and text.strip() for text in texts):
        return False
    if not gentle_check_enabled(user):
        return False
    phrases = _phrases()
    for text in texts:
        haystack = _normalise(text or "")
        if any(phrase in haystack for phrase in phrases):
            return True
    return False

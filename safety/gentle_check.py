"""The gentle check after saving: does something just written suggest danger right now?

It runs on text the person has just saved, in memory only. Nothing is sent, logged or scored, and
what was written is never kept by it: the answer is a yes or no. A yes leaves one marker in the
server-side session (never a cookie or browser storage), and the next full page takes it and shows
templates/safety/_gentle_check.html in place of the routine "Saved" confirmation.

The words live in data/gentle_check/<language>.txt, in sections. One sentence at a time:
- a [danger], [means], [plan] or [goodbye] phrase is enough;
- a [harm] phrase is enough with an [intent] word before it or a [now] word in the sentence;
unless a guard says the words are not about now: a [negation] just before the phrase; a story or
someone else ([elsewhere]) or a time that may come ([hypothetical]) earlier in the sentence; the
[past] with no [now] word beside it; or an urge that [passed], in this sentence or the next.
A phrase list alone would treat "I wanted to kill myself last year" like "...tonight"; the guards
are why there are sections at all. tests/safety/gentle_check_cases.yaml holds the measured sentences.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

from django.http import HttpRequest
from django.utils.translation import get_language
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from safety.models import SafetyPreferences

PHRASES_DIR = Path(__file__).resolve().parent / "data" / "gentle_check"
SESSION_KEY = "safety_gentle_check"

SIGNALS = ("danger", "means", "plan", "goodbye")
SECTIONS = (*SIGNALS, "harm", "intent", "now", "negation", "past", "hypothetical", "elsewhere", "passed")
NEGATION_REACH = 3  # words before a phrase that can turn it around ("I really don't want to die")

Phrase = tuple[str, ...]
Lexicon = dict[str, tuple[Phrase, ...]]

# Sentences end at punctuation and at "but": what follows "but" is often the urge passing.
_BREAK = re.compile(r"[.!?;:,\n]+|\bbut\b")
_WORD = re.compile(r"\w+")
_SECTION = re.compile(r"^\[(\w+)\]$")


def _words(text: str) -> Phrase:
    # Curly apostrophes and accents written two ways must not hide a phrase; "don't" is "dont".
    text = unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'").replace("'", "")
    return tuple(_WORD.findall(text))


def _sentences(text: str) -> list[Phrase]:
    text = unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'").replace("'", "")
    return [words for part in _BREAK.split(text) if (words := _words(part))]


@cache
def lexicon_for(language: str) -> Lexicon:
    """The reviewed phrases for a language, by section; empty sections when there is no file."""
    lexicon: dict[str, list[Phrase]] = {section: [] for section in SECTIONS}
    path = PHRASES_DIR / f"{language}.txt"
    if not path.exists():
        return dict.fromkeys(SECTIONS, ())
    section = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if found := _SECTION.match(line):
            section = found.group(1)
            if section not in lexicon:
                raise ValueError(f"{path.name}, line {number}: unknown section [{section}]")
        elif not section:
            raise ValueError(f"{path.name}, line {number}: a phrase before any [section]")
        else:
            lexicon[section].append(_words(line))
    return {name: tuple(dict.fromkeys(phrases)) for name, phrases in lexicon.items()}


def _lexicon() -> Lexicon:
    language = (get_language() or "en").split("-")[0]
    # English is always checked too: people often write in more than one language.
    both = (lexicon_for(language), lexicon_for("en"))
    return {section: tuple(dict.fromkeys(p for lex in both for p in lex[section])) for section in SECTIONS}


def _starts(words: Phrase, phrase: Phrase) -> Iterator[int]:
    size = len(phrase)
    return (i for i in range(len(words) - size + 1) if words[i : i + size] == phrase)


def _has(words: Phrase, phrases: tuple[Phrase, ...]) -> bool:
    return any(next(_starts(words, phrase), None) is not None for phrase in phrases)


def _signals(words: Phrase, lex: Lexicon) -> Iterator[int]:
    """Where in the sentence something suggests danger, before any guard is asked."""
    for section in SIGNALS:
        for phrase in lex[section]:
            yield from _starts(words, phrase)
    now = _has(words, lex["now"])
    for phrase in lex["harm"]:
        for start in _starts(words, phrase):
            if now or _has(words[:start], lex["intent"]):
                yield start


def _guarded(sentences: list[Phrase], index: int, start: int, lex: Lexicon) -> bool:
    words = sentences[index]
    before = words[:start]
    return (
        _has(before[-NEGATION_REACH:], lex["negation"])
        or _has(before, lex["elsewhere"])
        or _has(before, lex["hypothetical"])
        or (_has(words, lex["past"]) and not _has(words, lex["now"]))
        or any(_has(sentence, lex["passed"]) for sentence in sentences[index : index + 2])
    )


@sensitive_variables("text", "sentences")
def sounds_like_danger(text: str) -> bool:
    """True when a sentence of text suggests danger right now. Pure: no person, no database."""
    lex = _lexicon()
    sentences = _sentences(text)
    return any(
        not _guarded(sentences, index, start, lex)
        for index, words in enumerate(sentences)
        for start in _signals(words, lex)
    )


def gentle_check_enabled(user: User) -> bool:
    enabled = SafetyPreferences.objects.filter(owner=user).values_list("gentle_check", flat=True).first()
    return True if enabled is None else bool(enabled)


@sensitive_variables("texts", "text")
def gentle_check_applies(*, user: User, texts: Sequence[str]) -> bool:
    """True when the person has the check on and one of the texts suggests danger right now."""
    if not any(text and text.strip() for text in texts):
        return False
    if not gentle_check_enabled(user):
        return False
    return any(sounds_like_danger(text) for text in texts if text)


@sensitive_variables("texts")
def gentle_check_after_save(request: HttpRequest, texts: Sequence[str]) -> bool:
    """Run the check on words just saved. On a yes, the next full page shows the panel instead
    of the routine confirmation, and the caller leaves that confirmation out."""
    user = request.user
    if not isinstance(user, User) or not gentle_check_applies(user=user, texts=texts):
        return False
    request.session[SESSION_KEY] = True
    return True


def gentle_check_pending(request: HttpRequest) -> bool:
    """Take the marker a save left: True once, on the page right after that save."""
    session = getattr(request, "session", None)
    return bool(session is not None and session.pop(SESSION_KEY, False))

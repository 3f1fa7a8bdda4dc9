"""The gentle check after saving: does something just written suggest danger right now?

It runs on text the person has just saved, in memory only. Nothing is sent, logged or scored, and
what was written is never kept by it: the answer is a yes or no, and it is never kept readable
either. Every save the check runs on leaves one answer in the server-side session (never a cookie
or browser storage), yes or no alike, sealed under the server key (journal/keyring.py), which is
never in the database or a backup: a copy of the session table shows the same thing after a save
either way. The next full page takes the answer, whatever it says, and on a yes given within
MARKER_LIFETIME shows templates/safety/_gentle_check.html in place of the routine "Saved".

The words live in data/gentle_check/<language>.txt, in sections. One sentence at a time:
- a [danger], [means], [plan] or [goodbye] phrase is enough;
- a [harm] phrase is enough with an [intent] word just before it or a [now] word in the sentence;
- a [wish] phrase is enough when it ends the sentence, or only [now] and [after_wish] words follow
  it: "I want to disappear" is a wish not to be here, "...under a blanket" a wish for rest;
unless a guard says the words are not about now: a [negation] just before the phrase; a story or
someone else ([elsewhere]) or a time that may come ([hypothetical]) earlier in the sentence; the
[past] with no [now] word beside it; or an urge that [passed], in this sentence or the next.
A phrase list alone would treat "I wanted to kill myself last year" like "...tonight"; the guards
are why there are sections at all. tests/safety/gentle_check_cases.yaml holds the measured sentences.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

from django.http import HttpRequest
from django.utils.translation import get_language
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from journal.keyring import DecryptionError, KeyringError, server_decrypt, server_encrypt
from safety.models import SafetyPreferences

PHRASES_DIR = Path(__file__).resolve().parent / "data" / "gentle_check"
SESSION_KEY = "safety_gentle_check"
# A yes is for the page right after the save: a tab closed before it and opened an hour later (maybe
# by someone else, on a shared phone) gets no panel out of the blue.
MARKER_LIFETIME = 5 * 60  # seconds
_SEALED_FOR = "waypoint/safety/gentle-check/v1"

SIGNALS = ("danger", "means", "plan", "goodbye")
SECTIONS = (
    *SIGNALS,
    *("harm", "intent", "wish", "after_wish", "now"),
    *("negation", "past", "hypothetical", "elsewhere", "passed"),
)
NEGATION_REACH = 3  # words before a phrase that can turn it around ("I really don't want to die")
INTENT_GAP = 1  # words that may sit between an intent and a harm ("going to [do] something to myself")

Lexicon = dict[str, tuple[str, ...]]
Patterns = dict[str, re.Pattern[str]]

# Sentences end at punctuation and at "but": what follows "but" is often the urge passing.
_BREAK = re.compile(r"[.!?;:,\n]+|\bbut\b")
_WORD = re.compile(r"\w+")
_SECTION = re.compile(r"^\[(\w+)\]$")


def _normalise(text: str) -> str:
    # Curly apostrophes and accents written two ways must not hide a phrase; "don't" is "dont".
    return unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'").replace("'", "")


def _sentences(text: str) -> list[str]:
    """Each sentence as its words joined by single spaces."""
    return [words for part in _BREAK.split(_normalise(text)) if (words := " ".join(_WORD.findall(part)))]


@cache
def lexicon_for(language: str) -> Lexicon:
    """The reviewed phrases for a language, by section; empty sections when there is no file."""
    lexicon: dict[str, list[str]] = {section: [] for section in SECTIONS}
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
            lexicon[section].append(" ".join(_WORD.findall(_normalise(line))))
    return {name: tuple(dict.fromkeys(phrases)) for name, phrases in lexicon.items()}


@cache
def _patterns(languages: tuple[str, ...]) -> Patterns:
    """One pattern per section, for whole words. A lookahead, so overlapping phrases all count."""
    patterns = {}
    for section in SECTIONS:
        phrases = sorted({p for language in languages for p in lexicon_for(language)[section]}, key=len, reverse=True)
        alternatives = "|".join(re.escape(phrase) for phrase in phrases) or r"(?!x)x"
        patterns[section] = re.compile(rf"(?<!\S)(?=({alternatives})(?!\S))")
    # The rest of a sentence after a [wish], if it holds nothing else: " so bad", " right now", "".
    endings = {p for language in languages for section in ("now", "after_wish") for p in lexicon_for(language)[section]}
    alternatives = "|".join(re.escape(phrase) for phrase in sorted(endings, key=len, reverse=True)) or r"(?!x)x"
    patterns["wish_end"] = re.compile(rf"(?: (?:{alternatives}))*")
    return patterns


def _current_patterns() -> Patterns:
    language = (get_language() or "en").split("-")[0]
    # English is always checked too: people often write in more than one language.
    return _patterns(tuple(dict.fromkeys((language, "en"))))


def _signals(sentence: str, patterns: Patterns) -> Iterator[int]:
    """Where in the sentence something suggests danger, before any guard is asked."""
    for section in SIGNALS:
        yield from (found.start() for found in patterns[section].finditer(sentence))
    for found in patterns["wish"].finditer(sentence):
        if patterns["wish_end"].fullmatch(sentence[found.start() + len(found.group(1)) :]):
            yield found.start()
    now = patterns["now"].search(sentence) is not None
    for found in patterns["harm"].finditer(sentence):
        if now or _intent_just_before(sentence[: found.start()], patterns):
            yield found.start()


def _intent_just_before(before: str, patterns: Patterns) -> bool:
    # "I will talk about relapse prevention" is not an intent to relapse: the intent has to be close.
    return any(
        len(before[intent.start() + len(intent.group(1)) :].split()) <= INTENT_GAP
        for intent in patterns["intent"].finditer(before)
    )


def _guarded(sentences: list[str], index: int, start: int, patterns: Patterns) -> bool:
    sentence = sentences[index]
    before = sentence[:start]
    nearby = " ".join(before.split()[-NEGATION_REACH:])
    return bool(
        patterns["negation"].search(nearby)
        or patterns["elsewhere"].search(before)
        or patterns["hypothetical"].search(before)
        or (patterns["past"].search(sentence) and not patterns["now"].search(sentence))
        or any(patterns["passed"].search(nearby_sentence) for nearby_sentence in sentences[index : index + 2])
    )


@sensitive_variables("text", "sentences")
def sounds_like_danger(text: str) -> bool:
    """True when a sentence of text suggests danger right now. Pure: no person, no database."""
    patterns = _current_patterns()
    sentences = _sentences(text)
    return any(
        not _guarded(sentences, index, start, patterns)
        for index, sentence in enumerate(sentences)
        for start in _signals(sentence, patterns)
    )


def gentle_check_enabled(user: User) -> bool:
    enabled = SafetyPreferences.objects.filter(owner=user).values_list("gentle_check", flat=True).first()
    return True if enabled is None else bool(enabled)


def _has_words(texts: Sequence[str]) -> bool:
    return any(text and text.strip() for text in texts)


@sensitive_variables("texts", "text")
def gentle_check_applies(*, user: User, texts: Sequence[str]) -> bool:
    """True when the person has the check on and one of the texts suggests danger right now."""
    if not _has_words(texts) or not gentle_check_enabled(user):
        return False
    return any(sounds_like_danger(text) for text in texts if text)


def _sealed_answer(*, answer: bool, user: User) -> str:
    # One digit and a ten-digit time, so a yes and a no seal to exactly the same length.
    return server_encrypt(f"{int(answer)}{int(time.time()):010d}", purpose=f"{_SEALED_FOR}/{user.pk}")


def _opened_answer(sealed: object, *, user: object) -> bool:
    """True for a yes sealed for this person within MARKER_LIFETIME; anything else is a no."""
    if not isinstance(sealed, str) or not isinstance(user, User):
        return False  # before sealing, a yes was stored as True: taken without a panel
    try:
        plain = server_decrypt(sealed, purpose=f"{_SEALED_FOR}/{user.pk}")
    except (DecryptionError, KeyringError):
        return False  # sealed for someone else, or under a server key since retired
    return plain[:1] == "1" and 0 <= time.time() - int(plain[1:]) <= MARKER_LIFETIME


@sensitive_variables("texts")
def gentle_check_after_save(request: HttpRequest, texts: Sequence[str]) -> bool:
    """Run the check on words just saved. On a yes, the next full page shows the panel instead
    of the routine confirmation, and the caller leaves that confirmation out."""
    user = request.user
    if not isinstance(user, User) or not _has_words(texts) or not gentle_check_enabled(user):
        return False
    answer = any(sounds_like_danger(text) for text in texts if text)
    # A no is written too, sealed the same way: when only a yes left a marker, its presence said yes.
    request.session[SESSION_KEY] = _sealed_answer(answer=answer, user=user)
    return answer


def gentle_check_pending(request: HttpRequest) -> bool:
    """Take the answer a save left: True once, on the page right after a save the check said yes to.

    A no is taken too (one session write on the page after a save, either way): left in place
    while a yes was taken, the session would change after a yes alone.
    """
    session = getattr(request, "session", None)
    if session is None or SESSION_KEY not in session:
        return False
    return _opened_answer(session.pop(SESSION_KEY), user=getattr(request, "user", None))

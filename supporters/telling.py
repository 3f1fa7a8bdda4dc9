"""Words to show someone at the moment of telling them, for when saying it out loud is too hard.

The same few cards for everyone: nothing a person writes is asked for, kept or sent. Each key is
part of a public address, so keys stay neutral (never what the words say) and stable.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class TellingCard:
    key: str
    words: Promise
    # The card for "I am not safe now" points the reader straight at what to do, not at the guide's start.
    urgent: bool = False


CARDS: tuple[TellingCard, ...] = (
    TellingCard(
        "listen",
        _(
            "I've been hurting myself to cope with how I feel. I'm telling you because I trust you. "
            "I don't need you to fix it. I need you to listen."
        ),
    ),
    TellingCard(
        "showing-you",
        _(
            "This is hard to say out loud, so I'm showing you instead. Things have been really hard, "
            "and I've been hurting myself to get through. Please stay calm and stay with me."
        ),
    ),
    TellingCard(
        "again",
        _(
            "I had a hard time again, and I hurt myself. It doesn't undo what I've worked on. "
            "I'm telling you because I don't want to hide it from you. Please just be here with me."
        ),
    ),
    TellingCard(
        "questions",
        _(
            "I want you to know about something I've been going through: self-harm. You can ask me "
            "questions, gently. I might not have all the answers yet, and that's okay."
        ),
    ),
    TellingCard(
        "now",
        _("I don't feel safe right now. Please stay with me, and help me get help."),
        urgent=True,
    ),
)


def card_for(key: str) -> TellingCard | None:
    return next((card for card in CARDS if card.key == key), None)

"""The "how are you arriving?" check-in: a few words in, one gentle suggestion out.

Nothing here is stored or scored. The words a person picks exist only for the one request that
turns them into a suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

FEELINGS: list[tuple[str, Promise]] = [
    ("tired", _("tired")),
    ("low", _("low")),
    ("anxious", _("anxious")),
    ("numb", _("numb")),
    ("angry", _("angry")),
    ("lonely", _("lonely")),
    ("ashamed", _("ashamed")),
    ("okay", _("okay")),
    ("calm", _("calm")),
    ("hopeful", _("hopeful")),
]
HEAVY_FEELINGS = {"tired", "low", "anxious", "numb", "angry", "lonely", "ashamed"}

# Not feeling safe comes first: in a hard moment it is the one a person most needs to find.
SITUATIONS: list[tuple[str, Promise]] = [
    ("unsafe", _("I don't feel safe right now")),
    ("urge", _("I have an urge right now")),
    ("setback", _("Self-harm happened")),
    ("rough", _("It has been a rough day")),
    ("none", _("None of these")),
]


@dataclass(frozen=True)
class Suggestion:
    message: Promise
    # The reflection to offer, by its slug in the shared library; empty when none fits.
    slug: str = ""
    # Straight to help: the emergency number, the help page and the safety plan, no reflection.
    get_help: bool = False
    # The urge timer first; the reflection is the second choice.
    urge_tools: bool = False
    # When to call the emergency number, before anything else (after self-harm).
    body_first: bool = False
    offer_safety_plan: bool = False


def suggest(*, feelings: list[str], situation: str) -> Suggestion | None:
    if situation == "unsafe":
        return Suggestion(
            message=_(
                "Thank you for saying so. You don't have to get through this alone. "
                "If you are in danger now, calling the emergency number is an ordinary, reasonable thing to do."
            ),
            get_help=True,
            offer_safety_plan=True,
        )
    if situation == "urge":
        return Suggestion(
            slug="ride-the-wave",
            message=_(
                "Urges rise and pass, like a wave. You could ride this one out with the timer, a few minutes at a time."
            ),
            urge_tools=True,
            offer_safety_plan=True,
        )
    if situation == "setback":
        return Suggestion(
            slug="after-a-setback",
            message=_(
                "It takes courage to come back and say so. Many people feel shame after self-harm. "
                "It is a heavy feeling, and it does not make you a bad person. You deserve care, not blame."
            ),
            body_first=True,
        )
    if "ashamed" in feelings:
        return Suggestion(
            slug="pause-for-kindness",
            message=_(
                "Shame is a painful feeling, and it can make you want to hide. It is a feeling, "
                "not the truth about you. A few minutes of kindness might help."
            ),
        )
    if situation == "rough" or HEAVY_FEELINGS.intersection(feelings):
        return Suggestion(
            slug="pause-for-kindness",
            message=_("It sounds like today has been hard. A few minutes of kindness might help."),
        )
    if feelings:
        return Suggestion(
            slug="small-victories",
            message=_("If you like, you could notice something that went a little better today."),
        )
    return None

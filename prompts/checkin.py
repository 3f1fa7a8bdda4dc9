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

SITUATIONS: list[tuple[str, Promise]] = [
    ("setback", _("Self-harm happened again")),
    ("urge", _("I have an urge right now")),
    ("rough", _("It has been a rough day")),
    ("none", _("None of these")),
]


@dataclass(frozen=True)
class Suggestion:
    slug: str
    message: Promise
    offer_safety_plan: bool = False


def suggest(*, feelings: list[str], situation: str) -> Suggestion | None:
    if situation == "urge":
        return Suggestion(
            slug="ride-the-wave",
            message=_("Urges rise and pass, like a wave. You could ride this one out here, one minute at a time."),
            offer_safety_plan=True,
        )
    if situation == "setback":
        return Suggestion(
            slug="after-a-setback",
            message=_("Thank you for coming here. A setback is part of recovery, and you could take it gently."),
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

"""The steps of "Ride the wave" (urge surfing), shown one per page when JavaScript is off."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

WAVE_CHOICES = (5, 15)


@dataclass(frozen=True)
class UrgeStep:
    heading: str | Promise
    text: str | Promise
    check_in: bool = False


URGE_STEPS: tuple[UrgeStep, ...] = (
    UrgeStep(
        _("Notice the urge"),
        _("Where do you feel it in your body? You don't have to do anything about it. Just notice it is there."),
    ),
    UrgeStep(
        _("Breathe slowly"),
        _("Breathe in for a count of four, and out for a count of six. You could try five slow breaths."),
    ),
    UrgeStep(
        _("Watch the wave"),
        _("Urges rise, peak and pass, like a wave. You can watch this one without fighting it."),
    ),
    UrgeStep(_("Has it eased?"), _("Even a little? Whatever the answer, you are doing something hard."), check_in=True),
    UrgeStep(
        _("Keep breathing"),
        _("In for four, out for six. Let your shoulders drop a little on each breath out."),
    ),
    UrgeStep(
        _("Notice what is around you"),
        _("You could name five things you can see, four you can feel, three you can hear."),
    ),
    UrgeStep(_("Has it eased?"), _("Notice how strong it feels now, compared with when you started."), check_in=True),
)

"""Gentle starter ideas for the coping list. The person edits, hides or adds to them.

Reviewed against shared/content/language.md: nothing pain-based, nothing that needs a medical
caution (no cold water, no intense exercise), no "instead of" framing.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

STARTERS: dict[str, tuple[str | Promise, ...]] = {
    "comfort": (
        _("Wrap up in a soft blanket"),
        _("Make a warm drink and hold the mug"),
        _("Put on a song that feels safe"),
    ),
    "distract": (
        _("Watch something familiar and light"),
        _("Do a puzzle or a word game"),
        _("Message someone about anything at all"),
    ),
    "express": (
        _("Write down what you feel, then close the page"),
        _("Draw or scribble the feeling"),
        _("Sing or hum along to music"),
    ),
    "release": (
        _("Go for a gentle walk"),
        _("Squeeze a cushion or a soft ball"),
        _("Tear up scrap paper"),
    ),
    "breathe": (
        _("Breathe in for four, out for six"),
        _("Name five things you can see"),
        _("Ride the wave with the timer"),
    ),
}

"""Gentle starter ideas for the coping list. The person edits, hides or adds to them.

Reviewed against shared/content/language.md: nothing pain-based, nothing that needs a medical
caution (no cold water, no intense exercise), no "instead of" framing.

Until the person first changes their list, the starters are shown straight from here and nothing
is saved (no writes on GET). Each has a key, its group and place ("comfort-1"): the first change
saves them all as the person's own rows, each marked with its key, and a change sent for a
starter lands on the row with that key.
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


def starter_key(group: str, index: int) -> str:
    """The key of the starter idea at `index` (from 0) in `group`."""
    return f"{group}-{index + 1}"


STARTER_KEYS = frozenset(starter_key(group, i) for group, ideas in STARTERS.items() for i in range(len(ideas)))

"""Public health pages the "first minutes after self-harm" page points to for wound and scar care.

Waypoint itself gives no first-aid steps: injury detail belongs with a health service that keeps
it reviewed. Each page here was confirmed to exist on the date given; check it again when editing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class HealthPage:
    title: str | Promise
    about: str | Promise
    url: str
    publisher: str | Promise
    checked_on: date


CARE_PAGES: tuple[HealthPage, ...] = (
    HealthPage(
        title=_("Cuts and grazes"),
        about=_("How to look after a wound, signs of infection, and when to get help."),
        url="https://www.nhs.uk/conditions/cuts-and-grazes/",
        publisher=_("NHS (UK)"),
        checked_on=date(2026, 12, 2),
    ),
    HealthPage(
        title=_("Scars"),
        about=_("How scars change over time, and what can help once a wound has healed."),
        url="https://www.nhs.uk/conditions/scars/",
        publisher=_("NHS (UK)"),
        checked_on=date(2026, 12, 2),
    ),
)

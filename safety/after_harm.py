"""Public health pages the "first minutes after self-harm" page points to for wound and scar care.

Waypoint itself gives no first-aid steps: injury detail belongs with a health service that keeps
it reviewed. The pages follow the person's country, because each one names its own emergency
number ("call 999", "call 911"): a page from elsewhere would tell someone bleeding to call a number
that does not work where they are. Countries without their own pages here get the NHS's, with a
line saying whose they are. Each page was confirmed to exist on the date given; check it again
when editing, and link a page under Waypoint's own plain title, never words that describe an
injury (content/language.md).
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


@dataclass(frozen=True)
class CareSources:
    pages: tuple[HealthPage, ...]
    # Whose pages these are, under the list: a person should know where advice comes from.
    whose: str | Promise


_WOUNDS_ABOUT = _("How to look after a wound, signs of infection, and when to get help.")
_SCARS_ABOUT = _("How scars change over time, and what can help once a wound has healed.")

_NHS_PAGES = (
    HealthPage(
        title=_("Cuts and grazes"),
        about=_WOUNDS_ABOUT,
        url="https://www.nhs.uk/conditions/cuts-and-grazes/",
        publisher=_("NHS (UK)"),
        checked_on=date(2026, 12, 2),
    ),
    HealthPage(
        title=_("Scars"),
        about=_SCARS_ABOUT,
        url="https://www.nhs.uk/conditions/scars/",
        publisher=_("NHS (UK)"),
        checked_on=date(2026, 12, 2),
    ),
)

UK = CareSources(pages=_NHS_PAGES, whose=_("These pages come from the NHS, the UK's health service."))

ELSEWHERE = CareSources(
    pages=_NHS_PAGES,
    whose=_(
        "These pages come from the UK's health service. A pharmacist or your own health service "
        "can tell you what applies where you are."
    ),
)

US = CareSources(
    pages=(
        HealthPage(
            title=_("Cuts and wounds"),
            about=_WOUNDS_ABOUT,
            url="https://medlineplus.gov/ency/article/000043.htm",
            publisher=_("MedlinePlus (US)"),
            checked_on=date(2026, 12, 5),
        ),
        HealthPage(
            title=_("Scars"),
            about=_SCARS_ABOUT,
            url="https://medlineplus.gov/scars.html",
            publisher=_("MedlinePlus (US)"),
            checked_on=date(2026, 12, 5),
        ),
    ),
    whose=_("These pages come from MedlinePlus, the US National Library of Medicine's health information service."),
)

AUSTRALIA = CareSources(
    pages=(
        HealthPage(
            title=_("Cuts and grazes"),
            about=_WOUNDS_ABOUT,
            url="https://www.healthdirect.gov.au/wound-cut-and-graze-treatments",
            publisher=_("healthdirect (Australia)"),
            checked_on=date(2026, 12, 5),
        ),
    ),
    whose=_("This page comes from healthdirect, Australia's public health information service."),
)

_BY_REGION = {"GB": UK, "US": US, "AU": AUSTRALIA}


def care_sources(region: str) -> CareSources:
    """The wound and scar care pages for someone in this country (ISO code, as regions are kept)."""
    return _BY_REGION.get(region.upper(), ELSEWHERE)

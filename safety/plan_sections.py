"""The seven steps of a personal safety plan, in their fixed order (see shared/content/safety-plan.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    slug: str
    number: int
    title: str | Promise
    hint: str | Promise
    has_contacts: bool = False
    optional: bool = False
    shows_services: bool = False
    # The hint said when the lines in the step may not be the person's (safety/line_names.py).
    hint_lines_elsewhere: str | Promise = ""


SECTIONS: tuple[Section, ...] = (
    Section(
        "warning_signs",
        1,
        _("Warning signs and triggers"),
        _("Situations, thoughts, feelings, images or urges that tell you a hard time is starting."),
    ),
    Section(
        "on_my_own",
        2,
        _("Things I can do on my own"),
        _("Things that help you get through. It can help to have at least one that works at 2 a.m."),
    ),
    Section(
        "distractions",
        3,
        _("People and places that take my mind off things"),
        _("Company or places that help, without needing to talk about how you feel."),
    ),
    Section(
        "people",
        4,
        _("People I can ask for help"),
        _("People who feel safe to you. Add a number and you can call or text them with one tap."),
        has_contacts=True,
    ),
    Section(
        "professionals",
        5,
        _("Professionals and services"),
        _("Your clinician, a therapist, an after-hours line. This step already lists crisis lines where you are."),
        has_contacts=True,
        shows_services=True,
        hint_lines_elsewhere=_(
            "Your clinician, a therapist, an after-hours line. This step already lists crisis lines %(in_place)s."
        ),
    ),
    Section(
        "safer_space",
        6,
        _("Making my space safer"),
        _("In your own words, what could make where you are a little safer for now."),
    ),
    Section(
        "what_matters",
        7,
        _("What matters to me"),
        _("Reasons to keep going, people, hopes, things you look forward to. Only if you want to."),
        optional=True,
    ),
)

SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}
CONTACT_SECTIONS = tuple(section.slug for section in SECTIONS if section.has_contacts)

"""Reads for the urge tools: the person's own settings and the people in their plan to turn to.

The urge tools open for everyone, so none of these reads may stop a page. A person may lock their
plan with their journal (#17): then, while the journal is locked, what is under the plan's key
(its people, the wave count) is left off the page, and the page says so, instead of the request
going to the unlock page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from journal.keyring import JournalLocked, keyring_for
from safety.models import PlanContact, SafetyPreferences
from safety.plan_sections import CONTACT_SECTIONS
from safety.selectors import PersonContact, person_contact, waves_ridden_for

_CONTACT = "safety.PlanContact"  # its keyring label, Model._meta.label


def preferences_for(owner: User) -> SafetyPreferences:
    """The person's settings, or the defaults when they have never saved any (nothing is written)."""
    return SafetyPreferences.objects.filter(owner=owner).first() or SafetyPreferences(owner=owner)


def wave_count_to_show(owner: User) -> int | None:
    """The wave count, only for a person who chose to see it; None keeps it off the page (as it
    does while the count is locked with their plan)."""
    if not preferences_for(owner).show_wave_count:
        return None
    try:
        return waves_ridden_for(owner)
    except JournalLocked:
        return None


@dataclass(frozen=True)
class PeopleToTalkTo:
    contacts: tuple[PersonContact, ...] = ()
    # The plan has people in it, locked with the journal, which this request cannot open.
    locked: bool = False


@sensitive_variables()
def people_to_talk_to(owner: User) -> PeopleToTalkTo:
    """Everyone with a number in the plan's people and professionals steps, in the plan's order."""
    rows = list(PlanContact.objects.filter(owner=owner, section__in=CONTACT_SECTIONS))
    if not rows:
        return PeopleToTalkTo()
    try:
        ring = keyring_for(owner, _CONTACT)
    except JournalLocked:
        return PeopleToTalkTo(locked=True)
    rows.sort(key=lambda row: CONTACT_SECTIONS.index(row.section))  # stable: each step keeps its order
    contacts = (person_contact(ring, row) for row in rows)
    return PeopleToTalkTo(contacts=tuple(contact for contact in contacts if contact.has_number))

"""Reads for the urge tools: the person's own settings and the people in their plan to turn to."""

from __future__ import annotations

from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from safety.models import SafetyPreferences
from safety.plan_sections import CONTACT_SECTIONS
from safety.selectors import PersonContact, plan_for_owner, waves_ridden_for


def preferences_for(owner: User) -> SafetyPreferences:
    """The person's settings, or the defaults when they have never saved any (nothing is written)."""
    return SafetyPreferences.objects.filter(owner=owner).first() or SafetyPreferences(owner=owner)


def wave_count_to_show(owner: User) -> int | None:
    """The wave count, only for a person who chose to see it; None keeps it off the page."""
    if not preferences_for(owner).show_wave_count:
        return None
    return waves_ridden_for(owner)


@sensitive_variables()
def people_to_talk_to(owner: User) -> tuple[PersonContact, ...]:
    """Everyone with a number in the plan's people and professionals steps, in the plan's order."""
    plan = plan_for_owner(owner)
    return tuple(contact for slug in CONTACT_SECTIONS for contact in plan.step(slug).contacts if contact.has_number)

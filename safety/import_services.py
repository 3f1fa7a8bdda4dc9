"""Bringing a safety plan and coping list back from an export (journal/export_sections.py).

Only what the person does not have here yet is added: the file may be older than what they have
written since. The wave count comes back through services.waves_ridden_import.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from journal.export_sections import SectionResult
from safety.models import SafetyPreferences
from safety.selectors import coping_list_for_owner, plan_for_owner
from safety.services import (
    coping_item_add,
    coping_item_set_hidden,
    plan_contact_add,
    plan_set_review,
    plan_step_save,
    preferences_get,
)


@sensitive_variables()
@transaction.atomic
def plan_import(
    *,
    owner: User,
    steps: list[tuple[str, str, str]],
    contacts: list[tuple[str, str, str]],
    review_on: date | None,
) -> SectionResult:
    """Fill in what the plan here lacks. A section already written differently stays as it is:
    the file may be older than what the person has since written."""
    current = plan_for_owner(owner)
    added = same = kept = 0
    for section, body, obstacles in steps:
        here = current.step(section)
        if (here.body, here.obstacles) == (body.strip(), obstacles.strip()):
            same += 1
        elif here.body or here.obstacles:
            kept += 1
        else:
            plan_step_save(owner=owner, section=section, body=body, obstacles=obstacles)
            added += 1
    known = {(step.section.slug, c.name, c.phone) for step in current.steps for c in step.contacts}
    # Someone in the plan here under the same name with another number: the number was changed
    # (removed and added again) since the file, or after it on another server. Adding the file's
    # too put two of them in the step, one with a number that may no longer reach them.
    named_here = {(step.section.slug, c.name.casefold()) for step in current.steps for c in step.contacts}
    for section, name, phone in contacts:
        if (section, name.strip(), phone.strip()) in known:
            same += 1
            continue
        if (section, name.strip().casefold()) in named_here:
            kept += 1
            continue
        plan_contact_add(owner=owner, section=section, name=name, phone=phone)
        known.add((section, name.strip(), phone.strip()))
        added += 1
    if review_on is not None and current.review_on is None:
        plan_set_review(owner=owner, review_on=review_on)
    return SectionResult(added=added, already_here=same, kept_yours=kept)


@sensitive_variables()
@transaction.atomic
def coping_list_import(*, owner: User, items: list[tuple[str, str, bool]]) -> SectionResult:
    """Add the ideas not on the list yet (same group, same words). The starter ideas are then never
    added on top, since the person's own list has come along."""
    known = {(item.group, item.text.casefold()) for group in coping_list_for_owner(owner) for item in group.items}
    added = 0
    for group, text, hidden in items:
        key = (group, text.strip().casefold())
        if key in known:
            continue
        item = coping_item_add(owner=owner, group=group, text=text)
        if hidden:
            coping_item_set_hidden(item=item, hidden=True)
        known.add(key)
        added += 1
    SafetyPreferences.objects.filter(pk=preferences_get(owner=owner).pk).update(coping_started=True)
    return SectionResult(added=added, already_here=len(items) - added)

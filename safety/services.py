"""Writes for the safety module: crisis resources, the safety plan, coping list and preferences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from journal.export_sections import SectionResult
from journal.keyring import JournalLocked, keyring_for
from journal.models import Entry
from journal.services import entry_create
from safety.coping_starters import STARTERS, starter_key
from safety.crisis_selectors import resources_cache_clear
from safety.models import (
    CopingItem,
    CrisisResource,
    PlanContact,
    PlanStep,
    ResourceContact,
    SafetyPlan,
    SafetyPreferences,
)
from safety.plan_sections import CONTACT_SECTIONS, SECTIONS_BY_SLUG
from safety.shipped import shipped_resources

# Keyring labels: Model._meta.label, as register_encrypted_model expects.
_PREFS = "safety.SafetyPreferences"
_STEP = "safety.PlanStep"
_CONTACT = "safety.PlanContact"
_COPING = "safety.CopingItem"

# The fields the data file owns. The clinic layer (hidden, clinic_order, clinic resources) is never here.
SHIPPED_FIELDS = (
    "country",
    "subregion",
    "name",
    "kind",
    "hours",
    "timezone",
    "languages",
    "cost",
    "audience",
    "age_min",
    "age_max",
    "notes",
    "source_url",
    "source_name",
    "verified_on",
    "review_due",
    "status",
    "priority",
)


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int
    retired: int


def _shipped_values(item: dict[str, Any]) -> dict[str, Any]:
    languages = item.get("languages") or []
    return {
        "country": item["country"].upper(),
        "subregion": item.get("subregion", ""),
        "name": str(item["name"]),
        "kind": item["type"],
        "hours": str(item.get("hours", "24/7")),
        "timezone": item.get("timezone", ""),
        "languages": ", ".join(languages) if isinstance(languages, list) else str(languages),
        "cost": item.get("cost", ""),
        "audience": item.get("audience", ""),
        "age_min": _as_age(item.get("age_min")),
        "age_max": _as_age(item.get("age_max")),
        "notes": item.get("notes", ""),
        "source_url": item.get("source_url", ""),
        "source_name": item.get("source_name", ""),
        "verified_on": _as_date(item.get("verified_on")),
        "review_due": _as_date(item.get("review_due")),
        "status": item.get("status", CrisisResource.Status.ACTIVE),
        "priority": int(item.get("priority", 100)),
    }


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _as_age(value: Any) -> int | None:
    return None if value is None else int(value)


def _contact_rows(item: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return [
        (c["channel"], str(c["value"]), str(c.get("keyword", "")), str(c.get("display", "")))
        for c in item.get("contacts", [])
    ]


@transaction.atomic
def crisis_resources_load(*, items: list[dict[str, Any]] | None = None) -> LoadResult:
    """Bring the shipped layer in line with the data file. Safe to run any number of times."""
    items = shipped_resources() if items is None else items
    existing = {r.key: r for r in CrisisResource.objects.filter(layer=CrisisResource.Layer.SHIPPED)}
    created = updated = unchanged = 0
    for item in items:
        values = _shipped_values(item)
        resource = existing.pop(item["key"], None)
        is_new = resource is None
        if resource is None:
            resource = CrisisResource.objects.create(key=item["key"], layer=CrisisResource.Layer.SHIPPED, **values)
            changed = False
        else:
            changed = any(getattr(resource, name) != values[name] for name in SHIPPED_FIELDS)
            if changed:
                for name in SHIPPED_FIELDS:
                    setattr(resource, name, values[name])
                resource.save(update_fields=list(SHIPPED_FIELDS))
        rows = _contact_rows(item)
        current = [(c.channel, c.value, c.keyword, c.display) for c in resource.contacts.all()]
        if current != rows:
            resource.contacts.all().delete()
            ResourceContact.objects.bulk_create(
                ResourceContact(resource=resource, channel=ch, value=v, keyword=k, display=d, order=i)
                for i, (ch, v, k, d) in enumerate(rows)
            )
            changed = True
        if is_new:
            created += 1
        elif changed:
            updated += 1
        else:
            unchanged += 1
    # Gone from the data file: stop showing it, but keep the row so a clinic's history stays readable.
    retired = 0
    for resource in existing.values():
        if resource.status != CrisisResource.Status.SUSPENDED and resource.kind != CrisisResource.Kind.EMERGENCY:
            resource.status = CrisisResource.Status.SUSPENDED
            resource.save(update_fields=["status"])
            retired += 1
    resources_cache_clear()
    return LoadResult(created=created, updated=updated, unchanged=unchanged, retired=retired)


def resource_set_hidden(*, resource: CrisisResource, hidden: bool) -> CrisisResource:
    """Hide or show a line for a clinic. Refuses to hide the emergency number or the last 24/7 line."""
    resource.hidden = hidden
    try:
        resource.full_clean()
    except ValidationError:
        resource.hidden = False
        raise
    resource.save(update_fields=["hidden"])
    return resource


# --- Preferences and the wave count ----------------------------------------------------------


def preferences_get(*, owner: User) -> SafetyPreferences:
    preferences, _ = SafetyPreferences.objects.get_or_create(owner=owner)
    return preferences


def preferences_set_gentle_check(*, owner: User, enabled: bool) -> SafetyPreferences:
    preferences = preferences_get(owner=owner)
    preferences.gentle_check = enabled
    preferences.save(update_fields=["gentle_check"])
    return preferences


def preferences_set_wave_count(*, owner: User, shown: bool) -> SafetyPreferences:
    preferences = preferences_get(owner=owner)
    preferences.show_wave_count = shown
    preferences.save(update_fields=["show_wave_count"])
    return preferences


def _waves_ridden_decrypt(*, owner: User, preferences: SafetyPreferences) -> int:
    if not preferences.waves_ridden:
        return 0
    ring = keyring_for(owner, _PREFS)
    text = ring.decrypt(preferences.waves_ridden, model=_PREFS, field="waves_ridden", record_id=preferences.pk)
    return int(text)


def _waves_ridden_store(*, owner: User, preferences: SafetyPreferences, count: int) -> None:
    ring = keyring_for(owner, _PREFS)
    preferences.waves_ridden = ring.encrypt(str(count), model=_PREFS, field="waves_ridden", record_id=preferences.pk)
    preferences.save(update_fields=["waves_ridden"])


@dataclass(frozen=True)
class WaveRidden:
    # None when it could not be counted: the person locked their plan (and so the count) with
    # their journal, which this request cannot open.
    count: int | None
    # Whether the note went into the journal (asked for, and the journal open in this request).
    noted: bool


@sensitive_variables("body")
@transaction.atomic
def wave_ridden(*, owner: User, note_in_journal: bool, steps: bool = False) -> WaveRidden:
    """Count one more time the person rode the wave. The count only ever goes up.

    steps: ridden on the step-by-step pages (without JavaScript), so the note names no timer.

    Counts nothing (count None) while the person's plan is locked with their journal and this
    request cannot open it; the journal note needs the journal open (noted False otherwise)."""
    preferences_get(owner=owner)
    preferences = SafetyPreferences.objects.select_for_update().get(owner=owner)
    try:
        count = _waves_ridden_decrypt(owner=owner, preferences=preferences) + 1
        _waves_ridden_store(owner=owner, preferences=preferences, count=count)
    except JournalLocked:
        # The plan is locked with the journal, and the count with it: nothing is written, and
        # the page says so rather than sending the person to the unlock page at this moment.
        return WaveRidden(None, noted=False)
    if not note_in_journal:
        return WaveRidden(count, noted=False)
    if steps:
        body = gettext("I rode the wave, and it helped me through.")
    else:
        body = gettext("I rode the wave with the timer, and it helped me through.")
    try:
        with transaction.atomic():
            _journal_note(owner=owner, body=body)
    except JournalLocked:
        # The count sits with the plan, outside the journal's lock; the note would go into the
        # journal, locked in this request. The wave still counts: it is never lost for want of a
        # passphrase, at the moment the person most needs it to.
        return WaveRidden(count, noted=False)
    return WaveRidden(count, noted=True)


def _journal_note(*, owner: User, body: str) -> None:
    entry_create(author=owner, body=body, kind=Entry.Kind.COPING)


# --- The safety plan -------------------------------------------------------------------------


# Sent with owner=, section= and body= (the new words), inside the save's transaction, so an app
# above (care's "put my words back") can let go of what the change made stale at the moment it happens.
plan_step_saved = Signal()


def plan_get_or_create(*, owner: User) -> SafetyPlan:
    plan, _ = SafetyPlan.objects.get_or_create(owner=owner)
    return plan


@sensitive_variables("body", "obstacles")
@transaction.atomic
def plan_step_save(*, owner: User, section: str, body: str, obstacles: str) -> PlanStep:
    if section not in SECTIONS_BY_SLUG:
        raise ValueError(f"Unknown safety plan section {section!r}")
    body, obstacles = body.strip(), obstacles.strip()
    ring = keyring_for(owner, _STEP)
    plan = SafetyPlan.objects.filter(owner=owner).first()
    step = PlanStep.objects.filter(plan=plan, section=section).first() if plan else None
    was = ("", "")
    if step is not None:
        was = (
            ring.decrypt(step.body, model=_STEP, field="body", record_id=step.id),
            ring.decrypt(step.obstacles, model=_STEP, field="obstacles", record_id=step.id),
        )
    if was == (body, obstacles):
        # Nothing changed, so nothing is written (as with entries and reflections): the plan keeps
        # the time it last really changed, and a shared copy is not called older than it is.
        return step or PlanStep(plan=plan, owner=owner, section=section)
    plan = plan or plan_get_or_create(owner=owner)
    step = step or PlanStep(plan=plan, owner=owner, section=section)
    step.body = ring.encrypt(body, model=_STEP, field="body", record_id=step.id)
    step.obstacles = ring.encrypt(obstacles, model=_STEP, field="obstacles", record_id=step.id)
    step.save()
    plan.save(update_fields=["updated_at"])
    plan_step_saved.send(sender=PlanStep, owner=owner, section=section, body=body)
    return step


@sensitive_variables("name", "phone")
def plan_contact_add(
    *, owner: User, section: str, name: str, phone: str, put_back_at: datetime | None = None
) -> PlanContact:
    """A contact for the plan; put_back_at, when Undo brings back one just removed, is when it
    was first added, so it returns to its place in the list rather than to the end."""
    if section not in CONTACT_SECTIONS:
        raise ValueError(f"Section {section!r} has no contacts")
    if put_back_at is not None:
        # Undo sent twice (a double tap, a second tab, a page sent again) puts them back once:
        # only a contact put back has a time from before it was made.
        already = PlanContact.objects.filter(owner=owner, section=section, created_at=put_back_at).first()
        if already is not None:
            return already
    plan = plan_get_or_create(owner=owner)
    contact = PlanContact(plan=plan, owner=owner, section=section)
    ring = keyring_for(owner, _CONTACT)
    contact.name = ring.encrypt(name.strip(), model=_CONTACT, field="name", record_id=contact.id)
    contact.phone = ring.encrypt(phone.strip(), model=_CONTACT, field="phone", record_id=contact.id)
    contact.save()
    if put_back_at is not None and put_back_at < contact.created_at:
        # auto_now_add sets created_at on the first save whatever it held, so it is set after.
        PlanContact.objects.filter(pk=contact.pk).update(created_at=put_back_at)
        contact.created_at = put_back_at
    return contact


def plan_contact_delete(*, contact: PlanContact) -> None:
    contact.delete()


def plan_set_review(*, owner: User, review_on: date | None) -> SafetyPlan:
    plan = plan_get_or_create(owner=owner)
    plan.review_on = review_on
    plan.save(update_fields=["review_on", "updated_at"])
    return plan


# --- The coping list -------------------------------------------------------------------------


def coping_list_start(*, owner: User) -> None:
    """Save the starter ideas as the person's own rows, before the first change to their list,
    and never again. Until then every page shows them from the code (selectors.py)."""
    # Every change after the first skips the transaction, which on SQLite takes the write lock.
    if SafetyPreferences.objects.filter(owner=owner, coping_started=True).exists():
        return
    _coping_list_seed(owner=owner)


@transaction.atomic
def _coping_list_seed(*, owner: User) -> None:
    preferences = SafetyPreferences.objects.select_for_update().get(pk=preferences_get(owner=owner).pk)
    if preferences.coping_started:
        return
    for group, ideas in STARTERS.items():
        for index, idea in enumerate(ideas):
            coping_item_add(owner=owner, group=group, text=str(idea), starter=starter_key(group, index))
    preferences.coping_started = True
    preferences.save(update_fields=["coping_started"])


@sensitive_variables("text")
def coping_item_add(*, owner: User, group: str, text: str, starter: str = "") -> CopingItem:
    if group not in CopingItem.Group.values:
        raise ValueError(f"Unknown coping group {group!r}")
    item = CopingItem(owner=owner, group=group, starter=starter)
    item.text = keyring_for(owner, _COPING).encrypt(text.strip(), model=_COPING, field="text", record_id=item.id)
    item.save()
    return item


@sensitive_variables("text")
def coping_item_update(*, item: CopingItem, text: str) -> CopingItem:
    item.text = keyring_for(item.owner, _COPING).encrypt(text.strip(), model=_COPING, field="text", record_id=item.id)
    item.save(update_fields=["text"])
    return item


def coping_item_set_hidden(*, item: CopingItem, hidden: bool) -> CopingItem:
    item.hidden = hidden
    item.save(update_fields=["hidden"])
    return item


# --- Bringing back an export (journal/export_sections.py; the plan and coping list: import_services.py)


@transaction.atomic
def waves_ridden_import(*, owner: User, count: int) -> SectionResult:
    """The count only ever goes up, so the larger of the two stands."""
    preferences_get(owner=owner)
    preferences = SafetyPreferences.objects.select_for_update().get(owner=owner)
    if count <= _waves_ridden_decrypt(owner=owner, preferences=preferences):
        return SectionResult(already_here=1)
    _waves_ridden_store(owner=owner, preferences=preferences, count=count)
    return SectionResult(added=1)

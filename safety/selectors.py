"""Reads for the safety plan, the coping list and the wave count, decrypted for their owner.

Crisis resources (the strip and the help page) are read in safety/crisis_selectors.py, and the
country a request gets in safety/person_region.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from journal.keyring import JournalLocked, UserKeyring, keyring_for
from journal.lock_services import lock_plan_is_locked
from journal.lock_state import open_lock_key
from safety.coping_starters import STARTERS, starter_key
from safety.models import (
    CopingItem,
    PlanContact,
    PlanStep,
    ResourceContact,
    SafetyPlan,
    SafetyPreferences,
    contact_href,
)
from safety.plan_sections import SECTIONS, Section

# Keyring labels: Model._meta.label, as register_encrypted_model expects.
_STEP = "safety.PlanStep"
_CONTACT = "safety.PlanContact"
_COPING = "safety.CopingItem"
_PREFS = "safety.SafetyPreferences"


@dataclass(frozen=True)
class PersonContact:
    id: str
    name: str
    phone: str

    @property
    def tel_href(self) -> str:
        return contact_href(ResourceContact.Channel.PHONE, self.phone)

    @property
    def sms_href(self) -> str:
        return contact_href(ResourceContact.Channel.SMS, self.phone)

    @property
    def has_number(self) -> bool:
        return any(ch.isdigit() for ch in self.phone)


@dataclass(frozen=True)
class StepView:
    section: Section
    body: str = ""
    obstacles: str = ""
    contacts: tuple[PersonContact, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.body or self.obstacles or self.contacts)


@dataclass(frozen=True)
class PlanView:
    steps: tuple[StepView, ...]
    review_on: date | None = None

    @property
    def is_empty(self) -> bool:
        return all(step.is_empty for step in self.steps)

    def step(self, slug: str) -> StepView:
        return next(step for step in self.steps if step.section.slug == slug)


@sensitive_variables()
def plan_step_words(owner: User) -> dict[str, str]:
    """Each filled step's words (not its obstacles or contacts), by section: what a page that only
    sets steps side by side needs, in two queries where the whole plan takes four."""
    steps = list(PlanStep.objects.filter(owner=owner).only("id", "section", "body"))
    if not steps:
        return {}
    ring = keyring_for(owner, _STEP)
    return {step.section: ring.decrypt(step.body, model=_STEP, field="body", record_id=step.id) for step in steps}


@sensitive_variables()
def person_contact(ring: UserKeyring, contact: PlanContact) -> PersonContact:
    """One of the plan's contacts, decrypted with the plan's keyring (keyring_for(owner, "safety.PlanContact"))."""
    return PersonContact(
        id=str(contact.id),
        name=ring.decrypt(contact.name, model=_CONTACT, field="name", record_id=contact.id),
        phone=ring.decrypt(contact.phone, model=_CONTACT, field="phone", record_id=contact.id),
    )


@sensitive_variables()
def contact_for_owner(owner: User, contact: PlanContact) -> PersonContact:
    return person_contact(keyring_for(owner, _CONTACT), contact)


@sensitive_variables()
def _step_texts(owner: User, plan: SafetyPlan) -> dict[str, tuple[str, str]]:
    ring = keyring_for(owner, _STEP)
    return {
        step.section: (
            ring.decrypt(step.body, model=_STEP, field="body", record_id=step.id),
            ring.decrypt(step.obstacles, model=_STEP, field="obstacles", record_id=step.id),
        )
        for step in PlanStep.objects.filter(plan=plan)
    }


def plan_version(owner: User) -> str:
    """When the plan last changed, as a mark a page can carry: every saved step moves it, so a
    form sent with an older mark was drawn from words that have changed since. No words in it."""
    changed = SafetyPlan.objects.filter(owner=owner).values_list("updated_at", flat=True).first()
    return changed.isoformat() if changed else ""


@sensitive_variables()
def plan_steps_for_owner(owner: User) -> PlanView:
    """The plan's steps in the person's words, every section in order, without the people and
    numbers in it: for a copy that leaves them out, so their names are never opened for it."""
    plan = SafetyPlan.objects.filter(owner=owner).first()
    if plan is None:
        return PlanView(steps=tuple(StepView(section=s) for s in SECTIONS))
    texts = _step_texts(owner, plan)
    steps = tuple(
        StepView(section=s, body=texts.get(s.slug, ("", ""))[0], obstacles=texts.get(s.slug, ("", ""))[1])
        for s in SECTIONS
    )
    return PlanView(steps=steps, review_on=plan.review_on)


@sensitive_variables()
def plan_for_owner(owner: User) -> PlanView:
    """The person's plan in their own words, every section present in order (empty ones too)."""
    plan = SafetyPlan.objects.filter(owner=owner).first()
    if plan is None:
        return PlanView(steps=tuple(StepView(section=s) for s in SECTIONS))
    texts = _step_texts(owner, plan)
    contact_ring = keyring_for(owner, _CONTACT)
    contacts: dict[str, list[PersonContact]] = {}
    for contact in PlanContact.objects.filter(plan=plan):
        contacts.setdefault(contact.section, []).append(person_contact(contact_ring, contact))
    steps = tuple(
        StepView(
            section=s,
            body=texts.get(s.slug, ("", ""))[0],
            obstacles=texts.get(s.slug, ("", ""))[1],
            contacts=tuple(contacts.get(s.slug, [])),
        )
        for s in SECTIONS
    )
    return PlanView(steps=steps, review_on=plan.review_on)


@dataclass(frozen=True)
class CopingView:
    id: str  # "" for a starter idea shown from the code, not saved yet
    group: str
    text: str
    hidden: bool
    # That starter idea's key (safety/coping_starters.py); "" for every saved row.
    starter: str = ""

    @property
    def dom_id(self) -> str:
        """Names the idea in the page's ids and in `focus`: its id, or its starter key."""
        return self.id or f"starter-{self.starter}"


@dataclass(frozen=True)
class CopingGroupView:
    slug: str
    label: str
    items: tuple[CopingView, ...]

    @property
    def shown(self) -> tuple[CopingView, ...]:
        return tuple(item for item in self.items if not item.hidden)

    @property
    def hidden_items(self) -> tuple[CopingView, ...]:
        return tuple(item for item in self.items if item.hidden)


@sensitive_variables()
def coping_list_for_owner(owner: User) -> tuple[CopingGroupView, ...]:
    ring = keyring_for(owner, _COPING)
    by_group: dict[str, list[CopingView]] = {}
    for item in CopingItem.objects.filter(owner=owner):
        text = ring.decrypt(item.text, model=_COPING, field="text", record_id=item.id)
        by_group.setdefault(item.group, []).append(CopingView(str(item.id), item.group, text, item.hidden))
    return tuple(
        CopingGroupView(slug=value, label=str(label), items=tuple(by_group.get(value, [])))
        for value, label in CopingItem.Group.choices
    )


def _coping_started(owner: User) -> bool:
    return SafetyPreferences.objects.filter(owner=owner, coping_started=True).exists()


def _coping_starters() -> tuple[CopingGroupView, ...]:
    return tuple(
        CopingGroupView(
            slug=value,
            label=str(label),
            items=tuple(
                CopingView("", value, str(idea), False, starter=starter_key(value, index))
                for index, idea in enumerate(STARTERS.get(value, ()))
            ),
        )
        for value, label in CopingItem.Group.choices
    )


def coping_list_to_read(owner: User) -> tuple[CopingGroupView, ...]:
    """The list as the person would see it, without writing anything.

    Until they first change it (which saves the starters as their own rows), the starter ideas
    are shown straight from the code.
    """
    return coping_list_for_owner(owner) if _coping_started(owner) else _coping_starters()


def coping_list_to_edit(owner: User) -> tuple[CopingGroupView, ...]:
    """The list to change, without writing anything: before the first change, the starter ideas
    from the code, each with its key, which the change saves (services.coping_list_start).

    JournalLocked if the person locked their plan and coping list with their journal and this
    request cannot open it: saving the starters would need it, so the unlock comes first, as it
    does for a list already saved, and never after the person has typed a new idea.
    """
    if _coping_started(owner):
        return coping_list_for_owner(owner)
    if open_lock_key(owner.pk) is None and lock_plan_is_locked(owner):
        raise JournalLocked(owner.pk)
    return _coping_starters()


def waves_ridden_for(owner: User) -> int:
    """How many times the person rode the wave. Only ever goes up."""
    preferences = SafetyPreferences.objects.filter(owner=owner).only("id", "waves_ridden").first()
    if preferences is None or not preferences.waves_ridden:
        return 0
    text = keyring_for(owner, _PREFS).decrypt(
        preferences.waves_ridden, model=_PREFS, field="waves_ridden", record_id=preferences.pk
    )
    return int(text)

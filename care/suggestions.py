"""Suggested changes to a shared safety plan: a therapist suggests words for one step, and the
person takes them, keeps their own, or puts their own back once."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace

from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from care.models import AuditEvent, PlanSuggestion, SharedItem, ShareEvent
from care.services import audit_record, share_event_record, shared_item_read
from journal.keyring import UserKeyring, keyring_for
from safety.plan_sections import SECTIONS, SECTIONS_BY_SLUG
from safety.selectors import plan_for_owner
from safety.services import plan_step_save
from sharing.copies import copy_ring
from sharing.snapshots import PlanStepCopy

_SUGGESTION = "care.PlanSuggestion"


def _item_ring(item: SharedItem) -> UserKeyring:
    return copy_ring(item)


@sensitive_variables("body")
def plan_suggestion_create(*, item: SharedItem, section: str, body: str, therapist: User) -> PlanSuggestion:
    if item.kind != SharedItem.Kind.PLAN:
        raise ValueError("Only a shared safety plan takes suggestions.")
    suggestion = PlanSuggestion(item=item, owner_id=item.link.person_id, section=section)
    suggestion.body = _item_ring(item).encrypt(body.strip(), model=_SUGGESTION, field="body", record_id=suggestion.id)
    suggestion.save(force_insert=True)
    share_event_record(item=item, action=ShareEvent.Action.SUGGESTED)
    audit_record(
        clinic=item.link.clinic, actor=therapist, action=AuditEvent.Action.PLAN_CHANGE_SUGGESTED, target=item.id
    )
    return suggestion


@sensitive_variables()
def plan_suggestion_text(suggestion: PlanSuggestion) -> str:
    return _item_ring(suggestion.item).decrypt(
        suggestion.body, model=_SUGGESTION, field="body", record_id=suggestion.id
    )


@dataclass(frozen=True)
class ReplacedWords:
    """What taking a suggestion replaced: the person's own words, and what their therapist's copy said."""

    own: str
    shared: str


@sensitive_variables()
def plan_suggestion_replaced(suggestion: PlanSuggestion, *, owner: User) -> ReplacedWords | None:
    """The words a taken suggestion replaced, for the person whose plan it is (their keyring only)."""
    if not suggestion.replaced or suggestion.owner_id != owner.pk:
        return None
    text = keyring_for(owner, _SUGGESTION).decrypt(
        bytes(suggestion.replaced), model=_SUGGESTION, field="replaced", record_id=suggestion.id
    )
    return ReplacedWords(**json.loads(text))


def plan_suggestion_can_undo(suggestion: PlanSuggestion, *, current: str) -> bool:
    """Words go back only while the step still reads as the suggestion left it: a later change is theirs."""
    return (
        suggestion.decision == PlanSuggestion.Decision.TAKEN
        and bool(suggestion.replaced)
        and current == plan_suggestion_text(suggestion)
    )


def _answerable(suggestion: PlanSuggestion, decision: str) -> PlanSuggestion | None:
    """The suggestion, locked, if it is still in this state (a second click finds it answered)."""
    return (
        PlanSuggestion.objects.select_for_update(of=("self",))
        .select_related("item__link__person")
        .filter(pk=suggestion.pk, decision=decision)
        .first()
    )


@sensitive_variables()
def _shared_step_set(item: SharedItem, section: str, body: str) -> str:
    """Change one step of the therapist's copy; the rest stays as it was shared. Returns the old words."""
    snapshot = shared_item_read(item)
    old = next((step.body for step in snapshot.steps if step.section.slug == section), "")
    steps = [replace(step, body=body) for step in snapshot.steps if step.section.slug == section]
    if not steps:  # a copy made before this step existed
        steps = [PlanStepCopy(SECTIONS_BY_SLUG[section], body)]
    by_slug = {step.section.slug: step for step in (*snapshot.steps, *steps)}
    ordered = tuple(by_slug[s.slug] for s in SECTIONS if s.slug in by_slug)
    item.snapshot = _item_ring(item).encrypt(
        replace(snapshot, steps=ordered).to_json(), model=item.PURPOSE, field="snapshot", record_id=item.id
    )
    item.save(update_fields=["snapshot"])
    return old


def _undo_forget_for_step(*, owner: User, section: str) -> None:
    PlanSuggestion.objects.filter(owner=owner, section=section, replaced__isnull=False).update(replaced=None)


@sensitive_variables()
@transaction.atomic
def plan_suggestion_accept(*, suggestion: PlanSuggestion) -> bool:
    """The person takes the therapist's words into this step of their plan.

    Their own words are kept under their own keyring so they can put them back. The therapist's
    copy changes in this one step only: anything else the person changed since sharing stays theirs.
    Returns False when the suggestion was already answered.
    """
    found = _answerable(suggestion, PlanSuggestion.Decision.WAITING)
    if found is None:
        return False
    item, person, section = found.item, found.item.link.person, found.section
    body = plan_suggestion_text(found)
    current = plan_for_owner(person).step(section)
    # Taking words for this step again is another change: an earlier way back would skip it.
    _undo_forget_for_step(owner=person, section=section)
    plan_step_save(owner=person, section=section, body=body, obstacles=current.obstacles)
    shared_before = _shared_step_set(item, section, body)
    replaced = json.dumps(asdict(ReplacedWords(own=current.body, shared=shared_before)), ensure_ascii=False)
    found.replaced = keyring_for(person, _SUGGESTION).encrypt(
        replaced, model=_SUGGESTION, field="replaced", record_id=found.id
    )
    found.decision, found.decided_at = PlanSuggestion.Decision.TAKEN, timezone.now()
    found.save(update_fields=["replaced", "decision", "decided_at"])
    share_event_record(item=item, action=ShareEvent.Action.TAKEN)
    return True


@transaction.atomic
def plan_suggestion_reject(*, suggestion: PlanSuggestion) -> bool:
    """The person keeps their own words. The therapist sees that, never the words themselves."""
    found = _answerable(suggestion, PlanSuggestion.Decision.WAITING)
    if found is None:
        return False
    found.decision, found.decided_at = PlanSuggestion.Decision.KEPT, timezone.now()
    found.save(update_fields=["decision", "decided_at"])
    share_event_record(item=found.item, action=ShareEvent.Action.KEPT)
    return True


@sensitive_variables()
@transaction.atomic
def plan_suggestion_undo(*, suggestion: PlanSuggestion) -> bool:
    """Put the person's own words back in place of a suggestion they took, once.

    Returns False when there is nothing to put back: answered already, let go, or the step was
    changed since (putting the old words back would quietly undo that change too).
    """
    found = _answerable(suggestion, PlanSuggestion.Decision.TAKEN)
    if found is None:
        return False
    item, person, section = found.item, found.item.link.person, found.section
    replaced = plan_suggestion_replaced(found, owner=person)
    current = plan_for_owner(person).step(section)
    if replaced is None or not plan_suggestion_can_undo(found, current=current.body):
        plan_suggestion_undo_forget(suggestion=found)
        return False
    plan_step_save(owner=person, section=section, body=replaced.own, obstacles=current.obstacles)
    _shared_step_set(item, section, replaced.shared)
    found.replaced = None
    found.decision, found.decided_at = PlanSuggestion.Decision.KEPT, timezone.now()
    found.save(update_fields=["replaced", "decision", "decided_at"])
    share_event_record(item=item, action=ShareEvent.Action.PUT_BACK)
    return True


@sensitive_variables("body")
def plan_suggestions_forget_stale(*, owner: User, section: str, body: str) -> None:
    """A step now reads differently from the suggestion taken into it: its way back is gone.

    Putting the old words back would quietly undo the person's own change, so the words kept
    for it are deleted when the step is saved (never later, on reading a page).
    """
    taken = PlanSuggestion.objects.filter(owner=owner, section=section, replaced__isnull=False).select_related("item")
    for suggestion in taken:
        if plan_suggestion_text(suggestion) != body:
            plan_suggestion_undo_forget(suggestion=suggestion)


def plan_suggestion_undo_forget(*, suggestion: PlanSuggestion) -> None:
    """The person keeps the new words: the ones they replaced are deleted."""
    PlanSuggestion.objects.filter(pk=suggestion.pk).update(replaced=None)
    suggestion.replaced = None

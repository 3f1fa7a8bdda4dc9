"""Every write in care: invitations, links, homework, sharing and the audit log."""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, replace
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from accounts.invites import code_letters_only
from accounts.models import User
from accounts.secret_codes import code_new
from care.models import (
    INVITATION_CODE_LENGTH,
    NOTE_PURPOSE,
    AuditEvent,
    Clinic,
    Invitation,
    Link,
    Membership,
    PlanSuggestion,
    SharedItem,
    ShareEvent,
    invitation_code_hash,
)
from care.models import Assignment as Homework
from care.selectors import therapist_name_now
from journal.keyring import (
    UserKeyring,
    keyring_for,
)
from journal.models import Entry
from prompts.models import Sequence
from safety.plan_sections import SECTIONS, SECTIONS_BY_SLUG
from safety.selectors import plan_for_owner
from safety.services import plan_get_or_create, plan_step_save
from sharing.copies import copy_read, copy_ring, copy_seal
from sharing.snapshots import PlanStepCopy, Snapshot, entry_snapshot, plan_snapshot, seal

_SUGGESTION = "care.PlanSuggestion"


class InvitationUnusable(Exception):
    """The code is unknown, used already, expired, or the person's own."""


def audit_record(*, clinic: Clinic, actor: User | None, action: str, target: object = "") -> AuditEvent:
    return AuditEvent.objects.create(
        clinic=clinic,
        actor=actor,
        actor_label=actor.email if actor is not None else "",
        action=action,
        target=str(target)[:64],
    )


# --- Invitations and links ---------------------------------------------------------------------


def invitation_create(*, membership: Membership) -> Invitation:
    """A new invitation. Its `code` is on the returned object only: the database keeps a hash."""
    for _attempt in range(5):
        code = code_new(INVITATION_CODE_LENGTH)
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    code_hash=invitation_code_hash(code), therapist=membership.user, clinic=membership.clinic
                )
            invitation.code = code
            break
        except IntegrityError:  # two equal random codes: pick another
            continue
    else:  # pragma: no cover - 32**8 codes
        raise RuntimeError("Could not pick a free invitation code.")
    audit_record(
        clinic=membership.clinic,
        actor=membership.user,
        action=AuditEvent.Action.INVITATION_CREATED,
        target=invitation.id,
    )
    return invitation


def code_clean(code: str) -> str:
    return code_letters_only(code)[:16]


@transaction.atomic
def invitation_accept(*, code: str, person: User) -> Link:
    """Use the invitation a code opens, once."""
    invitation = Invitation.objects.filter(code_hash=invitation_code_hash(code)).select_related("clinic").first()
    if invitation is None:
        raise InvitationUnusable
    return invitation_use(invitation=invitation, person=person)


@transaction.atomic
def invitation_use(*, invitation: Invitation, person: User) -> Link:
    """Use the invitation once. The UPDATE only lands while it is unused and unexpired, not the
    person's own, and not one that opened sign-up for another account (it is theirs to accept)."""
    now = timezone.now()
    taken = (
        Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True, expires_at__gt=now)
        .filter(Q(signed_up__isnull=True) | Q(signed_up=person))
        .exclude(therapist=person)
        .update(used_at=now)
    )
    if not taken:
        raise InvitationUnusable
    existing = Link.objects.filter(person=person, therapist_id=invitation.therapist_id, ended_at__isnull=True).first()
    if existing is not None:
        return existing
    link = Link(person=person, therapist_id=invitation.therapist_id, clinic=invitation.clinic)
    link.therapist_name = therapist_name_now(link)
    link.save(force_insert=True)
    return link


def invitation_claim_for_sign_up(*, invitation: Invitation, user: User) -> bool:
    """The account this link just created is the only one that can accept it now."""
    return bool(Invitation.objects.filter(pk=invitation.pk, signed_up__isnull=True).update(signed_up=user))


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, actor: User) -> None:
    audit_record(
        clinic=invitation.clinic,
        actor=actor,
        action=AuditEvent.Action.INVITATION_CANCELLED,
        target=invitation.pk,
    )
    invitation.delete()


@transaction.atomic
def link_end(*, link: Link, because: str = Link.EndedBecause.PERSON) -> Link:
    """End the link. Shared snapshots and their keys are deleted with it; the log stays for the person."""
    for item in list(link.shared_items.all()):
        share_revoke(item=item)
    link.therapist_name = therapist_name_now(link)
    link.ended_at, link.ended_because = timezone.now(), because
    link.save(update_fields=["ended_at", "ended_because", "therapist_name"])
    return link


def link_set_homework_status(*, link: Link, show: bool) -> Link:
    link.show_homework_status = show
    link.save(update_fields=["show_homework_status"])
    return link


# --- Homework ---------------------------------------------------------------------------------


@sensitive_variables("note")
def homework_assign(*, link: Link, sequence: Sequence, note: str = "", due_on: date | None = None) -> Homework:
    homework = Homework(link=link, sequence=sequence, due_on=due_on)
    note = note.strip()
    if note:
        sealed = seal(note, purpose=NOTE_PURPOSE, item_id=homework.id, field_name="note")
        homework.note, homework.note_key, homework.server_key_id = sealed.blob, sealed.wrapped_key, sealed.server_key_id
    homework.save(force_insert=True)
    audit_record(
        clinic=link.clinic, actor=link.therapist, action=AuditEvent.Action.HOMEWORK_ASSIGNED, target=homework.id
    )
    return homework


# --- Sharing ----------------------------------------------------------------------------------


def _event(*, item: SharedItem, action: str) -> None:
    written_on = item.entry.written_on if item.entry_id and item.entry else None
    ShareEvent.objects.create(link=item.link, item_id=item.id, kind=item.kind, written_on=written_on, action=action)


@sensitive_variables("snapshot")
def _share_store(
    *, link: Link, snapshot: Snapshot, entry: Entry | None = None, plan_id: uuid.UUID | None = None
) -> SharedItem:
    item = SharedItem(link=link, entry=entry, plan_id=plan_id)
    copy_seal(item, snapshot)
    item.save(force_insert=True)
    _event(item=item, action=ShareEvent.Action.SHARED)
    return item


@transaction.atomic
def share_entry(*, link: Link, entry: Entry) -> SharedItem:
    """Share a copy of the entry as it is now. Sharing again replaces the earlier copy."""
    for old in SharedItem.objects.filter(link=link, entry=entry):
        old.delete()
    return _share_store(link=link, snapshot=entry_snapshot(owner=link.person, entry=entry), entry=entry)


@transaction.atomic
def share_plan(*, link: Link) -> SharedItem:
    plan = plan_get_or_create(owner=link.person)
    # Pending suggestions belong to the copy they were made on; a fresh share starts without them.
    for old in SharedItem.objects.filter(link=link, plan=plan):
        old.delete()
    return _share_store(link=link, snapshot=plan_snapshot(owner=link.person), plan_id=plan.id)


@transaction.atomic
def share_summary(*, link: Link, snapshot: Snapshot) -> SharedItem:
    """Share a look-back summary, as made for the person on their own page. Each one is its own copy."""
    if snapshot.kind != "summary":
        raise ValueError("Only a summary is shared this way.")
    return _share_store(link=link, snapshot=snapshot)


@transaction.atomic
def share_revoke(*, item: SharedItem) -> None:
    """Delete the snapshot and its key together: nothing of it can be opened again."""
    _event(item=item, action=ShareEvent.Action.STOPPED)
    item.delete()


@sensitive_variables()
def shared_item_read(item: SharedItem) -> Snapshot:
    return copy_read(item)


def shared_item_open(*, item: SharedItem, therapist: User) -> Snapshot:
    """The therapist opens a shared item: the person's log and the clinic's audit log both note it."""
    snapshot = shared_item_read(item)
    _event(item=item, action=ShareEvent.Action.VIEWED)
    audit_record(clinic=item.link.clinic, actor=therapist, action=AuditEvent.Action.SHARED_ITEM_OPENED, target=item.id)
    return snapshot


# --- Suggested changes to a shared safety plan -------------------------------------------------


def _item_ring(item: SharedItem) -> UserKeyring:
    return copy_ring(item)


@sensitive_variables("body")
def plan_suggestion_create(*, item: SharedItem, section: str, body: str, therapist: User) -> PlanSuggestion:
    if item.kind != SharedItem.Kind.PLAN:
        raise ValueError("Only a shared safety plan takes suggestions.")
    suggestion = PlanSuggestion(item=item, owner_id=item.link.person_id, section=section)
    suggestion.body = _item_ring(item).encrypt(body.strip(), model=_SUGGESTION, field="body", record_id=suggestion.id)
    suggestion.save(force_insert=True)
    _event(item=item, action=ShareEvent.Action.SUGGESTED)
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
    _event(item=item, action=ShareEvent.Action.TAKEN)
    return True


@transaction.atomic
def plan_suggestion_reject(*, suggestion: PlanSuggestion) -> bool:
    """The person keeps their own words. The therapist sees that, never the words themselves."""
    found = _answerable(suggestion, PlanSuggestion.Decision.WAITING)
    if found is None:
        return False
    found.decision, found.decided_at = PlanSuggestion.Decision.KEPT, timezone.now()
    found.save(update_fields=["decision", "decided_at"])
    _event(item=found.item, action=ShareEvent.Action.KEPT)
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
    _event(item=item, action=ShareEvent.Action.PUT_BACK)
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

"""Every write in care: invitations, links, homework, sharing and the audit log.

Suggested changes to a shared safety plan are in care/suggestions.py."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from accounts.invites import code_letters_only
from accounts.models import User
from accounts.secret_codes import code_new
from care.homework import homework_note, still_open_suggestion
from care.models import (
    INVITATION_CODE_LENGTH,
    NOTE_PURPOSE,
    AuditEvent,
    Clinic,
    Invitation,
    Link,
    Membership,
    SharedItem,
    ShareEvent,
    invitation_code_hash,
)
from care.models import Assignment as Homework
from care.selectors import therapist_name_now
from config.own_words import paragraphs_of
from journal.models import Entry
from prompts.models import Sequence
from safety.services import plan_get_or_create
from sharing.copies import copy_read, copy_seal
from sharing.snapshots import Snapshot, entry_snapshot, plan_snapshot, seal


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


# One reading of the audit log, however its pages are turned, reloaded or come back to with Back.
AUDIT_READING = timedelta(minutes=10)


def audit_record_opening(*, clinic: Clinic, actor: User) -> None:
    """ "Opened the audit log", once a reading: not again for each page turned within ten minutes of
    the last one recorded. Any page counts, so a bookmarked page or an address typed in is recorded
    too (an opening the admin could step around would not account for much)."""
    since = timezone.now() - AUDIT_READING
    opened = AuditEvent.objects.filter(
        clinic=clinic, actor=actor, action=AuditEvent.Action.AUDIT_OPENED, at__gte=since
    ).exists()
    if not opened:
        audit_record(clinic=clinic, actor=actor, action=AuditEvent.Action.AUDIT_OPENED)


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
def invitation_cancel(*, invitation: Invitation, actor: User | None) -> None:
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
    return homework_suggest(link=link, sequence=sequence, note=note, due_on=due_on)[0]


def _homework_note_seal(homework: Homework, note: str) -> None:
    sealed = seal(note, purpose=NOTE_PURPOSE, item_id=homework.id, field_name="note")
    homework.note, homework.note_key, homework.server_key_id = sealed.blob, sealed.wrapped_key, sealed.server_key_id


@sensitive_variables()
def _paragraph_words(text: str) -> list[str]:
    """Each paragraph's words as the person reads them (the same paragraphs), whatever spacing a
    paste gave them."""
    return [" ".join(paragraph.split()) for paragraph in paragraphs_of(text) if paragraph.strip()]


@sensitive_variables()
def _note_holds(earlier: str, note: str) -> bool:
    """Whether the earlier note already says this one, paragraphs in the same order: the same note
    typed again with other spacing (or a browser's CRLF line ends) is not shown to the person twice."""
    held, said = _paragraph_words(earlier), _paragraph_words(note)
    return any(held[start : start + len(said)] == said for start in range(len(held) - len(said) + 1))


@sensitive_variables("note", "earlier_note")
def homework_suggest(
    *, link: Link, sequence: Sequence, note: str = "", due_on: date | None = None
) -> tuple[Homework, bool]:
    """Suggest a reflection; the second value says it was suggested already and still open, so the
    earlier suggestion was kept instead of listing it twice. A new note goes under the earlier one
    (no note the therapist wrote is lost); a new date replaces the earlier one. Only when the person
    lets the therapist see how it is going: otherwise one row more or not would tell them."""
    note = note.strip()
    earlier = still_open_suggestion(link=link, sequence=sequence) if link.show_homework_status else None
    if earlier is not None:
        fields = []
        earlier_note = homework_note(earlier)
        if note and not _note_holds(earlier_note, note):
            _homework_note_seal(earlier, f"{earlier_note}\n\n{note}" if earlier_note else note)
            fields += ["note", "note_key", "server_key_id"]
        if due_on is not None and due_on != earlier.due_on:
            earlier.due_on = due_on
            fields.append("due_on")
        if fields:
            earlier.save(update_fields=fields)
        audit_record(
            clinic=link.clinic, actor=link.therapist, action=AuditEvent.Action.HOMEWORK_ASSIGNED, target=earlier.id
        )
        return earlier, True
    homework = Homework(link=link, sequence=sequence, due_on=due_on)
    if note:
        _homework_note_seal(homework, note)
    homework.save(force_insert=True)
    audit_record(
        clinic=link.clinic, actor=link.therapist, action=AuditEvent.Action.HOMEWORK_ASSIGNED, target=homework.id
    )
    return homework, False


# --- Sharing ----------------------------------------------------------------------------------


def share_event_record(*, item: SharedItem, action: str) -> None:
    """A line in the person's sharing log (ids, kind and day only; never the words)."""
    # The day the copy holds: the entry's day now, once moved, would tell the log's reader of a change
    # never shared. A copy from before that day was kept with it falls back to its entry's.
    written_on = item.written_on
    if written_on is None and item.entry_id and item.entry:
        written_on = item.entry.written_on
    ShareEvent.objects.create(link=item.link, item_id=item.id, kind=item.kind, written_on=written_on, action=action)


@sensitive_variables("snapshot")
def _share_store(
    *, link: Link, snapshot: Snapshot, entry: Entry | None = None, plan_id: uuid.UUID | None = None
) -> SharedItem:
    item = SharedItem(link=link, entry=entry, plan_id=plan_id, written_on=snapshot.written_on)
    copy_seal(item, snapshot)
    item.save(force_insert=True)
    share_event_record(item=item, action=ShareEvent.Action.SHARED)
    return item


@transaction.atomic
def share_entry(*, link: Link, entry: Entry) -> SharedItem:
    """Share a copy of the entry as it is now. Sharing again replaces the earlier copy."""
    for old in SharedItem.objects.filter(link=link, entry=entry):
        old.delete()
    return _share_store(link=link, snapshot=entry_snapshot(owner=link.person, entry=entry), entry=entry)


@transaction.atomic
def share_plan(*, link: Link, snapshot: Snapshot | None = None) -> SharedItem:
    """Share the plan as `snapshot` holds it (the reading the Share page showed), or as it is now."""
    plan = plan_get_or_create(owner=link.person)
    # Pending suggestions belong to the copy they were made on; a fresh share starts without them.
    for old in SharedItem.objects.filter(link=link, plan=plan):
        old.delete()
    if snapshot is None:
        snapshot = plan_snapshot(owner=link.person)
    elif snapshot.kind != "plan":
        raise ValueError("Only a plan is shared this way.")
    return _share_store(link=link, snapshot=snapshot, plan_id=plan.id)


@transaction.atomic
def share_summary(*, link: Link, snapshot: Snapshot) -> SharedItem:
    """Share a look-back summary, as made for the person on their own page. Each one is its own copy."""
    if snapshot.kind != "summary":
        raise ValueError("Only a summary is shared this way.")
    return _share_store(link=link, snapshot=snapshot)


@transaction.atomic
def share_revoke(*, item: SharedItem) -> None:
    """Delete the snapshot and its key together: nothing of it can be opened again."""
    share_event_record(item=item, action=ShareEvent.Action.STOPPED)
    item.delete()


@sensitive_variables()
def shared_item_read(item: SharedItem) -> Snapshot:
    return copy_read(item)


def shared_item_open(*, item: SharedItem, therapist: User) -> Snapshot:
    """The therapist opens a shared item: the person's log and the clinic's audit log both note it."""
    snapshot = shared_item_read(item)
    share_event_record(item=item, action=ShareEvent.Action.VIEWED)
    if item.opened_at is None:
        # The first opening only (two tabs at once keep the earlier): later ones are in the log, and a
        # page view writes no more than it must.
        item.opened_at = timezone.now()
        SharedItem.objects.filter(pk=item.pk, opened_at__isnull=True).update(opened_at=item.opened_at)
    audit_record(clinic=item.link.clinic, actor=therapist, action=AuditEvent.Action.SHARED_ITEM_OPENED, target=item.id)
    return snapshot

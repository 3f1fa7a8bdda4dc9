"""Writes for small victories. The kind and the note are the person's, so both go in encrypted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from journal.export_sections import SectionResult
from journal.forms import EARLIEST_DATE, latest_date
from journal.keyring import user_keyring
from journal.models import Entry
from journal.selectors import entry_ids_by_export_id
from progress.models import Victory, VictoryKind
from progress.selectors import LABEL, victories_for

NOTE_CHARS = 500


def _check(kind: str, about_on: date, note: str) -> None:
    # The forms say this kindly; here it is a programming error.
    if kind not in VictoryKind.values:
        raise ValueError(f"Unknown kind of victory {kind!r}")
    # The days an entry can be about, so marking any entry works (one dated tomorrow, written
    # just after midnight ahead of the server's time zone, included).
    if not EARLIEST_DATE <= about_on <= latest_date() or len(note) > NOTE_CHARS:
        raise ValueError("A victory is about a day an entry could be about, with a short note.")


def _sealed(victory: Victory, *, kind: str, note: str) -> None:
    ring = user_keyring(victory.owner)
    victory.kind = ring.encrypt(kind, model=LABEL, field="kind", record_id=victory.id)
    victory.note = ring.encrypt(note, model=LABEL, field="note", record_id=victory.id) if note else b""


@sensitive_variables("note")
def victory_add(
    *,
    owner: User,
    kind: str,
    about_on: date | None = None,
    note: str = "",
    entry: Entry | None = None,
    created_at: datetime | None = None,
) -> Victory:
    note = note.strip()
    about_on = about_on or timezone.localdate()
    _check(kind, about_on, note)
    if entry is not None and entry.owner_id != owner.pk:
        raise ValueError("A victory can only point at its owner's own entry.")
    victory = Victory(owner=owner, about_on=about_on, entry=entry, created_at=created_at or timezone.now())
    _sealed(victory, kind=kind, note=note)
    victory.save()
    return victory


def victory_mark_entry(*, owner: User, entry: Entry) -> tuple[Victory, bool]:
    """Keep an entry as a small victory, about the day it was written. Marking it twice adds
    nothing: returns the victory, and whether it is new. A draft is not kept until it is saved: it
    stays off the look back until then (progress/look_back.py), and so would its mark."""
    if entry.is_draft:
        raise ValueError("A draft is marked as a small victory once it is saved.")
    found = Victory.objects.filter(owner=owner, entry=entry).first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            return victory_add(owner=owner, kind=VictoryKind.ENTRY, about_on=entry.written_on, entry=entry), True
    except IntegrityError:
        # Two taps at once: the other one kept it.
        return Victory.objects.get(owner=owner, entry=entry), False


def victory_mark_urge(*, owner: User) -> Victory:
    """An urge that passed, today. Every wave ridden is its own victory, so each one adds."""
    return victory_add(owner=owner, kind=VictoryKind.URGE)


@sensitive_variables("note")
def victory_note_change(*, victory: Victory, note: str) -> Victory:
    note = note.strip()
    if len(note) > NOTE_CHARS:
        raise ValueError("A note is short.")
    ring = user_keyring(victory.owner)
    victory.note = ring.encrypt(note, model=LABEL, field="note", record_id=victory.id) if note else b""
    victory.save(update_fields=["note"])
    return victory


def victory_remove(*, victory: Victory) -> None:
    """Only ever the person's own choice (a mark made by mistake); nothing else removes one."""
    victory.delete()


# --- Bringing back an export (journal/export_sections.py) ---------------------------------------


@dataclass(frozen=True)
class ImportedVictory:
    kind: str
    about_on: date
    created_at: datetime
    note: str
    entry_id: Any | None  # the entry's id in the export, if it was marked on one


@sensitive_variables()
@transaction.atomic
def victories_import(*, owner: User, victories: list[ImportedVictory]) -> SectionResult:
    """Add the victories not here yet. One is here already when its kind and the moment it was kept
    match, so importing the same file twice adds nothing. Its note changed since the file (or its
    day, brought to today on an earlier import) is the person's own: it stays, and is not added twice."""
    notes = {(v.kind, v.created_at): v.note for v in victories_for(owner=owner)}
    entry_ids = entry_ids_by_export_id(user=owner)
    entries = Entry.objects.filter(owner=owner).in_bulk(list(set(entry_ids.values())))
    marked = set(Victory.objects.filter(owner=owner, entry__isnull=False).values_list("entry_id", flat=True))
    added = kept = 0
    for record in victories:
        key = (record.kind, record.created_at)
        if key in notes:
            kept += notes[key] != record.note
            continue
        entry_pk = entry_ids.get(record.entry_id) if record.entry_id is not None else None
        # An entry keeps one mark: a second one from the file comes in without the link.
        entry = entries.get(entry_pk) if entry_pk is not None and entry_pk not in marked else None
        victory_add(
            owner=owner,
            kind=record.kind,
            about_on=min(record.about_on, latest_date()),
            note=record.note,
            entry=entry,
            created_at=record.created_at,
        )
        if entry is not None:
            marked.add(entry.pk)
        notes[key] = record.note
        added += 1
    return SectionResult(added=added, already_here=len(victories) - added - kept, kept_yours=kept)

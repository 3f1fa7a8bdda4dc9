"""Reads for small victories: always one person's own, decrypted in memory only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.http import Http404
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from journal.keyring import user_keyring
from progress.models import Victory, VictoryKind

# The keyring label: Model._meta.label, as register_encrypted_model expects.
LABEL = "progress.Victory"


@dataclass(frozen=True)
class VictoryView:
    id: UUID
    kind: str
    about_on: date
    created_at: datetime
    note: str
    # The entry it was marked on, while that entry is in the journal (not in the trash).
    entry_id: UUID | None
    # The entry's id even when it is in the trash, for the export.
    marked_entry_id: UUID | None

    @property
    def kind_label(self) -> str:
        return str(VictoryKind(self.kind).label) if self.kind in VictoryKind.values else ""


@sensitive_variables()
def _view(victory: Victory, ring: Any) -> VictoryView:
    kind = ring.decrypt(victory.kind, model=LABEL, field="kind", record_id=victory.id)
    note = ring.decrypt(victory.note, model=LABEL, field="note", record_id=victory.id) if victory.note else ""
    entry = victory.entry
    return VictoryView(
        id=victory.id,
        kind=kind,
        about_on=victory.about_on,
        created_at=victory.created_at,
        note=note,
        entry_id=entry.pk if entry is not None and entry.trashed_at is None else None,
        marked_entry_id=victory.entry_id,
    )


@sensitive_variables()
def victories_for(*, owner: User) -> list[VictoryView]:
    """Everything the person has kept, newest first."""
    rows = list(Victory.objects.filter(owner=owner).select_related("entry").only(*_FIELDS))
    if not rows:
        return []  # no keyring to open (and so no data key made) for a person with none yet
    ring = user_keyring(owner)
    return [_view(row, ring) for row in rows]


_FIELDS = ("id", "owner_id", "kind", "about_on", "created_at", "note", "entry__id", "entry__trashed_at")


def victory_count(*, owner: User) -> int:
    return Victory.objects.filter(owner=owner).count()


def victory_for_owner(*, owner: User, victory_id: UUID) -> Victory:
    """The person's own victory, or 404: another person's id opens nothing."""
    victory = Victory.objects.filter(owner=owner, id=victory_id).first()
    if victory is None:
        raise Http404
    return victory


@sensitive_variables()
def victory_view(*, victory: Victory) -> VictoryView:
    return _view(victory, user_keyring(victory.owner))


@dataclass(frozen=True)
class VictoriesInSpan:
    """For the look back: what the person kept as small victories in a span, and in all."""

    in_span: int
    urges_passed: int
    kept_in_all: int
    # The day the earliest in the span is about, if any: "Everything" begins there when it is
    # before the first entry.
    earliest: date | None = None


@sensitive_variables()
def victories_in_span(*, owner: User, first: date | None, last: date) -> VictoriesInSpan:
    """first: None for no start, as "Everything" is (LookBack.counts_from)."""
    # Only the kind is opened (it is ciphertext, so the urges that passed are counted in memory).
    rows = list(Victory.objects.filter(owner=owner).values_list("id", "kind", "about_on"))
    kept = [row for row in rows if (first is None or first <= row[2]) and row[2] <= last]
    inside = [(pk, kind) for pk, kind, _about_on in kept]
    ring = user_keyring(owner) if inside else None
    urges = sum(
        1
        for pk, kind in inside
        if ring is not None and ring.decrypt(kind, model=LABEL, field="kind", record_id=pk) == VictoryKind.URGE
    )
    return VictoriesInSpan(
        in_span=len(inside),
        urges_passed=urges,
        kept_in_all=len(rows),
        earliest=min((row[2] for row in kept), default=None),
    )


@sensitive_variables()
def victories_newest_in_span(*, owner: User, first: date | None, last: date, limit: int) -> list[VictoryView]:
    """The newest few kept in a span (first None: no start), for the summary: only these few are decrypted."""
    kept = Victory.objects.filter(owner=owner, about_on__lte=last)
    rows = list(
        (kept if first is None else kept.filter(about_on__gte=first)).select_related("entry").only(*_FIELDS)[:limit]
    )
    if not rows:
        return []
    ring = user_keyring(owner)
    return [_view(row, ring) for row in rows]

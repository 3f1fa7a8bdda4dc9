"""Words kept beside an entry when they met a newer version of it: keep, read, choose, let go.

An editor page's save that meets a newer version writes nothing over it (journal/services.py).
Its words were then only on that page, lost with the tab. Here they are kept, encrypted like the
entry, one copy per page, until the person compares the two and chooses.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from journal.keyring import user_keyring
from journal.models import Entry, KeptWords
from journal.services import EntryContent, entry_restore, entry_update

KEPT = "journal.KeptWords"


@dataclass(frozen=True)
class KeptView:
    """Kept words, decrypted for one request only."""

    kept: KeptWords
    content: EntryContent

    @property
    def id(self) -> uuid.UUID:
        return self.kept.id

    @property
    def kept_at(self) -> datetime:
        return self.kept.kept_at


@sensitive_variables()
def content_fields(content: EntryContent) -> dict[str, Any]:
    """The words as JSON holds them: sealed in the row, and in an export (journal/portability_kept.py)."""
    return {
        "title": content.title,
        "body": content.body,
        "written_on": content.written_on.isoformat(),
        "kind": content.kind,
        "mood": content.mood,
        "urge": content.urge,
        "setback": content.setback,
        "tags": list(content.tags),
    }


@sensitive_variables()
def _sealed(*, owner: User, row_id: uuid.UUID, content: EntryContent) -> bytes:
    words = content_fields(content)
    return user_keyring(owner).encrypt(json.dumps(words), model=KEPT, field="words", record_id=row_id)


@sensitive_variables()
def _opened(row: KeptWords) -> EntryContent:
    words = json.loads(user_keyring(row.owner).decrypt(row.words, model=KEPT, field="words", record_id=row.pk))
    words["written_on"] = date.fromisoformat(words["written_on"])
    return EntryContent.from_fields(words)


@sensitive_variables()
@transaction.atomic
def kept_words_keep(*, entry: Entry, page: uuid.UUID, content: EntryContent) -> KeptWords:
    """Keep what this page holds beside the entry, replacing what the same page kept before."""
    mine = KeptWords.objects.select_for_update().filter(owner_id=entry.owner_id, entry=entry, page=page)
    row = mine.first()
    if row is None:
        row = KeptWords(id=uuid.uuid4(), owner_id=entry.owner_id, entry=entry, page=page)
        row.words = _sealed(owner=entry.owner, row_id=row.id, content=content)
        try:
            with transaction.atomic():
                row.save(force_insert=True)
            return row
        except IntegrityError:
            # The page's autosave and its leave-page beacon raced: the other one kept them first,
            # so these (the later words) go over them.
            row = mine.get()
    row.words = _sealed(owner=entry.owner, row_id=row.id, content=content)
    row.kept_at = timezone.now()
    row.save(update_fields=["words", "kept_at"])
    return row


def kept_words_forget_page(*, entry: Entry, page: uuid.UUID) -> None:
    """A save from this page landed: the entry holds its words now, so the copy kept of them goes."""
    KeptWords.objects.filter(owner_id=entry.owner_id, entry=entry, page=page).delete()


def kept_words_let_go(*, kept: KeptWords) -> None:
    kept.delete()


@sensitive_variables()
@transaction.atomic
def kept_words_use(*, kept: KeptView, expected_version: int) -> Entry:
    """The entry takes the kept words (as already opened for the page), and they stop being kept
    apart; an entry in the trash comes back with them, in the same step, as the editor's Save
    brings it back. Raises EntryConflict when the entry changed again since the person compared
    them: nothing is written, nothing let go, nothing brought back."""
    entry = kept.kept.entry
    if entry.trashed_at is not None:
        entry_restore(entry=entry)
    saved = entry_update(entry=entry, expected_version=expected_version, content=kept.content, is_draft=entry.is_draft)
    kept.kept.delete()
    return saved


@sensitive_variables()
def kept_words_for(*, user: User, entry: Entry) -> list[KeptView]:
    """The person's kept words for this entry, newest first."""
    rows = list(KeptWords.objects.filter(owner=user, entry=entry).order_by("-kept_at"))
    for row in rows:
        # The person's own user object, so every copy opens with the one keyring cached on it
        # (user_keyring): a fresh owner per row read the key rows again, once per copy.
        row.owner = user
    return [kept_words_open(row) for row in rows]


@sensitive_variables()
def kept_words_open(row: KeptWords) -> KeptView:
    return KeptView(kept=row, content=_opened(row))


@dataclass(frozen=True)
class ImportedKept:
    """Kept words from an export: the entry's id there, the tab they came from, and the words."""

    entry_id: uuid.UUID
    page: uuid.UUID
    kept_at: datetime
    content: EntryContent


@sensitive_variables()
@transaction.atomic
def kept_words_import(*, owner: User, records: list[ImportedKept], entry_ids: dict[Any, Any]) -> int:
    """Keep the words from an export beside their entries (`entry_ids`: an export's ids to the
    person's entries), still waiting for a choice. The same tab's words for the same entry are
    here already when imported twice, and stay as they are. Returns how many were added."""
    here = set(KeptWords.objects.filter(owner=owner).values_list("entry_id", "page"))
    added = 0
    for record in records:
        entry_id = entry_ids[record.entry_id]
        if (entry_id, record.page) in here:
            continue
        here.add((entry_id, record.page))
        row = KeptWords(id=uuid.uuid4(), owner=owner, entry_id=entry_id, page=record.page, kept_at=record.kept_at)
        row.words = _sealed(owner=owner, row_id=row.id, content=record.content)
        row.save(force_insert=True)
        added += 1
    return added

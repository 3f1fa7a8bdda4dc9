"""Search that stays quick as a journal grows, without an index anyone could read.

Each entry's title and body, folded to lower case, sit in one of the person's search chunks: the
texts of up to CHUNK_ENTRIES entries in one record, encrypted under the person's data key like
everything else they write. Search opens the chunks (a few dozen records at 10,000 entries)
instead of every entry, and opens in full only the entries it shows.

A copy of the database shows what it showed before (docs/encryption.md, "Search"): how many
chunks there are and how long each one is, which the entries' own records already tell, and that
a chunk changed when an entry did. There is no per-word token, so nothing to count words by.

Every write of an entry's words updates its chunk in the same transaction, under a row lock, so
two saves never lose each other's text. Entries written before chunks existed (or seeded in
bulk) have no chunk yet: search opens them one by one as it always did, and `manage.py
housekeeping` puts them in chunks.
"""

from __future__ import annotations

import json
import uuid
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.views.decorators.debug import sensitive_variables

from journal.keyring import UserKeyring, load_user_keyring
from journal.models import Entry, SearchChunk

# About 150 KB of text per chunk at typical entry lengths: quick to re-seal on every save, and few
# enough records that opening them all stays well within search's budget.
CHUNK_ENTRIES = 100
CHUNK = "journal.SearchChunk"
ENTRY = "journal.Entry"
# Between two entries' texts; taken out of the texts themselves, so no match spans two entries.
_SEPARATOR = "\0"


def folded(title: str, body: str) -> str:
    """What search looks in: the title, a line break and the body, case-folded."""
    return f"{title}\n{body}".casefold().replace(_SEPARATOR, " ")


@dataclass
class _Opened:
    ids: list[str]
    lengths: list[int]
    joined: str

    @property
    def texts(self) -> list[str]:
        return self.joined.split(_SEPARATOR) if self.ids else []

    def starts(self) -> list[int]:
        out, at = [], 0
        for length in self.lengths:
            out.append(at)
            at += length + 1
        return out


@sensitive_variables()
def _open(ring: UserKeyring, chunk_id: Any, blob: Any) -> _Opened:
    plain = ring.decrypt(blob, model=CHUNK, field="text", record_id=chunk_id)
    header, _, joined = plain.partition("\n")
    ids, lengths = json.loads(header)
    return _Opened(ids, lengths, joined)


@sensitive_variables()
def _seal(ring: UserKeyring, chunk: SearchChunk, ids: list[str], texts: list[str]) -> None:
    header = json.dumps([ids, [len(text) for text in texts]], separators=(",", ":"))
    plain = header + "\n" + _SEPARATOR.join(texts)
    chunk.text = ring.encrypt(plain, model=CHUNK, field="text", record_id=chunk.pk)
    chunk.size = len(ids)
    chunk.save(update_fields=["text", "size"])


def _new_chunk(owner_id: Any, ring: UserKeyring, number: int) -> SearchChunk:
    chunk = SearchChunk(id=uuid.uuid4(), owner_id=owner_id, number=number, size=0)
    chunk.text = ring.encrypt("[[],[]]\n", model=CHUNK, field="text", record_id=chunk.pk)
    try:
        # Two first saves at once can both reach for the next number: one makes it, the other
        # takes the one made (under its lock) rather than failing the save.
        with transaction.atomic():
            chunk.save(force_insert=True)
    except IntegrityError:
        return SearchChunk.objects.select_for_update().get(owner_id=owner_id, number=number)
    return chunk


@sensitive_variables()
def entries_add(*, owner_id: Any, ring: UserKeyring, texts: Sequence[tuple[Any, str]]) -> None:
    """Put new entries' folded texts into the owner's last chunk, and new chunks as it fills.

    Call it inside the transaction that writes the entries."""
    pending = list(texts)
    if not pending:
        return
    last = SearchChunk.objects.select_for_update().filter(owner_id=owner_id).order_by("-number").first()
    while pending:
        if last is None or last.size >= CHUNK_ENTRIES:
            last = _new_chunk(owner_id, ring, 0 if last is None else last.number + 1)
        opened = _open(ring, last.pk, last.text)
        room = CHUNK_ENTRIES - len(opened.ids)
        taken, pending = pending[:room], pending[room:]
        _seal(ring, last, opened.ids + [str(i) for i, _ in taken], opened.texts + [t for _, t in taken])
        Entry.objects.filter(owner_id=owner_id, pk__in=[i for i, _ in taken]).update(search_chunk=last.number)


@sensitive_variables()
def entry_replace(*, entry: Entry, ring: UserKeyring, text: str) -> None:
    """After an entry's words changed: its text in its chunk becomes the new one."""
    chunk = (
        None
        if entry.search_chunk is None
        else SearchChunk.objects.select_for_update().filter(owner_id=entry.owner_id, number=entry.search_chunk).first()
    )
    opened = None if chunk is None else _open(ring, chunk.pk, chunk.text)
    if chunk is None or opened is None or str(entry.pk) not in opened.ids:
        entries_add(owner_id=entry.owner_id, ring=ring, texts=[(entry.pk, text)])
        return
    texts = opened.texts
    texts[opened.ids.index(str(entry.pk))] = text
    _seal(ring, chunk, opened.ids, texts)


def entries_forget(*, entries: Iterable[tuple[Any, Any, int | None]]) -> None:
    """Before entries are deleted for good: take their text out of their chunks.

    `entries` holds (entry id, owner id, chunk number) for each; call it in the deleting transaction.
    """
    by_chunk: dict[tuple[Any, int], set[str]] = defaultdict(set)
    for entry_id, owner_id, number in entries:
        if number is not None:
            by_chunk[(owner_id, number)].add(str(entry_id))
    # One lock order for everyone, so two clean-ups never wait on each other in a circle.
    for (owner_id, number), gone in sorted(by_chunk.items(), key=lambda item: (str(item[0][0]), item[0][1])):
        chunk = SearchChunk.objects.select_for_update().filter(owner_id=owner_id, number=number).first()
        if chunk is None:
            continue
        ring = load_user_keyring(owner_id)
        opened = _open(ring, chunk.pk, chunk.text)
        kept = [(i, t) for i, t in zip(opened.ids, opened.texts, strict=True) if i not in gone]
        _seal(ring, chunk, [i for i, _ in kept], [t for _, t in kept])


@sensitive_variables()
def entries_matching(*, owner_id: Any, ring: UserKeyring, terms: Sequence[str]) -> set[str]:
    """Ids of the owner's chunked entries whose text holds every term (trashed ones included)."""
    terms = [clean for term in terms if (clean := term.casefold().replace(_SEPARATOR, ""))]
    found: set[str] = set()
    if not terms:
        return found
    chunks = SearchChunk.objects.filter(owner_id=owner_id, size__gt=0).values_list("pk", "text")
    for chunk_id, blob in chunks.iterator():
        opened = _open(ring, chunk_id, blob)
        starts = opened.starts()
        # The first term by scanning: after a hit, on to the next entry's start.
        hits: list[int] = []
        at = 0
        while (i := opened.joined.find(terms[0], at)) != -1:
            k = bisect_right(starts, i) - 1
            hits.append(k)
            at = starts[k] + opened.lengths[k] + 1
        # Every other term only inside the entries still in the running.
        for term in terms[1:]:
            hits = [k for k in hits if opened.joined.find(term, starts[k], starts[k] + opened.lengths[k]) != -1]
        found.update(opened.ids[k] for k in hits)
    return found


@sensitive_variables()
def unchunked_fill(*, batch: int = 1000) -> int:
    """Put entries that have no chunk yet into one (`manage.py housekeeping`). Returns how many."""
    done = 0
    owners = Entry.objects.filter(search_chunk__isnull=True).values_list("owner_id", flat=True).distinct()
    for owner_id in list(owners):
        ring = load_user_keyring(owner_id)
        while True:
            with transaction.atomic():
                rows = list(
                    Entry.objects.select_for_update()
                    .filter(owner_id=owner_id, search_chunk__isnull=True)
                    .order_by("created_at", "pk")
                    .values_list("pk", "title", "body")[:batch]
                )
                if not rows:
                    break
                texts = [
                    (
                        pk,
                        folded(
                            ring.decrypt(title, model=ENTRY, field="title", record_id=pk),
                            ring.decrypt(body, model=ENTRY, field="body", record_id=pk),
                        ),
                    )
                    for pk, title, body in rows
                ]
                entries_add(owner_id=owner_id, ring=ring, texts=texts)
                done += len(rows)
    return done

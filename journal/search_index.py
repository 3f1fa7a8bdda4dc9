"""Search that stays quick as a journal grows, without an index anyone could read.

Each entry's title and body, folded to lower case, sit in one of the person's search chunks: the
texts of up to CHUNK_ENTRIES entries in one record, encrypted under the person's data key like
everything else they write. Beside each text the chunk holds the entry's order key (the day it was
written on, when it was created, its id), so search can count the matches and put them newest
first without asking the database about thousands of ids; it opens in full only the entries it shows.

A copy of the database shows what it showed before (docs/encryption.md, "Search"): how many
chunks there are and how long each one is, which the entries' own records already tell, and that
a chunk changed when an entry did. There is no per-word token, so nothing to count words by; the
order keys are sealed inside the chunk, and the entry rows hold the same dates in the clear anyway.

Every write of an entry's words or date updates its chunk in the same transaction, under a row
lock, so two saves never lose each other's text. Entries written before chunks existed (or seeded
in bulk) have no chunk yet: search opens them one by one as it always did, and `manage.py
housekeeping` puts them in chunks. Chunks written before order keys (format 1) are still read;
any write to one, or housekeeping, rewrites it with them. Chunks written before accents were
composed (format 2) are rewritten the same way, composed (format 3). Housekeeping cannot open a locked journal:
the owner's next unlocked request does that journal's share (`owner_catch_up`).
"""

from __future__ import annotations

import heapq
import json
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.views.decorators.debug import sensitive_variables

from journal.keyring import JournalLocked, UserKeyring, load_user_keyring
from journal.models import Entry, SearchChunk

# About 150 KB of text per chunk at typical entry lengths: quick to re-seal on every save, and few
# enough records that opening them all stays well within search's budget.
CHUNK_ENTRIES = 100
CHUNK = "journal.SearchChunk"
ENTRY = "journal.Entry"
# Between two entries' texts; taken out of the texts themselves, so no match spans two entries.
_SEPARATOR = "\0"
# Format 2 starts with this; format 1 (ids and lengths as JSON, no order keys) with "[".
_FORMAT_2 = "2"
# Format 3 is format 2 with every text composed (NFC), as folded() makes them now: a chunk written
# before may hold an accent typed apart ("e" and a combining mark), which composed words looked
# for would not find. The text's first line is format 2's; the row's `format` tells them apart.
FORMAT = 3
# An order key: the day written (10), when created in UTC to the microsecond (26), the id's hex
# (32). Fixed width, so a chunk's keys sit in one line read by slicing, and sort as plain strings.
KEY_CHARS = 68
ID_AT = 36
# Search reads chunks a few at a time, newest first, so a common word stops after the first few;
# a rare one needs more, and larger batches later keep the queries few.
BATCH_FIRST, BATCH_MOST = 4, 16


def composed(text: str) -> str:
    """The text with each accented letter as one character (NFC). Keyboards differ: "é" comes as
    one character from most, as "e" and a combining accent from some (a Mac's file names, a PDF),
    and the two look alike but did not match each other in search."""
    return unicodedata.normalize("NFC", text)


def folded(title: str, body: str) -> str:
    """What search looks in: the title, a line break and the body, composed and case-folded."""
    return composed(f"{title}\n{body}").casefold().replace(_SEPARATOR, " ")


def order_key(written_on: date, created_at: datetime, entry_id: Any) -> str:
    """Newest first is this string, largest first: as the timeline orders (day written, then created)."""
    created = created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
    return f"{written_on.isoformat()}{created}{_hex(entry_id)}"


def key_id(key: str) -> uuid.UUID:
    return uuid.UUID(key[ID_AT:])


def _hex(entry_id: Any) -> str:
    return entry_id.hex if isinstance(entry_id, uuid.UUID) else uuid.UUID(str(entry_id)).hex


@dataclass
class _Opened:
    keys: str  # every entry's order key, one after another
    joined: str  # their texts, in the same order, between separators

    @property
    def count(self) -> int:
        return len(self.keys) // KEY_CHARS

    @property
    def key_list(self) -> list[str]:
        return [self.keys[k * KEY_CHARS : (k + 1) * KEY_CHARS] for k in range(self.count)]

    @property
    def ids(self) -> list[str]:
        return [str(key_id(key)) for key in self.key_list]

    @property
    def texts(self) -> list[str]:
        return self.joined.split(_SEPARATOR) if self.keys else []


def _keys_from_rows(ids: Sequence[str]) -> dict[str, str]:
    """Order keys for entries the database still holds (by id hex), for chunks written without them."""
    rows = Entry.objects.filter(pk__in=[uuid.UUID(i) for i in ids]).values_list("pk", "written_on", "created_at")
    return {pk.hex: order_key(written_on, created_at, pk) for pk, written_on, created_at in rows}


@sensitive_variables()
def _open(ring: UserKeyring, chunk_id: Any, blob: Any) -> _Opened:
    plain = ring.decrypt(blob, model=CHUNK, field="text", record_id=chunk_id)
    header, _, joined = plain.partition("\n")
    if header.startswith(_FORMAT_2):
        return _Opened(header[len(_FORMAT_2) :], joined)
    # Format 1: the keys come from the entries' rows; an entry no longer there drops out.
    ids, _lengths = json.loads(header)
    texts = joined.split(_SEPARATOR) if ids else []
    keys = _keys_from_rows(ids)
    kept = [(keys[_hex(i)], t) for i, t in zip(ids, texts, strict=True) if _hex(i) in keys]
    return _Opened("".join(k for k, _ in kept), _SEPARATOR.join(t for _, t in kept))


@sensitive_variables()
def _seal(ring: UserKeyring, chunk: SearchChunk, keys: list[str], texts: list[str]) -> None:
    if chunk.format < FORMAT:
        # Once, when an older chunk is first written again: its other entries' texts are composed too.
        texts = [composed(text) for text in texts]
    plain = _FORMAT_2 + "".join(keys) + "\n" + _SEPARATOR.join(texts)
    chunk.text = ring.encrypt(plain, model=CHUNK, field="text", record_id=chunk.pk)
    chunk.size = len(keys)
    chunk.format = FORMAT
    chunk.newest = date.fromisoformat(max(keys)[:10]) if keys else None
    chunk.save(update_fields=["text", "size", "format", "newest"])


def _new_chunk(owner_id: Any, ring: UserKeyring, number: int) -> SearchChunk:
    chunk = SearchChunk(id=uuid.uuid4(), owner_id=owner_id, number=number, size=0, format=FORMAT)
    chunk.text = ring.encrypt(_FORMAT_2 + "\n", model=CHUNK, field="text", record_id=chunk.pk)
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

    Call it inside the transaction that writes the entries (their rows give the order keys)."""
    if not texts:
        return
    keys = _keys_from_rows([_hex(i) for i, _ in texts])
    pending = [(keys[_hex(i)], text) for i, text in texts]
    last = SearchChunk.objects.select_for_update().filter(owner_id=owner_id).order_by("-number").first()
    while pending:
        if last is None or last.size >= CHUNK_ENTRIES:
            last = _new_chunk(owner_id, ring, 0 if last is None else last.number + 1)
        opened = _open(ring, last.pk, last.text)
        room = CHUNK_ENTRIES - opened.count
        taken, pending = pending[:room], pending[room:]
        _seal(ring, last, opened.key_list + [k for k, _ in taken], opened.texts + [t for _, t in taken])
        Entry.objects.filter(owner_id=owner_id, pk__in=[key_id(k) for k, _ in taken]).update(search_chunk=last.number)


@sensitive_variables()
def entry_replace(*, entry: Entry, ring: UserKeyring, text: str) -> None:
    """After an entry was saved: its text and order key in its chunk become the new ones."""
    chunk = (
        None
        if entry.search_chunk is None
        else SearchChunk.objects.select_for_update().filter(owner_id=entry.owner_id, number=entry.search_chunk).first()
    )
    opened = None if chunk is None else _open(ring, chunk.pk, chunk.text)
    mine = entry.pk.hex
    keys = [] if opened is None else opened.key_list
    at = next((k for k, key in enumerate(keys) if key.endswith(mine)), None)
    if chunk is None or opened is None or at is None:
        entries_add(owner_id=entry.owner_id, ring=ring, texts=[(entry.pk, text)])
        return
    texts = opened.texts
    # The day it was written on can change with the words: the key follows.
    keys[at] = order_key(entry.written_on, entry.created_at, entry.pk)
    texts[at] = text
    _seal(ring, chunk, keys, texts)


def entries_forget(*, entries: Iterable[tuple[Any, Any, int | None]]) -> None:
    """Before entries are deleted for good: take their text out of their chunks.

    `entries` holds (entry id, owner id, chunk number) for each; call it in the deleting transaction.
    A locked journal whose key this process does not hold (housekeeping, hourly) cannot have a
    chunk rewritten, so the whole chunk goes: the deleted words are gone now, not on the person's
    next visit, and the chunk's other entries are searched one by one until their next unlocked
    request puts them in a chunk again (`owner_catch_up`).
    """
    by_chunk: dict[tuple[Any, int], set[str]] = defaultdict(set)
    for entry_id, owner_id, number in entries:
        if number is not None:
            by_chunk[(owner_id, number)].add(_hex(entry_id))
    rings: dict[str, UserKeyring | None] = {}
    # One lock order for everyone, so two clean-ups never wait on each other in a circle.
    for (owner_id, number), gone in sorted(by_chunk.items(), key=lambda item: (str(item[0][0]), item[0][1])):
        ring = _ring_if_open(owner_id, rings)
        if ring is None:
            # Entry rows before the chunk, in the order a save takes them, so neither waits on the other.
            Entry.objects.filter(owner_id=owner_id, search_chunk=number).update(search_chunk=None)
            SearchChunk.objects.filter(owner_id=owner_id, number=number).delete()
            continue
        chunk = SearchChunk.objects.select_for_update().filter(owner_id=owner_id, number=number).first()
        if chunk is None:
            continue
        opened = _open(ring, chunk.pk, chunk.text)
        kept = [(k, t) for k, t in zip(opened.key_list, opened.texts, strict=True) if k[ID_AT:] not in gone]
        _seal(ring, chunk, [k for k, _ in kept], [t for _, t in kept])


def _ring_if_open(owner_id: Any, rings: dict[str, UserKeyring | None]) -> UserKeyring | None:
    """The owner's keyring, or None when their journal is locked and this process lacks the key."""
    if str(owner_id) not in rings:
        try:
            rings[str(owner_id)] = load_user_keyring(owner_id)
        except JournalLocked:
            rings[str(owner_id)] = None
    return rings[str(owner_id)]


def _chunk_batches(owner_id: Any) -> Iterable[tuple[date | None, list[tuple[Any, Any]]]]:
    """The owner's chunks, newest first (not known yet: first of all), a few at a time: the
    newest day of the next batch, and its chunks' ids and texts."""
    # From the index alone (an empty chunk is opened too, in no time): the size, the format and
    # anything else after the text would make the database read every chunk through to list them.
    listed = list(
        SearchChunk.objects.filter(owner_id=owner_id)
        .order_by(F("newest").desc(nulls_first=True), "-number")
        .values_list("number", "newest")
    )
    size, at = BATCH_FIRST, 0
    # Built once per batch size, the numbers last among its parameters: building a query costs
    # about as much as reading a chunk.
    queries: dict[int, tuple[str, tuple[Any, ...]]] = {}
    while at < len(listed):
        batch = listed[at : at + size]
        at, size = at + size, min(size * 2, BATCH_MOST)
        numbers = [number for number, _ in batch]
        if len(numbers) not in queries:
            queryset = SearchChunk.objects.filter(owner_id=owner_id).filter(number__in=numbers)
            queries[len(numbers)] = queryset.values_list("pk", "text").query.sql_with_params()
        sql, params = queries[len(numbers)]
        params = (*params[: -len(numbers)], *numbers)
        # Straight from the cursor: Django's converters (a UUID and a bytes copy per row) cost more
        # than opening the chunk does, and at 50,000 entries there are 500 of them.
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = [(pk if isinstance(pk, uuid.UUID) else uuid.UUID(str(pk)), blob) for pk, blob in cursor.fetchall()]
        yield batch[0][1], rows


@dataclass
class Matches:
    keys: list[str]  # order keys of matching entries, in no particular order
    complete: bool  # every chunk was opened: `keys` holds every match


def _sure(found: list[str], wanted: int | None, newest: date | None) -> bool:
    # Strictly later: an entry of the same day could still come first by when it was created.
    if wanted is None or newest is None or len(found) < wanted:
        return False
    return heapq.nlargest(wanted, found)[-1][:10] > newest.isoformat()


@sensitive_variables()
def entries_matching(
    *, owner_id: Any, ring: UserKeyring, terms: Sequence[str], wanted: int | None = None, leave_out: Iterable[str] = ()
) -> Matches:
    """The owner's chunked entries whose text holds every term, less those whose id hex is in
    `leave_out` (the trash). With `wanted`, it stops once the newest `wanted` matches are sure:
    no chunk left unopened has an entry written on or after the day of the last of them."""
    terms = [clean for term in terms if (clean := term.casefold().replace(_SEPARATOR, ""))]
    found: list[str] = []
    if not terms:
        return Matches(found, complete=True)
    first, rest = terms[0], terms[1:]
    gone = set(leave_out)
    for newest, rows in _chunk_batches(owner_id):
        if _sure(found, wanted, newest):
            return Matches(found, complete=False)
        for chunk_id, blob in rows:
            opened = _open(ring, chunk_id, blob)
            if first not in opened.joined:
                continue
            keys = opened.keys
            # One membership test per entry, in C; a common word stops at its first occurrence.
            texts = opened.texts
            hits = [k for k, text in enumerate(texts) if first in text]
            for term in rest:
                hits = [k for k in hits if term in texts[k]]
            found += [key for k in hits if (key := keys[k * KEY_CHARS : (k + 1) * KEY_CHARS])[ID_AT:] not in gone]
    return Matches(found, complete=True)


@sensitive_variables()
def unchunked_fill(*, batch: int = 1000) -> int:
    """Put entries that have no chunk yet into one, and rewrite chunks written without order keys
    (`manage.py housekeeping`). Returns how many entries it put in a chunk.

    A locked journal is passed over (only its owner's passphrase opens it); its next unlocked
    request does its share (`owner_catch_up`), and search reads its entries one by one meanwhile.
    """
    done = 0
    rings: dict[str, UserKeyring | None] = {}
    owners = Entry.objects.filter(search_chunk__isnull=True).values_list("owner_id", flat=True).distinct()
    for owner_id in list(owners):
        ring = _ring_if_open(owner_id, rings)
        if ring is not None:
            done += _owner_fill(owner_id, ring, batch=batch)
    chunks_upgrade(rings=rings)
    return done


@sensitive_variables()
def _owner_fill(owner_id: Any, ring: UserKeyring, *, batch: int, batches: int | None = None) -> int:
    done = 0
    while batches is None or done < batch * batches:
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


def chunks_upgrade(*, rings: dict[str, UserKeyring | None] | None = None) -> int:
    """Rewrite older chunks: format 1 with their entries' order keys, format 2 composed (locked
    journals wait, as above). Returns how many."""
    rings = {} if rings is None else rings
    done = 0
    for owner_id in list(SearchChunk.objects.filter(format__lt=FORMAT).values_list("owner_id", flat=True).distinct()):
        ring = _ring_if_open(owner_id, rings)
        if ring is not None:
            done += _owner_upgrade(owner_id, ring)
    return done


def _owner_upgrade(owner_id: Any, ring: UserKeyring, *, most: int | None = None) -> int:
    done = 0
    older = SearchChunk.objects.filter(owner_id=owner_id, format__lt=FORMAT)
    for chunk_id in list(older.values_list("pk", flat=True)[:most]):
        with transaction.atomic():
            chunk = SearchChunk.objects.select_for_update().filter(pk=chunk_id, format__lt=FORMAT).first()
            if chunk is not None:
                opened = _open(ring, chunk.pk, chunk.text)
                _seal(ring, chunk, opened.key_list, opened.texts)
                done += 1
    return done


# --- A locked journal's share of housekeeping, on its owner's own request --------------------------


def owner_needs_catch_up(owner_id: Any) -> bool:
    """Whether housekeeping left something of this person's search for them (two indexed lookups)."""
    return (
        Entry.objects.filter(owner_id=owner_id, search_chunk__isnull=True).exists()
        or SearchChunk.objects.filter(owner_id=owner_id, format__lt=FORMAT).exists()
    )


def owner_catch_up(*, owner_id: Any, ring: UserKeyring, entries: int = 500, chunks: int = 10) -> int:
    """Some of what housekeeping passed over, a bounded amount per request so no request waits
    long: up to `entries` unchunked entries into chunks, up to `chunks` old chunks rewritten."""
    return _owner_fill(owner_id, ring, batch=entries, batches=1) + _owner_upgrade(owner_id, ring, most=chunks)

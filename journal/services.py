"""Writing to the journal: create, update (with conflict detection), trash, restore, empty."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from config.sqlite_files import deleted_rows_flush, deleted_rows_flush_no_wait
from journal import search_index
from journal.keyring import UserKeyring, user_keyring
from journal.models import Entry, Tag

ENTRY = "journal.Entry"
TAG = "journal.Tag"
MAX_BODY_CHARS = 100_000
MAX_TITLE_CHARS = 200
MAX_TAGS = 20
MAX_TAG_CHARS = 40
TRASH_DAYS = 30
_SPACES = re.compile(r"\s+")


class EntryConflict(Exception):
    """The entry changed since the editor loaded it; nothing was written."""

    def __init__(self, current: Entry | None, *, trashed: Entry | None = None) -> None:
        super().__init__("The entry has a newer version.")
        self.current = current
        # Moved to the trash meanwhile (current is None): the words can still be kept with it.
        self.trashed = trashed


@dataclass(frozen=True)
class EntryContent:
    title: str
    body: str
    written_on: date
    mood: int | None = None
    urge: int | None = None
    tags: Sequence[str] = ()
    kind: str = Entry.Kind.FREE
    # The person chose to note a setback on this day. Kept inside the encrypted feelings, never as
    # a column of its own: a plain flag beside a date would tell anyone holding the database.
    setback: bool = False

    @classmethod
    def from_fields(cls, data: Mapping[str, Any]) -> EntryContent:
        """From a form's cleaned data or an imported record, which name the same fields."""
        return cls(**{field.name: data[field.name] for field in dataclass_fields(cls)})


def tag_names_clean(names: Iterable[str]) -> list[str]:
    """Trim, collapse spaces, drop repeats (ignoring case); the person's spelling, accents composed."""
    seen: dict[str, str] = {}
    for raw in names:
        name = _SPACES.sub(" ", search_index.composed(raw)).strip()[:MAX_TAG_CHARS]
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())[:MAX_TAGS]


def tag_digest(ring: UserKeyring, name: str) -> str:
    return ring.blind_index(name.casefold(), purpose="journal.tag")


def mood_digest(ring: UserKeyring, mood: int | None) -> str:
    return "" if mood is None else ring.blind_index(str(mood), purpose="journal.mood")


@sensitive_variables()
def _tags_by_digest(*, owner: User, ring: UserKeyring, wanted: dict[str, str]) -> dict[str, Tag]:
    """The person's tags for these digests (digest -> name), creating the ones they don't have yet."""
    digests = list(wanted)
    existing: dict[str, Tag] = {}
    # In slices: an import can name thousands of tags, more than SQLite takes in one IN list.
    for start in range(0, len(digests), 500):
        found = Tag.objects.filter(owner=owner, digest__in=digests[start : start + 500])
        existing.update((tag.digest, tag) for tag in found)
    new = [Tag(id=uuid.uuid4(), owner=owner, digest=d) for d in digests if d not in existing]
    for tag in new:
        tag.name = ring.encrypt(wanted[tag.digest], model=TAG, field="name", record_id=tag.id)
        existing[tag.digest] = tag
    Tag.objects.bulk_create(new, batch_size=500)
    return existing


@sensitive_variables()
def _tags_for(*, owner: User, ring: UserKeyring, names: Sequence[str]) -> list[Tag]:
    wanted = {tag_digest(ring, name): name for name in tag_names_clean(names)}
    existing = _tags_by_digest(owner=owner, ring=ring, wanted=wanted)
    return [existing[d] for d in wanted]


@sensitive_variables()
def _encrypted_fields(*, ring: UserKeyring, entry_id: uuid.UUID, content: EntryContent) -> dict[str, Any]:
    # The setback is 0 or 1 on every entry, so the ciphertext is the same length either way.
    feelings = json.dumps({"mood": content.mood, "urge": content.urge, "setback": int(content.setback)})
    return {
        "title": ring.encrypt(content.title, model=ENTRY, field="title", record_id=entry_id),
        "body": ring.encrypt(content.body, model=ENTRY, field="body", record_id=entry_id),
        "feelings": ring.encrypt(feelings, model=ENTRY, field="feelings", record_id=entry_id),
        "mood_index": mood_digest(ring, content.mood),
    }


@sensitive_variables()
@transaction.atomic
def entry_create(
    *,
    author: User,
    body: str,
    title: str = "",
    kind: str = Entry.Kind.FREE,
    written_on: date | None = None,
    mood: int | None = None,
    urge: int | None = None,
    tags: Sequence[str] = (),
    setback: bool = False,
    is_draft: bool = False,
    entry_id: uuid.UUID | None = None,
    source_id: uuid.UUID | None = None,
    created_at: datetime | None = None,
    page: uuid.UUID | None = None,
) -> Entry:
    """Write a new entry. Prompts and safety call this too (kind=REFLECTION / COPING).

    `page`: the editor page writing it (Entry.made_by_page), kept on the row it inserts."""
    ring = user_keyring(author)
    content = EntryContent(
        title=title,
        body=body,
        written_on=written_on or timezone.localdate(),
        mood=mood,
        urge=urge,
        tags=tags,
        kind=kind,
        setback=setback,
    )
    entry = _new_entry(
        author=author,
        ring=ring,
        entry_id=entry_id or uuid.uuid4(),
        content=content,
        is_draft=is_draft,
        source_id=source_id,
        created_at=created_at,
        page=page,
    )
    entry.save(force_insert=True)
    entry.tags.set(_tags_for(owner=author, ring=ring, names=tags))
    search_index.entries_add(owner_id=author.pk, ring=ring, texts=[(entry.pk, search_index.folded(title, body))])
    return entry


@sensitive_variables()
def _new_entry(
    *,
    author: User,
    ring: UserKeyring,
    entry_id: uuid.UUID,
    content: EntryContent,
    is_draft: bool,
    source_id: uuid.UUID | None,
    created_at: datetime | None,
    trashed: bool = False,
    starred_at: datetime | None = None,
    page: uuid.UUID | None = None,
    updated_at: datetime | None = None,
) -> Entry:
    now = timezone.now()
    return Entry(
        id=entry_id,
        owner=author,
        kind=content.kind,
        written_on=content.written_on,
        is_draft=is_draft,
        source_id=source_id,
        created_at=created_at or now,
        # Not after now: a file's clock may run ahead, and a copy shared then read as from before it.
        updated_at=min(updated_at, now) if updated_at else now,
        trashed_at=now if trashed else None,
        starred_at=starred_at,
        made_by_page=page,
        **_encrypted_fields(ring=ring, entry_id=entry_id, content=content),
    )


@dataclass(frozen=True)
class ImportedEntry:
    """An entry from an export: its words, and the id and state it had there."""

    content: EntryContent
    source_id: uuid.UUID
    is_draft: bool = False
    created_at: datetime | None = None
    updated_at: datetime | None = None
    in_trash: bool = False
    starred_at: datetime | None = None


@sensitive_variables()
@transaction.atomic
def entries_import(*, author: User, entries: Sequence[ImportedEntry]) -> None:
    """Write many entries in a few queries per batch rather than several per entry, so years of
    writing come back within one request."""
    ring = user_keyring(author)
    names = [tag_names_clean(item.content.tags) for item in entries]
    wanted = {tag_digest(ring, name): name for item_names in names for name in item_names}
    tags = _tags_by_digest(owner=author, ring=ring, wanted=wanted)
    rows: list[Entry] = []
    links = []
    for item, item_names in zip(entries, names, strict=True):
        entry = _new_entry(
            author=author,
            ring=ring,
            entry_id=uuid.uuid4(),
            content=item.content,
            is_draft=item.is_draft,
            source_id=item.source_id,
            created_at=item.created_at,
            updated_at=item.updated_at,
            trashed=item.in_trash,
            starred_at=item.starred_at,
        )
        rows.append(entry)
        links += [Entry.tags.through(entry_id=entry.id, tag_id=tags[tag_digest(ring, n)].id) for n in item_names]
    Entry.objects.bulk_create(rows, batch_size=500)
    Entry.tags.through.objects.bulk_create(links, batch_size=1000)
    texts = [
        (row.pk, search_index.folded(item.content.title, item.content.body))
        for row, item in zip(rows, entries, strict=True)
    ]
    search_index.entries_add(owner_id=author.pk, ring=ring, texts=texts)


@sensitive_variables()
@transaction.atomic
def entry_update(
    *,
    entry: Entry,
    expected_version: int,
    content: EntryContent,
    is_draft: bool = False,
    page: uuid.UUID | None = None,
) -> Entry:
    """Save new text over `expected_version`. Raises EntryConflict when someone saved in between.

    The UPDATE carries the version in its WHERE clause, so of two saves racing from the same
    version exactly one lands and the other is told; nothing is silently overwritten. `page` is
    the editor page saving (Entry.made_by_page), written with the new version in the same UPDATE;
    any other writer leaves it empty, so the new version is nobody's page's own. Words that change
    nothing make no version, and leave the page that made the current one as it was.
    """
    ring = user_keyring(entry.owner)
    entry.refresh_from_db()
    if entry.trashed_at is None and _same_content(ring=ring, entry=entry, content=content):
        # Nothing changed, so nothing is written: the entry keeps its last-changed time and
        # version, and a therapist's copy of it is not called older than it is. From an older
        # version too: the words are already there and nobody's are at stake, so it is no
        # conflict. A Save whose answer the connection dropped sends them again (the editor's
        # next try), and was told "This entry changed in another tab or device" of its own words.
        if entry.is_draft == is_draft:
            return entry
        # The same words, only published now: nothing of anyone's to keep beside them.
        expected_version = entry.version
    now = timezone.now()
    changed = Entry.objects.filter(
        pk=entry.pk, owner_id=entry.owner_id, version=expected_version, trashed_at__isnull=True
    ).update(
        written_on=content.written_on,
        kind=content.kind,
        is_draft=is_draft,
        updated_at=now,
        version=F("version") + 1,
        made_by_page=page,
        **_encrypted_fields(ring=ring, entry_id=entry.pk, content=content),
    )
    if not changed:
        raise EntryConflict(Entry.objects.filter(pk=entry.pk, owner_id=entry.owner_id).first())
    entry.refresh_from_db()
    entry.tags.set(_tags_for(owner=entry.owner, ring=ring, names=content.tags))
    search_index.entry_replace(entry=entry, ring=ring, text=search_index.folded(content.title, content.body))
    return entry


@sensitive_variables()
def _same_content(*, ring: UserKeyring, entry: Entry, content: EntryContent) -> bool:
    """Whether saving `content` would leave the entry as it is. The cheap columns go first; the
    three decryptions cost microseconds, far less than the write and re-index they save."""
    if (entry.written_on, entry.kind) != (content.written_on, content.kind):
        return False
    if ring.decrypt(entry.body, model=ENTRY, field="body", record_id=entry.pk) != content.body:
        return False
    if ring.decrypt(entry.title, model=ENTRY, field="title", record_id=entry.pk) != content.title:
        return False
    feelings = json.loads(ring.decrypt(entry.feelings, model=ENTRY, field="feelings", record_id=entry.pk))
    stored = (feelings.get("mood"), feelings.get("urge"), bool(feelings.get("setback", 0)))
    if stored != (content.mood, content.urge, bool(content.setback)):
        return False
    wanted = {tag_digest(ring, name) for name in tag_names_clean(content.tags)}
    return wanted == set(entry.tags.values_list("digest", flat=True))


# Apps above the journal act when an entry goes to the trash (care ends its shares) and say so
# beforehand. The journal cannot import them, so they sign up here from their AppConfig.ready.
entry_trashed = Signal()  # sent with entry=, inside the trash's transaction
_trash_consequences: list[Callable[[Entry], list[str]]] = []


def trash_consequence_register(provider: Callable[[Entry], list[str]]) -> None:
    """`provider(entry)` returns sentences telling the person what else trashing this entry does."""
    if provider not in _trash_consequences:
        _trash_consequences.append(provider)


def trash_consequences(*, entry: Entry) -> list[str]:
    return [sentence for provider in _trash_consequences for sentence in provider(entry)]


@transaction.atomic
def entry_trash(*, entry: Entry) -> Entry:
    entry.trashed_at = timezone.now()
    entry.save(update_fields=["trashed_at"])
    entry_trashed.send(sender=Entry, entry=entry)
    return entry


def entry_restore(*, entry: Entry) -> Entry:
    entry.trashed_at = None
    entry.save(update_fields=["trashed_at"])
    return entry


def trash_empty(*, owner: User | None = None, older_than: timedelta | None = None) -> int:
    """Delete trashed entries for good: one person's on request, or everyone's past the 30 days."""
    queryset = Entry.objects.filter(trashed_at__isnull=False)
    if owner is not None:
        queryset = queryset.filter(owner=owner)
    if older_than is not None:
        queryset = queryset.filter(trashed_at__lt=timezone.now() - older_than)
    with transaction.atomic():
        rows = list(queryset.values_list("pk", "owner_id", "search_chunk"))
        ids = [pk for pk, _owner, _chunk in rows]
        # Their words leave the search chunks too: deleted means gone from everywhere.
        search_index.entries_forget(entries=rows)
        Entry.objects.filter(pk__in=ids).delete()
        _tags_unused_delete(owner=owner)
    return len(ids)


def trash_empty_for(*, owner: User) -> int:
    """A person emptying their own trash: then out of SQLite's files too, as far as one checkpoint
    goes without making them wait (config/sqlite_files.py); a later flush or SQLite's own checkpoint
    does the rest."""
    count = trash_empty(owner=owner)
    if count:
        transaction.on_commit(deleted_rows_flush_no_wait)
    return count


def trash_expiry() -> datetime:
    """Entries put in the trash before this are past their 30 days: gone, as far as anyone can see."""
    return timezone.now() - timedelta(days=TRASH_DAYS)


def trash_empty_expired(*, owner: User | None = None) -> int:
    """Delete what has been in the trash past its 30 days (`manage.py housekeeping`, hourly)."""
    older_than = timedelta(days=TRASH_DAYS)
    expired = Entry.objects.filter(trashed_at__lt=timezone.now() - older_than)
    if owner is not None:
        expired = expired.filter(owner=owner)
    if not expired.exists():
        return 0
    count = trash_empty(owner=owner, older_than=older_than)
    if count:
        # Their ciphertext's data keys are still alive, so the old pages and the log's earlier
        # frames could be read with them: out of SQLite's files once committed. Off the request
        # path, so this one may wait for readers.
        transaction.on_commit(deleted_rows_flush)
    return count


def _tags_unused_delete(*, owner: User | None) -> None:
    queryset = Tag.objects.filter(entries__isnull=True)
    if owner is not None:
        queryset = queryset.filter(owner=owner)
    Tag.objects.filter(pk__in=list(queryset.values_list("pk", flat=True))).delete()

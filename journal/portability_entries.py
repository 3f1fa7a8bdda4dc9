"""The journal's own section of an export: every entry, trashed ones included."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

import yaml
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from config.markdown import markdown_escape
from journal import selectors
from journal.export_sections import (
    ExportScope,
    ExportSection,
    ImportProblem,
    SectionResult,
    as_bool,
    as_date,
    as_dict,
    as_list,
    as_moment,
    as_optional_int,
    as_str,
    expect,
)
from journal.forms import written_on_allowed
from journal.models import Entry
from journal.services import (
    MAX_BODY_CHARS,
    MAX_TAG_CHARS,
    MAX_TAGS,
    MAX_TITLE_CHARS,
    EntryContent,
    ImportedEntry,
    entries_import,
)

KEY = "entries"
# Far beyond ten years of daily writing; a file with more is not one of ours.
MAX_ENTRIES = 50_000


def _entries_for_import_exist(*, owner: User, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these ids the person already has, as an entry's own id or the id it was imported from."""
    wanted = set(ids)
    # One pass over the person's ids rather than an IN list, which SQLite caps at a few thousand.
    known = Entry.objects.filter(owner=owner).values_list("pk", "source_id")
    return {i for pair in known.iterator() for i in pair if i in wanted}


@sensitive_variables()
def _dump(scope: ExportScope) -> list[dict[str, Any]]:
    return [
        {
            "id": str(view.entry.source_id or view.entry.id),  # see selectors.entry_export_ids
            "title": view.title,
            "body": view.body,
            "kind": view.entry.kind,
            "written_on": view.entry.written_on.isoformat(),
            "mood": view.mood,
            "urge": view.urge,
            "tags": view.tags,
            "setback": view.setback,
            "draft": view.entry.is_draft,
            "starred_at": view.entry.starred_at.isoformat() if view.entry.starred_at else None,
            "in_trash": view.entry.trashed_at is not None,
            "created_at": view.entry.created_at.isoformat(),
            "updated_at": view.entry.updated_at.isoformat(),
        }
        for view in selectors.all_entries(user=scope.user)
    ]


@sensitive_variables()
def _front_matter(front: dict[str, Any]) -> str:
    """libyaml's emitter (the pure-Python one took most of an export's time) writes an emoji in a
    title or tag as "\\U0001F331", even with allow_unicode: someone opening the file would read
    that instead of their 🌱. The pure-Python one writes the emoji itself, so it writes those few."""
    words = (front["title"], *front["tags"])
    beyond_libyaml = any(ord(character) > 0xFFFF for word in words for character in word)
    dumper = yaml.SafeDumper if beyond_libyaml else yaml.CSafeDumper
    return yaml.dump(front, Dumper=dumper, allow_unicode=True, sort_keys=False)


@sensitive_variables()
def _markdown(records: list[dict[str, Any]]) -> dict[str, str]:
    files = {}
    for record in records:
        front = {k: record[k] for k in ("title", "written_on", "kind", "mood", "urge", "tags", "id", "draft")}
        # Only where the person chose them, as on the page: most entries carry neither.
        if record["setback"]:
            front["setback"] = True
        if record["starred_at"]:
            front["starred"] = True
        # The trash comes along too (the JSON says so for importing): reading the files, a person
        # can tell an entry they had put there from the rest.
        if record["in_trash"]:
            front["in_trash"] = True
        head = _front_matter(front)
        # The body is the person's plain text, escaped so a Markdown reader shows it as written
        # ("#1 reason" is not a heading); the front matter is YAML, which yaml.dump quotes itself.
        text = "---\n" + head + "---\n\n" + markdown_escape(record["body"]) + "\n"
        files[f"entries/{record['written_on']}-{record['id'][:8]}.md"] = text
    return files


def as_day_written(value: Any) -> date:
    """An entry's day from the file, refused with a word why when the editor would refuse it. Kept
    words (journal/portability_kept.py) are checked the same way: choosing them sets the entry's day."""
    written_on = as_date(value)
    if not written_on_allowed(written_on):
        raise ImportProblem(
            _(
                "An entry in this file is dated %(day)s. Entries can be about any day from 1900 up to today, "
                "so nothing was imported. You could change that date in the file and try again."
            )
            % {"day": written_on.isoformat()}
        )
    return written_on


@sensitive_variables()
def _parse_entry(raw: Any) -> dict[str, Any]:
    record = as_dict(raw)
    written_on = as_day_written(record["written_on"])
    kind = record.get("kind", Entry.Kind.FREE)
    expect(kind in Entry.Kind.values)
    created, updated = record.get("created_at"), record.get("updated_at")
    starred = record.get("starred_at")
    return {
        "id": uuid.UUID(as_str(record["id"], limit=36)),
        "title": as_str(record.get("title", ""), limit=MAX_TITLE_CHARS),
        "body": as_str(record.get("body", ""), limit=MAX_BODY_CHARS),
        "kind": kind,
        "written_on": written_on,
        "mood": as_optional_int(record.get("mood"), 1, 5),
        "urge": as_optional_int(record.get("urge"), 0, 10),
        "tags": [as_str(t, limit=MAX_TAG_CHARS) for t in as_list(record.get("tags", []), limit=MAX_TAGS)],
        # Both are newer than the first exports: a file without them imports as it always did.
        "setback": as_bool(record.get("setback", False)),
        "starred_at": None if starred is None else as_moment(starred),
        "draft": as_bool(record.get("draft", False)),
        "in_trash": as_bool(record.get("in_trash", False)),
        "created_at": None if created is None else as_moment(created),
        # When it was last saved there: an import is not a save (the kept words' "Saved on" said the import's time).
        "updated_at": None if updated is None else as_moment(updated),
    }


@sensitive_variables()
def _parse(data: Any) -> list[dict[str, Any]]:
    return [_parse_entry(raw) for raw in as_list(data, limit=MAX_ENTRIES)]


@sensitive_variables()
def _write(user: User, records: list[dict[str, Any]]) -> SectionResult:
    """Entries already here (by their id, or the id they were imported from) are left as they are."""
    known = _entries_for_import_exist(owner=user, ids=[r["id"] for r in records])
    new: list[ImportedEntry] = []
    for record in records:
        if record["id"] in known:
            continue
        known.add(record["id"])
        new.append(
            ImportedEntry(
                content=EntryContent.from_fields(record),
                source_id=record["id"],
                is_draft=record["draft"],
                created_at=record["created_at"],
                updated_at=record["updated_at"],
                in_trash=record["in_trash"],
                starred_at=record["starred_at"],
            )
        )
    entries_import(author=user, entries=new)
    return SectionResult(
        added=len(new), already_here=len(records) - len(new), to_trash=sum(1 for item in new if item.in_trash)
    )


def _describe(count: int) -> str:
    return ngettext("%(count)s journal entry", "%(count)s journal entries", count) % {"count": count}


def _contents(user: User) -> str:
    # Entries in the trash come along (they are the person's until the trash is emptied): say so.
    counts = Entry.objects.filter(owner=user).aggregate(
        every=Count("id"), trashed=Count("id", filter=Q(trashed_at__isnull=False))
    )
    if not counts["trashed"]:
        return _describe(counts["every"]) if counts["every"] else ""
    trashed = ngettext("%(count)s of them in the trash", "%(count)s of them in the trash", counts["trashed"]) % {
        "count": counts["trashed"]
    }
    return _("%(entries)s (%(trashed)s)") % {"entries": _describe(counts["every"]), "trashed": trashed}


ENTRIES = ExportSection(
    key=KEY,
    name=gettext_lazy("your journal entries"),
    dump=_dump,
    markdown=_markdown,
    parse=_parse,
    write=_write,
    describe=_describe,
    count=lambda user: Entry.objects.filter(owner=user).count(),
    contents=_contents,
)

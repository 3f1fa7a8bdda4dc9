"""Taking the journal along: a ZIP export (Markdown per entry + versioned JSON) and its import."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from journal import selectors
from journal.models import Entry
from journal.services import (
    MAX_BODY_CHARS,
    MAX_TAG_CHARS,
    MAX_TAGS,
    MAX_TITLE_CHARS,
    entries_for_import_exist,
    entry_create,
)

SCHEMA = "waypoint.journal"
SCHEMA_VERSION = 1
JSON_NAME = "waypoint-journal.json"
MAX_ARCHIVE_BYTES = 100 * 1024 * 1024


class ImportProblem(Exception):
    """The file cannot be imported; the message is shown to the person as is."""


@sensitive_variables()
def export_archive(*, user: User) -> bytes:
    views = selectors.all_entries(user=user)
    records: list[dict[str, Any]] = [
        {
            "id": str(view.entry.id),
            "title": view.title,
            "body": view.body,
            "kind": view.entry.kind,
            "written_on": view.entry.written_on.isoformat(),
            "mood": view.mood,
            "urge": view.urge,
            "tags": view.tags,
            "draft": view.entry.is_draft,
            "in_trash": view.entry.trashed_at is not None,
            "created_at": view.entry.created_at.isoformat(),
            "updated_at": view.entry.updated_at.isoformat(),
        }
        for view in views
    ]
    document = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "exported_at": timezone.now().isoformat(),
        "entries": records,
    }
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(JSON_NAME, json.dumps(document, ensure_ascii=False, indent=2))
        for record in records:
            front = {k: record[k] for k in ("title", "written_on", "kind", "mood", "urge", "tags", "id", "draft")}
            markdown = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n"
            markdown += str(record["body"]) + "\n"
            zf.writestr(f"entries/{record['written_on']}-{record['id'][:8]}.md", markdown)
    return archive.getvalue()


@dataclass
class ImportResult:
    created: int
    skipped: int


def _read_document(raw: bytes) -> dict[str, Any]:
    if len(raw) > MAX_ARCHIVE_BYTES:
        raise ImportProblem(_("That file is larger than any Waypoint export we know of."))
    if zipfile.is_zipfile(io.BytesIO(raw)):
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            try:
                info = zf.getinfo(JSON_NAME)
            except KeyError:
                raise ImportProblem(_("That ZIP file has no %(name)s inside.") % {"name": JSON_NAME}) from None
            if info.file_size > MAX_ARCHIVE_BYTES * 4:
                raise ImportProblem(_("That file is larger than any Waypoint export we know of."))
            raw = zf.read(info)
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ImportProblem(_("That doesn't look like a Waypoint export. It could be a different file.")) from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise ImportProblem(_("That doesn't look like a Waypoint export. It could be a different file."))
    if document.get("schema_version") != SCHEMA_VERSION:
        raise ImportProblem(_("This export comes from a different version of Waypoint, which this one can't read."))
    if not isinstance(document.get("entries"), list):
        raise ImportProblem(_("That doesn't look like a Waypoint export. It could be a different file."))
    return document


def _optional_int(value: Any, low: int, high: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    raise ValueError


def _clean_record(record: Any) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise ValueError
    title, body, tags = record.get("title", ""), record.get("body", ""), record.get("tags", [])
    if not isinstance(title, str) or not isinstance(body, str) or len(body) > MAX_BODY_CHARS:
        raise ValueError
    if not isinstance(tags, list) or len(tags) > MAX_TAGS or not all(isinstance(t, str) for t in tags):
        raise ValueError
    kind = record.get("kind", Entry.Kind.FREE)
    if kind not in Entry.Kind.values:
        raise ValueError
    created = record.get("created_at")
    return {
        "id": uuid.UUID(str(record["id"])),
        "title": title[:MAX_TITLE_CHARS],
        "body": body,
        "kind": kind,
        "written_on": date.fromisoformat(str(record["written_on"])),
        "mood": _optional_int(record.get("mood"), 1, 5),
        "urge": _optional_int(record.get("urge"), 0, 10),
        "tags": [t[:MAX_TAG_CHARS] for t in tags],
        "draft": bool(record.get("draft", False)),
        "in_trash": bool(record.get("in_trash", False)),
        "created_at": _aware(datetime.fromisoformat(created)) if isinstance(created, str) else None,
    }


def _aware(moment: datetime) -> datetime:
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


@sensitive_variables()
def import_archive(*, user: User, raw: bytes) -> ImportResult:
    """Add the entries of one of our exports. Entries already here (by their id) are skipped,
    so importing the same file twice adds nothing."""
    document = _read_document(raw)
    try:
        records = [_clean_record(r) for r in document["entries"]]
    except (KeyError, ValueError, TypeError):
        raise ImportProblem(_("Part of this export can't be read, so nothing was imported.")) from None
    existing = entries_for_import_exist(owner=user, ids=[r["id"] for r in records])
    created = 0
    with transaction.atomic():
        for record in records:
            if record["id"] in existing:
                continue
            existing.add(record["id"])
            entry = entry_create(
                author=user,
                title=record["title"],
                body=record["body"],
                kind=record["kind"],
                written_on=record["written_on"],
                mood=record["mood"],
                urge=record["urge"],
                tags=record["tags"],
                is_draft=record["draft"],
                source_id=record["id"],
                created_at=record["created_at"],
            )
            if record["in_trash"]:
                Entry.objects.filter(pk=entry.pk).update(trashed_at=timezone.now())
            created += 1
    return ImportResult(created=created, skipped=len(records) - created)

"""Words kept from another tab (journal/kept_words.py) in an export, and back again on import.

They are the person's words as much as an entry is, and waiting for a choice only they can make:
an export without them, followed by deleting the account, lost them without a word. So they go
in the JSON to import, and in Markdown files that say plainly what they are.
"""

from __future__ import annotations

import uuid
from typing import Any

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from config.markdown import markdown_escape
from journal import kept_words
from journal.export_sections import (
    ExportScope,
    ExportSection,
    SectionResult,
    as_bool,
    as_dict,
    as_list,
    as_moment,
    as_optional_int,
    as_str,
    expect,
    unreadable,
)
from journal.models import Entry, KeptWords
from journal.portability_entries import as_day_written
from journal.selectors import entry_ids_by_export_id
from journal.services import MAX_BODY_CHARS, MAX_TAG_CHARS, MAX_TAGS, MAX_TITLE_CHARS, EntryContent

KEY = "kept_words"
# Each is one tab's words for one entry; a file with more than this is not one of ours.
MAX_KEPT = 50_000


@sensitive_variables()
def _dump(scope: ExportScope) -> list[dict[str, Any]] | None:
    export_ids = scope.entry_ids
    rows = KeptWords.objects.filter(owner=scope.user).select_related("entry").order_by("kept_at")
    records = []
    for row in rows:
        # The keyring is cached on the user object: each row's own copy of the owner would open
        # the person's keys again, a query per row.
        row.owner = scope.user
        content = kept_words.kept_words_open(row).content
        records.append(
            {
                # The entry's id in the export (see journal.selectors.entry_export_ids).
                "entry_id": str(export_ids.get(row.entry_id, row.entry_id)),
                "entry_written_on": row.entry.written_on.isoformat(),
                # The tab they came from: importing the same file twice keeps them once.
                "page": str(row.page),
                "kept_at": row.kept_at.isoformat(),
                **kept_words.content_fields(content),
            }
        )
    return records or None


@sensitive_variables()
def _markdown(records: list[dict[str, Any]]) -> dict[str, str]:
    files = {}
    for record in records:
        # The entry's own file, named as journal/portability_entries.py names it.
        entry_file = f"entries/{record['entry_written_on']}-{record['entry_id'][:8]}.md"
        front = {
            "kept_from_another_tab": True,
            "not_chosen_yet": True,
            "entry": entry_file,
            "kept_at": record["kept_at"],
            **{k: record[k] for k in ("title", "written_on", "kind", "mood", "urge", "tags")},
        }
        if record["setback"]:
            front["setback"] = True
        head = yaml.dump(front, Dumper=yaml.SafeDumper, allow_unicode=True, sort_keys=False)
        label = _(
            "Words kept from another tab, not chosen about yet. They were written while this entry changed "
            "somewhere else. The entry as it was saved is in %(file)s."
        ) % {"file": entry_file}
        text = "---\n" + head + "---\n\n> " + label + "\n\n" + markdown_escape(record["body"]) + "\n"
        files[f"kept-words/{record['entry_written_on']}-{record['entry_id'][:8]}-{record['page'][:8]}.md"] = text
    return files


@sensitive_variables()
def _parse_one(raw: Any) -> kept_words.ImportedKept:
    record = as_dict(raw)
    kind = record.get("kind", Entry.Kind.FREE)
    expect(kind in Entry.Kind.values)
    content = EntryContent(
        title=as_str(record.get("title", ""), limit=MAX_TITLE_CHARS),
        body=as_str(record.get("body", ""), limit=MAX_BODY_CHARS),
        written_on=as_day_written(record["written_on"]),
        kind=kind,
        mood=as_optional_int(record.get("mood"), 1, 5),
        urge=as_optional_int(record.get("urge"), 0, 10),
        tags=[as_str(t, limit=MAX_TAG_CHARS) for t in as_list(record.get("tags", []), limit=MAX_TAGS)],
        setback=as_bool(record.get("setback", False)),
    )
    return kept_words.ImportedKept(
        entry_id=uuid.UUID(as_str(record["entry_id"], limit=36)),
        page=uuid.UUID(as_str(record["page"], limit=36)),
        kept_at=as_moment(record["kept_at"]),
        content=content,
    )


@sensitive_variables()
def _parse(data: Any) -> list[kept_words.ImportedKept]:
    return [_parse_one(raw) for raw in as_list(data, limit=MAX_KEPT)]


@sensitive_variables()
def _write(user: User, records: list[kept_words.ImportedKept]) -> SectionResult:
    # The entries section comes first, so every entry these belong to is here by now.
    entry_ids = entry_ids_by_export_id(user=user)
    if any(record.entry_id not in entry_ids for record in records):
        # Words kept beside an entry the file does not hold: a file changed by hand. Nothing is
        # written rather than words set down with nothing to compare them to.
        raise unreadable(KEPT_WORDS)
    added = kept_words.kept_words_import(owner=user, records=records, entry_ids=entry_ids)
    return SectionResult(added=added, already_here=len(records) - added)


def _describe(count: int) -> str:
    return ngettext("words kept from %(count)s other tab", "words kept from %(count)s other tabs", count) % {
        "count": count
    }


def _contents(user: User) -> str:
    count = KeptWords.objects.filter(owner=user).count()
    if not count:
        return ""
    # Said in full on the export page: these are words the person has not chosen about yet.
    return ngettext(
        "Words kept from %(count)s other tab, which you haven't chosen about yet",
        "Words kept from %(count)s other tabs, which you haven't chosen about yet",
        count,
    ) % {"count": count}


KEPT_WORDS = ExportSection(
    key=KEY,
    name=gettext_lazy("your words kept from another tab"),
    dump=_dump,
    markdown=_markdown,
    parse=_parse,
    write=_write,
    describe=_describe,
    count=lambda user: KeptWords.objects.filter(owner=user).count(),
    contents=_contents,
)

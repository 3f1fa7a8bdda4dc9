"""Small victories in an export, and back again on import.

Registered in ProgressConfig.ready(); the journal's export walks the list without knowing of it.
The journal's section comes first, so on import the entries a victory was marked on are already
here to link to again.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.debug import sensitive_variables

from config.markdown import markdown_escape
from journal.export_sections import ExportScope, ExportSection, as_date, as_dict, as_list, as_moment, as_str, expect
from journal.forms import EARLIEST_DATE
from progress import selectors, services
from progress.models import Victory, VictoryKind

MAX_VICTORIES = 100_000


@sensitive_variables()
def _dump(scope: ExportScope) -> list[dict[str, Any]] | None:
    export_ids = scope.entry_ids
    records = [
        {
            "kind": victory.kind,
            "about_on": victory.about_on.isoformat(),
            "created_at": victory.created_at.isoformat(),
            "note": victory.note,
            "entry_id": str(export_ids.get(victory.marked_entry_id, victory.marked_entry_id))
            if victory.marked_entry_id
            else None,
        }
        # Oldest first, as a record reads.
        for victory in reversed(selectors.victories_for(owner=scope.user))
    ]
    return records or None


@sensitive_variables()
def _markdown(records: list[dict[str, Any]]) -> dict[str, str]:
    labels = dict(VictoryKind.choices)
    lines = ["# " + _("Small victories"), ""]
    for record in reversed(records):  # newest first, as on the page
        line = f"- {record['about_on']}: {labels.get(record['kind'], '')}"
        # The note is the person's own words, escaped as the entries' are: "<b>" or "- then" in it
        # was read as HTML or as a list item of its own by a Markdown reader. Its later lines are
        # indented under the item: a note of two paragraphs ended the list after its first, and
        # its second stood apart, belonging to no victory.
        first, *rest = markdown_escape(record["note"]).split("\n")
        note = "\n".join([first, *(f"  {more}" if more else "" for more in rest)])
        lines.append(line + (f". {note}" if record["note"] else ""))
    return {"small-victories.md": "\n".join(lines) + "\n"}


@sensitive_variables()
def _parse(data: Any) -> list[services.ImportedVictory]:
    victories = []
    for raw in as_list(data, limit=MAX_VICTORIES):
        record = as_dict(raw)
        expect(record["kind"] in VictoryKind.values)
        entry_id = record.get("entry_id")
        about_on = as_date(record["about_on"])
        # The journal's earliest day, which victories keep too; a later one is brought to today on write.
        expect(about_on >= EARLIEST_DATE)
        victories.append(
            services.ImportedVictory(
                kind=record["kind"],
                about_on=about_on,
                created_at=as_moment(record["created_at"]),
                note=as_str(record.get("note", ""), limit=services.NOTE_CHARS).strip(),
                entry_id=None if entry_id is None else uuid.UUID(as_str(entry_id, limit=36)),
            )
        )
    return victories


VICTORIES = ExportSection(
    key="small_victories",
    name=gettext_lazy("your small victories"),
    dump=_dump,
    markdown=_markdown,
    parse=_parse,
    write=lambda user, victories: services.victories_import(owner=user, victories=victories),
    describe=lambda n: ngettext("%(count)s small victory", "%(count)s small victories", n) % {"count": n},
    count=lambda user: Victory.objects.filter(owner=user).count(),
)

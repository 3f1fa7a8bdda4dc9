"""Reflections in an export: every run with its answers, finished or not.

Registered in PromptsConfig.ready(). A finished reflection is also a journal entry; its run
travels too, so the answers stay answers (collected sequences list them) after an import.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from config.markdown import markdown_escape
from journal.export_sections import (
    ExportScope,
    ExportSection,
    SectionResult,
    as_dict,
    as_list,
    as_moment,
    as_str,
    expect,
)
from journal.models import Entry
from journal.selectors import entry_ids_by_export_id
from journal.services import MAX_BODY_CHARS, MAX_TITLE_CHARS, entry_create
from prompts import selectors, services
from prompts.definitions import QUESTION_MAX, SequenceDefinition
from prompts.models import Run, SequenceVersion
from prompts.reflection import answered_pairs

MAX_RUNS = 20_000
MAX_STEPS = 200
MAX_CHOICES = 50


@sensitive_variables()
def _dump(scope: ExportScope) -> list[dict[str, Any]] | None:
    runs = Run.objects.filter(owner=scope.user).select_related("version__sequence").order_by("started_at")
    export_ids = scope.entry_ids
    records = []
    for run in runs:
        # Every run is the person's: their one keyring, opened once, instead of once a run from a
        # copy of them loaded with each (a query and an unwrapping of their keys per reflection).
        run.owner = scope.user
        answers = selectors.run_answers(run)
        records.append(
            {
                "id": str(run.id),
                "sequence": run.version.sequence.slug,
                "clinic": run.version.sequence.clinic_key,
                "version": run.version.number,
                "title": run.definition.title,
                "status": run.status,
                "position": run.position,
                "answers": answers,
                # The questions beside the answers, so the words make sense anywhere, even
                # where this reflection isn't in the library.
                "questions_and_answers": [
                    {"question": q, "answer": a} for q, a in answered_pairs(run.definition, answers)
                ],
                "started_at": run.started_at.isoformat(),
                "finished_at": run.finished_at.isoformat() if run.finished_at else None,
                "entry_id": str(export_ids.get(run.entry_id, run.entry_id)) if run.entry_id else None,
            }
        )
    return records or None


def _started_on(record: dict[str, Any]) -> str:
    """The day the reflection was started where the person is (the export runs in their time zone),
    as its journal entry is dated: the UTC day of its start was a day off for half the world."""
    return timezone.localdate(datetime.fromisoformat(record["started_at"])).isoformat()


@sensitive_variables()
def _markdown(records: list[dict[str, Any]]) -> dict[str, str]:
    files = {}
    for record in records:
        state = _("Finished") if record["status"] == Run.Status.FINISHED else _("Not finished yet")
        started_on = _started_on(record)
        lines = ["# " + record["title"], "", f"*{state}, {started_on}*", ""]
        for pair in record["questions_and_answers"]:
            # The answer is the person's own words: escaped, so "- tired" is not a list item.
            lines += ["## " + pair["question"], "", markdown_escape(pair["answer"]), ""]
        # Named like the entries, by date and id only: a file list is seen without opening a file,
        # and a reflection's name ("after a setback") would say what the day was about.
        files[f"reflections/{started_on}-{record['id'][:8]}.md"] = "\n".join(lines)
    return files


@sensitive_variables()
def _answer(value: Any) -> Any:
    if isinstance(value, list):
        return [as_str(choice, limit=MAX_BODY_CHARS) for choice in as_list(value, limit=MAX_CHOICES)]
    if isinstance(value, int) and not isinstance(value, bool):
        expect(0 <= value <= 100)
        return value
    return as_str(value, limit=MAX_BODY_CHARS)


@sensitive_variables()
def _parse_run(raw: Any) -> dict[str, Any]:
    record = as_dict(raw)
    answers = as_dict(record.get("answers", {}))
    expect(len(answers) <= MAX_STEPS and all(key.isdigit() and int(key) < MAX_STEPS for key in answers))
    position = record.get("position", 0)
    expect(isinstance(position, int) and not isinstance(position, bool) and 0 <= position <= MAX_STEPS)
    version = record["version"]
    expect(isinstance(version, int) and not isinstance(version, bool) and version >= 1)
    expect(record["status"] in Run.Status.values)
    pairs = [as_dict(pair) for pair in as_list(record.get("questions_and_answers", []), limit=MAX_STEPS)]
    finished_at, entry_id = record.get("finished_at"), record.get("entry_id")
    return {
        "id": uuid.UUID(as_str(record["id"], limit=36)),
        "sequence": as_str(record["sequence"], limit=60),
        "clinic": as_str(record.get("clinic", ""), limit=64),
        "version": version,
        "title": as_str(record.get("title", ""), limit=MAX_TITLE_CHARS),
        "status": record["status"],
        "position": position,
        "answers": {key: _answer(value) for key, value in answers.items()},
        "pairs": [
            (as_str(p["question"], limit=QUESTION_MAX), as_str(p["answer"], limit=MAX_BODY_CHARS)) for p in pairs
        ],
        "started_at": as_moment(record["started_at"]),
        "finished_at": None if finished_at is None else as_moment(finished_at),
        "entry_id": None if entry_id is None else uuid.UUID(as_str(entry_id, limit=36)),
    }


@sensitive_variables()
def _parse(data: Any) -> list[dict[str, Any]]:
    return [_parse_run(raw) for raw in as_list(data, limit=MAX_RUNS)]


@sensitive_variables()
def _fits(definition: SequenceDefinition, record: dict[str, Any]) -> bool:
    """The answers belong to these very questions (the same version, so they should)."""
    steps = definition.steps
    if record["position"] > len(steps):
        return False
    for key, answer in record["answers"].items():
        index = int(key)
        if index >= len(steps) or not steps[index].takes_answer:
            return False
        kind = steps[index].kind
        if (kind == "scale") != isinstance(answer, int) or (kind == "write" and not isinstance(answer, str)):
            return False
    return True


class _Versions:
    """The sequence versions this person may open, looked up once each."""

    def __init__(self, user: User) -> None:
        self.visible = selectors.sequences_visible_to(user)
        self.found: dict[tuple[str, str, int], SequenceVersion | None] = {}

    def get(self, clinic: str, slug: str, number: int) -> SequenceVersion | None:
        key = (clinic, slug, number)
        if key not in self.found:
            self.found[key] = (
                SequenceVersion.objects.select_related("sequence")
                .filter(sequence__in=self.visible, sequence__clinic_key=clinic, sequence__slug=slug, number=number)
                .first()
            )
        return self.found[key]


@sensitive_variables()
def _keep_words_as_entry(user: User, record: dict[str, Any], known: dict[Any, Any]) -> bool:
    """A reflection whose questions aren't here: its words become a journal entry instead of being left out.
    False when they are already in the journal."""
    if record["id"] in known or (record["entry_id"] is not None and record["entry_id"] in known):
        return False
    finished = record["status"] == Run.Status.FINISHED
    entry = entry_create(
        author=user,
        title=record["title"],
        body="\n\n".join(f"{question}\n{answer}" for question, answer in record["pairs"]),
        kind=Entry.Kind.REFLECTION,
        written_on=timezone.localdate(record["started_at"]),
        is_draft=not finished,
        source_id=record["id"],
        created_at=record["started_at"],
    )
    known[record["id"]] = entry.pk
    return True


@sensitive_variables()
def _write(user: User, records: list[dict[str, Any]]) -> SectionResult:
    """Runs already here (the same version, started at the same moment) are left as they are."""
    versions = _Versions(user)
    entries = entry_ids_by_export_id(user=user)
    have: set[tuple[int, datetime]] = set(Run.objects.filter(owner=user).values_list("version_id", "started_at"))
    added = 0
    for record in records:
        version = versions.get(record["clinic"], record["sequence"], record["version"])
        if version is None or not _fits(version.definition, record):
            added += _keep_words_as_entry(user, record, entries)
            continue
        if (version.pk, record["started_at"]) in have:
            continue
        entry_pk = entries.get(record["entry_id"]) if record["entry_id"] else None
        services.run_import(
            owner=user,
            version=version,
            status=record["status"],
            position=record["position"],
            answers=record["answers"],
            started_at=record["started_at"],
            finished_at=record["finished_at"],
            entry=Entry.objects.filter(pk=entry_pk, owner=user).first() if entry_pk else None,
        )
        have.add((version.pk, record["started_at"]))
        added += 1
    return SectionResult(added=added, already_here=len(records) - added)


REFLECTIONS = ExportSection(
    key="reflections",
    name=gettext_lazy("your reflections"),
    dump=_dump,
    markdown=_markdown,
    parse=_parse,
    write=_write,
    describe=lambda n: ngettext("%(count)s reflection", "%(count)s reflections", n) % {"count": n},
    count=lambda user: Run.objects.filter(owner=user).count(),
)

"""What a sequence is: its steps and links as plain data, no database, and how a stored version is
rebuilt. How a sequence from a file or an upload is checked is in prompts/definition_checks.py.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import yaml

# Also used by what reads a backup's reflections (prompts/portability.py).
QUESTION_MAX = 200


class DefinitionError(ValueError):
    """A sequence that can't be used. Each problem names the file, the step and the field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Link:
    label: str
    to: str


@dataclass(frozen=True)
class Step:
    kind: str
    question: str
    hint: str = ""
    links: tuple[Link, ...] = ()
    low: str = ""
    high: str = ""
    points: int = 5
    options: tuple[str, ...] = ()
    multiple: bool = False
    seconds: int = 60
    breathe_in: int = 4
    breathe_out: int = 6
    body: str = ""
    # A safety card: it opens with when to call the emergency number, and the number itself for
    # the person's region (filled in when the card is shown, so it is never out of date).
    emergency: bool = False
    # Only in versions stored before notes moved to the sequence; kept so those read as they were.
    content_note: str = ""

    @property
    def takes_answer(self) -> bool:
        return self.kind in {"write", "scale", "choice"}

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "question": self.question}
        if self.hint:
            data["hint"] = self.hint
        if self.kind == "scale":
            data.update(low=self.low, high=self.high, points=self.points)
        elif self.kind == "choice":
            data.update(options=list(self.options), multiple=self.multiple)
        elif self.kind == "pause":
            data.update(seconds=self.seconds, breathe_in=self.breathe_in, breathe_out=self.breathe_out)
        elif self.kind == "reading":
            data["body"] = self.body
            if self.emergency:
                data["emergency"] = True
            if self.content_note:
                data["content_note"] = self.content_note
        if self.links:
            data["links"] = [{"label": link.label, "to": link.to} for link in self.links]
        return data


@dataclass(frozen=True)
class SequenceDefinition:
    slug: str
    title: str
    purpose: str
    minutes: int
    version: int
    steps: tuple[Step, ...]
    closing: str = ""
    note: bool = False
    # The heading of the printable note, where the note is more than a note (a letter, say).
    note_title: str = ""
    # Answers from every finished run gather into one list on the sequence's page ("small victories").
    collect: bool = False
    # Shown once, on the sequence's first page, before anything it says about self-harm.
    content_note: str = ""
    source: str = field(default="", compare=False)

    def content(self) -> dict[str, Any]:
        """What a version pins: everything a person sees. Slug and version number live beside it."""
        content: dict[str, Any] = {
            "title": self.title,
            "purpose": self.purpose,
            "minutes": self.minutes,
            "closing": self.closing,
            "note": self.note,
            "steps": [step.to_dict() for step in self.steps],
        }
        if self.note_title:
            content["note_title"] = self.note_title
        if self.collect:
            content["collect"] = True
        if self.content_note:
            content["content_note"] = self.content_note
        return content

    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.content(), sort_keys=True).encode()).hexdigest()

    def to_yaml(self) -> str:
        data = {"slug": self.slug, "version": self.version, **self.content()}
        # An older version kept its notes on the cards; exported, the first becomes the sequence's
        # note, so the file uploads again under today's rules.
        card_notes = [step.pop("content_note") for step in data["steps"] if "content_note" in step]
        if card_notes and not data.get("content_note"):
            data["content_note"] = card_notes[0]
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def from_content(*, slug: str, version: int, content: dict[str, Any]) -> SequenceDefinition:
    """Rebuild a definition from what a version stored, exactly as it was then.

    Not re-validated: a past version keeps the words it had, even if today's rules would differ.
    """
    steps = []
    for raw in content["steps"]:
        values = dict(raw)
        values["links"] = tuple(Link(**link) for link in raw.get("links", ()))
        if "options" in values:
            values["options"] = tuple(values["options"])
        steps.append(Step(**values))
    return SequenceDefinition(
        slug=slug,
        title=content["title"],
        purpose=content["purpose"],
        minutes=content["minutes"],
        version=version,
        steps=tuple(steps),
        closing=content.get("closing", ""),
        note=content.get("note", False),
        note_title=content.get("note_title", ""),
        collect=content.get("collect", False),
        content_note=content.get("content_note", ""),
    )

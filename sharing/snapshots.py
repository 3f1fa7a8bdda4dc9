"""What a shared copy holds: made at the moment of sharing, sealed under its own key.

The copy is made in the person's own request with their keyring; afterwards only the copy's key
(wrapped by the server key) opens it, so serving it to a therapist or a supporter never touches
the person's data key.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from journal.keyring import Blob, UserKeyring, item_key_create, item_keyring
from journal.models import Entry
from journal.selectors import entry_texts
from safety.plan_sections import SECTIONS, SECTIONS_BY_SLUG, Section
from safety.selectors import plan_steps_for_owner


@dataclass(frozen=True)
class PlanStepCopy:
    section: Section
    body: str = ""
    obstacles: str = ""


@dataclass(frozen=True)
class Snapshot:
    """Exactly what the reader will see: shown to the person before sharing, and after."""

    kind: str
    title: str = ""
    body: str = ""
    written_on: date | None = None
    steps: tuple[PlanStepCopy, ...] = field(default_factory=tuple)

    @property
    def is_plan(self) -> bool:
        return self.kind == "plan"

    @property
    def written_steps(self) -> tuple[PlanStepCopy, ...]:
        """The steps with words in them: a reader learns nothing from a row of empty ones."""
        return tuple(step for step in self.steps if step.body or step.obstacles)

    def to_json(self) -> str:
        return json.dumps(
            {
                "kind": self.kind,
                "title": self.title,
                "body": self.body,
                "written_on": self.written_on.isoformat() if self.written_on else None,
                "steps": [{"section": s.section.slug, "body": s.body, "obstacles": s.obstacles} for s in self.steps],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Snapshot:
        data: dict[str, Any] = json.loads(text)
        return cls(
            kind=data["kind"],
            title=data.get("title", ""),
            body=data.get("body", ""),
            written_on=date.fromisoformat(data["written_on"]) if data.get("written_on") else None,
            steps=tuple(
                PlanStepCopy(SECTIONS_BY_SLUG[s["section"]], s.get("body", ""), s.get("obstacles", ""))
                for s in data.get("steps", [])
                if s.get("section") in SECTIONS_BY_SLUG
            ),
        )


@sensitive_variables()
def entry_snapshot(*, owner: User, entry: Entry) -> Snapshot:
    view = entry_texts(user=owner, entry=entry)
    kind = "reflection" if entry.kind == Entry.Kind.REFLECTION else "entry"
    return Snapshot(kind=kind, title=view.title, body=view.body, written_on=entry.written_on)


@sensitive_variables()
def plan_snapshot(*, owner: User) -> Snapshot:
    """The written steps of the plan. The people and numbers someone added stay private (and
    are not even opened for it)."""
    plan = plan_steps_for_owner(owner)
    steps = tuple(PlanStepCopy(s.section, s.body, s.obstacles) for s in plan.steps)
    return Snapshot(kind="plan", steps=steps)


def plan_part(snapshot: Snapshot, sections: Collection[str]) -> Snapshot:
    """Only the written steps the person chose to share, by their slugs."""
    return replace(snapshot, steps=tuple(step for step in snapshot.written_steps if step.section.slug in sections))


def plan_sections() -> tuple[Section, ...]:
    return SECTIONS


@dataclass(frozen=True)
class Sealed:
    wrapped_key: bytes
    server_key_id: str
    blob: bytes
    ring: UserKeyring


@sensitive_variables("text")
def seal(text: str, *, purpose: str, item_id: uuid.UUID, field_name: str) -> Sealed:
    wrapped, key_id, ring = item_key_create(purpose=purpose, item_id=item_id)
    return Sealed(wrapped, key_id, ring.encrypt(text, model=purpose, field=field_name, record_id=item_id), ring)


def open_ring(*, wrapped_key: Blob, server_key_id: str, purpose: str, item_id: uuid.UUID) -> UserKeyring:
    return item_keyring(wrapped=wrapped_key, server_key_id=server_key_id, purpose=purpose, item_id=item_id)

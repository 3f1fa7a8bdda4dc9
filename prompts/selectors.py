from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from config.dates import weekday_date
from prompts.definitions import SequenceDefinition
from prompts.loader import daily_prompts
from prompts.models import Run, Sequence, SequenceVersion
from prompts.services import decrypt_answers


@dataclass(frozen=True)
class LibraryItem:
    sequence: Sequence
    version: SequenceVersion

    @property
    def definition(self) -> SequenceDefinition:
        return self.version.definition


# Functions user -> clinic keys, registered by the app that knows about clinics (from its ready()),
# so prompts never imports it and the library stays usable without it.
_clinic_key_providers: list[Callable[[User], Iterable[str]]] = []


def clinic_keys_provider_register(provider: Callable[[User], Iterable[str]]) -> None:
    if provider not in _clinic_key_providers:
        _clinic_key_providers.append(provider)


def clinic_keys_for(user: User) -> set[str]:
    return {key for provider in _clinic_key_providers for key in provider(user) if key}


def sequences_visible_to(user: User) -> QuerySet[Sequence]:
    """The shared library, the sequences of the clinics a person is connected to, and their own."""
    scope = Q(clinic_key="") | Q(created_by=user)
    keys = clinic_keys_for(user)
    if keys:
        scope |= Q(clinic_key__in=keys)
    return Sequence.objects.filter(scope, is_active=True)


def _with_latest(sequences: QuerySet[Sequence]) -> list[LibraryItem]:
    newest = SequenceVersion.objects.filter(sequence=OuterRef("pk")).order_by("-number").values("id")[:1]
    found = list(sequences.annotate(latest_id=Subquery(newest)))
    versions = SequenceVersion.objects.in_bulk([s.latest_id for s in found if s.latest_id is not None])
    items = []
    for sequence in found:
        version = versions.get(sequence.latest_id)
        if version is not None:
            version.sequence = sequence
            items.append(LibraryItem(sequence=sequence, version=version))
    return items


def library_for(user: User) -> list[LibraryItem]:
    """Every sequence a person may begin, each with its newest words. Two queries, however many versions."""
    items = _with_latest(sequences_visible_to(user))
    return sorted(items, key=lambda item: (item.sequence.clinic_key != "", item.definition.minutes, item.sequence.slug))


def library_item(user: User, slug: str) -> LibraryItem | None:
    """A shared-library sequence by its slug, for suggestions; None when it isn't there."""
    items = _with_latest(sequences_visible_to(user).filter(clinic_key="", slug=slug))
    return items[0] if items else None


@dataclass(frozen=True)
class OpenRun:
    """A reflection begun and not finished, as "Pick up where you left off" lists it: by its
    title, the day it began and its step, never by anything written in it."""

    run: Run
    # Another open run of the same reflection began the same day: the time tells them apart.
    with_time: bool = False

    @property
    def day_label(self) -> str:
        """The day it began, as in "Tuesday 1 December"; with its year when that is not this one."""
        day = timezone.localdate(self.run.started_at)
        return weekday_date(day, year=day.year != timezone.localdate().year)


def run_for_owner(*, owner: User, run_id: Any) -> Run | None:
    return Run.objects.select_related("version__sequence", "owner").filter(id=run_id, owner=owner).first()


def posted_sequence_id(value: str) -> int | None:
    """A reflection's id as a page sent it, or None for anything a page never sends."""
    # Only ASCII digits, few enough for any database's integer: "²" passes isdigit() but not int(),
    # and a longer number overflowed the query (both a server error on a form anyone can send).
    if not (value.isascii() and value.isdigit() and len(value) <= 9):
        return None
    return int(value)


def open_run_of(*, owner: User, sequence_id: str) -> Run | None:
    """The person's unfinished run of this reflection touched last, if any (sequence_id as a page sent it)."""
    number = posted_sequence_id(sequence_id)
    if number is None:
        return None
    runs = Run.objects.filter(owner=owner, version__sequence_id=number, status=Run.Status.IN_PROGRESS)
    return runs.order_by("-updated_at").first()


def runs_in_progress(user: User) -> list[OpenRun]:
    """The person's unfinished reflections, the one touched last first."""
    runs = list(
        Run.objects.filter(owner=user, status=Run.Status.IN_PROGRESS)
        .select_related("version__sequence")
        .order_by("-updated_at")
    )
    begun = Counter(_begun_on(run) for run in runs)
    return [OpenRun(run, with_time=begun[_begun_on(run)] > 1) for run in runs]


def _begun_on(run: Run) -> tuple[int, date]:
    return run.version.sequence_id, timezone.localdate(run.started_at)


@sensitive_variables("plaintext")
def run_answers(run: Run) -> dict[str, Any]:
    return decrypt_answers(run=run, stored=bytes(run.answers))


def daily_prompt(on: date) -> str:
    """One gentle prompt a day: the same all day, a different one tomorrow."""
    prompts = daily_prompts()
    return prompts[on.toordinal() % len(prompts)]


@dataclass(frozen=True)
class CollectedItem:
    day: date
    text: str


@sensitive_variables("answers")
def collected_answers(user: User, sequence: Sequence) -> list[CollectedItem]:
    """Everything written in finished runs of a collecting sequence, newest first. It only grows."""
    runs = (
        Run.objects.filter(owner=user, version__sequence=sequence, status=Run.Status.FINISHED)
        .select_related("version__sequence")
        .order_by("-finished_at")
    )
    items = []
    for run in runs:
        # All the person's: their one keyring, opened once, not once a run from a copy of them
        # loaded with each (a query and an unwrapping of their keys per finished run).
        run.owner = user
        answers = run_answers(run)
        # The person's day, not UTC's: a victory noticed late at night belongs to that evening.
        day = timezone.localdate(run.finished_at or run.started_at)
        for index, step in enumerate(run.definition.steps):
            text = answers.get(str(index))
            if step.kind == "write" and isinstance(text, str) and text:
                items.append(CollectedItem(day=day, text=text))
    return items

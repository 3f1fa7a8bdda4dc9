from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from journal.keyring import user_keyring
from journal.models import Entry
from journal.services import entry_create
from prompts.definitions import SequenceDefinition
from prompts.models import Run, Sequence, SequenceVersion
from prompts.reflection import reflection_body, same_words

ANSWERS_MODEL = "prompts.Run"
ANSWERS_FIELD = "answers"


@dataclass(frozen=True)
class SaveResult:
    sequence: Sequence
    version: SequenceVersion
    created: bool


@transaction.atomic
def sequence_save(
    *, definition: SequenceDefinition, clinic_key: str = "", created_by: User | None = None
) -> SaveResult:
    """Store a definition. Unchanged words change nothing; changed words become a new version."""
    sequence, _ = Sequence.objects.get_or_create(
        clinic_key=clinic_key, slug=definition.slug, defaults={"created_by": created_by}
    )
    latest = sequence.versions.select_for_update().order_by("-number").first()
    digest = definition.digest()
    if latest is not None and latest.digest == digest:
        return SaveResult(sequence=sequence, version=latest, created=False)
    # The file's number wins when it moved ahead; an edit without a bump still gets a fresh number.
    number = max(definition.version, latest.number + 1) if latest else definition.version
    version = SequenceVersion.objects.create(
        sequence=sequence, number=number, content=definition.content(), digest=digest
    )
    return SaveResult(sequence=sequence, version=version, created=True)


@sensitive_variables("answers", "plaintext")
def _encrypt_answers(*, run: Run, answers: dict[str, Any]) -> bytes:
    plaintext = json.dumps(answers, ensure_ascii=False)
    return user_keyring(run.owner).encrypt(plaintext, model=ANSWERS_MODEL, field=ANSWERS_FIELD, record_id=run.id)


def run_start(*, owner: User, sequence: Sequence) -> Run:
    """A new run, always. Pressing Begin goes through run_begin, which picks up an open one first."""
    version = sequence.latest
    if version is None:
        raise ValueError("A sequence without a version can't be started.")
    run = Run(owner=owner, version=version)
    run.answers = _encrypt_answers(run=run, answers={})
    run.save()
    return run


def _open_run(*, owner: User, sequence: Sequence) -> Run | None:
    """The person's unfinished run of this reflection they touched last, in any version of it."""
    runs = Run.objects.filter(owner=owner, version__sequence=sequence, status=Run.Status.IN_PROGRESS)
    return runs.select_related("version__sequence").order_by("-updated_at").first()


@transaction.atomic
def run_begin(*, owner: User, sequence: Sequence) -> tuple[Run, bool]:
    """Begin a reflection: the one already under way when there is one, so pressing Begin again
    (a second tap, the back button, another visit) never piles up copies. Returns the run and
    whether it is new."""
    # One Begin at a time for a person (PostgreSQL; SQLite writes one at a time anyway), so two
    # taps at once find the same open run instead of making one each.
    User.objects.select_for_update().filter(pk=owner.pk).first()
    found = _open_run(owner=owner, sequence=sequence)
    if found is not None:
        return found, False
    return run_start(owner=owner, sequence=sequence), True


@transaction.atomic
def run_start_fresh(*, run: Run) -> Run:
    """The person chose to start a reflection again from its first question: what this run held
    goes (they were asked first), and a new run of the newest words takes its place, so no
    half-finished copy stays behind. Raises RunFinishedElsewhere (a finished reflection is in the
    journal; only an open one starts fresh) and Run.DoesNotExist, as _hold_open_run does."""
    _hold_open_run(run)
    owner, sequence = run.owner, run.version.sequence
    run.delete()
    return run_start(owner=owner, sequence=sequence)


@sensitive_variables()  # the nearest such mark is the one that counts: answers are the person's words too
def _set_answer(answers: dict[str, Any], position: int, answer: Any) -> None:
    # An emptied box (or nothing chosen) leaves the step with no answer, not an empty one.
    if answer in (None, "", []):
        answers.pop(str(position), None)
    else:
        answers[str(position)] = answer


class AnswerChangedElsewhere(Exception):
    """A page opened before another tab (or device) saved this step tried to write over it."""

    def __init__(self, newer: Any) -> None:
        super().__init__("This answer changed after the page sending it was opened.")
        self.newer = newer


class RunFinishedElsewhere(Exception):
    """Another tab finished the reflection while this step (or a Let go, or a Start again) was on
    its way: nothing is written, and nothing is removed."""


def _hold_open_run(run: Run, *fields: str) -> Run:
    """Hold the run's row until the caller's transaction ends, and return it as stored now.
    Every change to a run (a step, Finish, Let go, Start again) takes this first, so two tabs
    acting on one run at the same instant go one after the other, and the second sees what the
    first did rather than the run its page read. PostgreSQL waits here; SQLite writes one at a
    time anyway. Raises RunFinishedElsewhere when another tab finished it meanwhile, and
    Run.DoesNotExist when it was let go (or begun again) meanwhile."""
    locked = Run.objects.select_for_update().only("status", *fields).get(pk=run.pk)
    if locked.is_finished:
        raise RunFinishedElsewhere
    return locked


@sensitive_variables("answers")
def _lock_run(run: Run, answers: dict[str, Any], *fields: str) -> Run:
    """Hold the run's row until the step is saved, and bring the caller's answers up to date from
    it. The caller read them before; two saves at the same instant (two workers, two tabs) would
    each write their own copy over the other's, and the check against newer answers would look
    at an old copy."""
    locked = _hold_open_run(run, "answers", *fields)
    answers.clear()
    answers.update(decrypt_answers(run=run, stored=bytes(locked.answers)))
    return locked


@sensitive_variables("plaintext")
def decrypt_answers(*, run: Run, stored: bytes) -> dict[str, Any]:
    plaintext = user_keyring(run.owner).decrypt(stored, model=ANSWERS_MODEL, field=ANSWERS_FIELD, record_id=run.id)
    answers: dict[str, Any] = json.loads(plaintext)
    return answers


def _same_pick(value: Any) -> Any:
    """A scale point or the options chosen, compared as the same whatever their order."""
    if value in (None, "", []):
        return None
    return sorted(value) if isinstance(value, list) else value


@sensitive_variables("answer", "answers", "known", "stored")
def _answer_to_write(
    answers: dict[str, Any], position: int, answer: Any, known: tuple[Any, ...] | None, *, kind: str = "write"
) -> Any:
    """What a step may keep, given the answers the page sending it knew were saved there
    (None: a page that says nothing of that, so it writes as before). Words saved since, from
    another tab, are never silently replaced: a page whose box still holds what it knew leaves
    them be, and one with new words typed is refused, so the person can see both. A scale or a
    choice (known: the one answer the page opened with) is held the same way."""
    stored = answers.get(str(position))
    if kind in ("scale", "choice"):
        if known is None or _same_pick(stored) is None:
            return answer
        if _same_pick(stored) in (_same_pick(answer), _same_pick(known[0])):
            return answer
        if _same_pick(answer) == _same_pick(known[0]):
            return stored  # left as it opened: the newer choice stays
        raise AnswerChangedElsewhere(stored)
    if known is None or not isinstance(stored, str) or not stored:
        return answer
    typed = answer if isinstance(answer, str) else ""
    if same_words(stored, typed) or any(same_words(stored, version) for version in known):
        return answer
    # Only "seen" (what the server wrote into the page) shows the box holds nothing new: "kept"
    # is what the page's beacon sent, which may never have arrived (no signal) or been refused.
    if same_words(typed, known[0]):
        return stored
    raise AnswerChangedElsewhere(stored)


@sensitive_variables("answer", "answers", "known")
@transaction.atomic
def run_step_submit(
    *, run: Run, answers: dict[str, Any], answer: Any, action: str, known: tuple[Any, ...] | None = None
) -> Run:
    """Keep what was written on the current step, then move as asked.

    "skip" moves on without touching what is stored; "back" and "stop" keep the words typed, so
    nothing written is ever lost by moving around. `known` is what the page sending it knew was
    saved on that step (see _answer_to_write); raises AnswerChangedElsewhere, moving nothing.
    """
    if action not in {"next", "skip", "back", "stop"}:
        raise ValueError(f"Unknown action {action!r}")
    stored = _lock_run(run, answers, "position")
    before = dict(answers)
    if action != "skip":
        kind = run.definition.steps[run.position].kind
        _set_answer(answers, run.position, _answer_to_write(answers, run.position, answer, known, kind=kind))
    if action in {"next", "skip"}:
        run.position += 1
    elif action == "back":
        run.position = max(run.position - 1, 0)
    if run.position >= len(run.definition.steps):
        run.answers = _encrypt_answers(run=run, answers=answers)
        return run_finish(run=run, answers=answers)
    if answers == before and run.position == stored.position:
        # "Stop" with the words as they were: nothing to write, and the reflection keeps the time
        # it was last worked on (a therapist's suggestion is not shown as taken up by it).
        return run
    run.answers = _encrypt_answers(run=run, answers=answers)
    run.save(update_fields=["position", "answers", "updated_at"])
    return run


@sensitive_variables("answer", "answers", "known")
@transaction.atomic
def run_step_keep(
    *, run: Run, answers: dict[str, Any], position: int, answer: Any, known: tuple[Any, ...] | None = None
) -> Run:
    """Keep what was typed on a step whose page is going away (the tab closed, the phone put
    down), without moving the reflection on: it waits at the step it had reached. Raises
    AnswerChangedElsewhere, keeping nothing, when newer words were saved there meanwhile."""
    _lock_run(run, answers)
    before = dict(answers)
    kind = run.definition.steps[position].kind
    _set_answer(answers, position, _answer_to_write(answers, position, answer, known, kind=kind))
    if answers == before:
        # The page went away holding what was already kept: nothing changed, so nothing is
        # written and the reflection is not "worked on" now.
        return run
    run.answers = _encrypt_answers(run=run, answers=answers)
    run.save(update_fields=["answers", "updated_at"])
    return run


@sensitive_variables("answers", "body")
@transaction.atomic
def run_finish(*, run: Run, answers: dict[str, Any]) -> Run:
    """Save the questions and answers as one journal entry, and mark the reflection finished."""
    definition = run.definition
    body = reflection_body(definition, answers)
    entry = entry_create(author=run.owner, title=definition.title, body=body, kind=Entry.Kind.REFLECTION)
    run.entry = entry
    run.status = Run.Status.FINISHED
    run.finished_at = timezone.now()
    run.position = len(definition.steps)
    run.answers = _encrypt_answers(run=run, answers=answers)
    run.save(update_fields=["entry", "answers", "status", "finished_at", "position", "updated_at"])
    return run


@transaction.atomic
def run_discard(*, run: Run) -> None:
    """Let an open reflection go. Raises RunFinishedElsewhere when another tab finished it first:
    its entry is in the journal, and the run stays with it."""
    _hold_open_run(run)
    run.delete()


@sensitive_variables("answers")
def run_import(
    *,
    owner: User,
    version: SequenceVersion,
    status: str,
    position: int,
    answers: dict[str, Any],
    started_at: datetime,
    finished_at: datetime | None,
    entry: Entry | None,
) -> Run:
    """A reflection from an export, as it was: same answers, same place, same start."""
    run = Run(owner=owner, version=version, status=status, position=position, finished_at=finished_at, entry=entry)
    run.answers = _encrypt_answers(run=run, answers=answers)
    run.save(force_insert=True)
    # auto_now_add overrides any start given on save; the start is how a second import knows it.
    Run.objects.filter(pk=run.pk).update(started_at=started_at)
    run.started_at = started_at
    return run

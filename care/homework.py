"""The reflections a therapist suggested to a person, as each of them sees them: the title, the
therapist's note (opened with its own key, never the person's) and whether it is done."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from care.models import NOTE_PURPOSE, Assignment, Link
from care.selectors import STATUS_LABELS, is_for_a_moment, open_links_for_person, sequence_title
from prompts.models import Run, Sequence
from sharing.snapshots import open_ring


@dataclass
class HomeworkView:
    assignment: Assignment
    title: str
    note: str
    therapist_name: str
    status: str  # "done", "started", "waiting"; hidden from the therapist unless allowed
    entry_id: object | None = None
    # The notes of the same suggestion made again earlier, shown with this one (newest first).
    earlier_notes: list[str] = field(default_factory=list)
    # Home's card only: whether its copy is shared with this therapist, and where to share it if not.
    is_shared: bool = False
    share_url: str = ""

    @property
    def notes(self) -> list[str]:
        return [note for note in (self.note, *self.earlier_notes) if note]

    @property
    def due_on(self) -> date | None:
        return self.assignment.due_on

    @property
    def for_a_moment(self) -> bool:
        return is_for_a_moment(self.assignment.sequence)

    @property
    def date_to_aim_for(self) -> date | None:
        """The date the person is shown: none for a reflection meant for a moment, whatever was set,
        and none once it has passed where they are. 'If you can, by 7 December' read on the 9th is
        a deadline missed, said quietly every time they open home; their therapist still sees it."""
        due_on = self.assignment.due_on
        if self.for_a_moment or due_on is None or due_on < timezone.localdate():
            return None
        return due_on

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def therapist_sees_status(self) -> bool:
        return self.assignment.link.show_homework_status


def homework_note(assignment: Assignment) -> str:
    """The therapist's note on this suggestion, opened; empty without one."""
    if assignment.note is None or assignment.note_key is None:
        return ""
    ring = open_ring(
        wrapped_key=assignment.note_key,
        server_key_id=assignment.server_key_id,
        purpose=NOTE_PURPOSE,
        item_id=assignment.id,
    )
    return ring.decrypt(assignment.note, model=NOTE_PURPOSE, field="note", record_id=assignment.id)


def still_open_suggestion(*, link: Link, sequence: Sequence) -> Assignment | None:
    """The newest suggestion of this reflection to this link's person not finished since it was made."""
    assignments = list(Assignment.objects.filter(link=link, sequence=sequence).order_by("-created_at"))
    if not assignments:
        return None
    runs = list(
        Run.objects.filter(owner_id=link.person_id, version__sequence_id=sequence.pk)
        .select_related("version")
        .only("id", "status", "started_at", "updated_at", "finished_at", "entry_id", "version__sequence_id")
        .order_by("-started_at")
    )
    return next((a for a in assignments if _status(a, runs)[0] != "done"), None)


def worked_on_since(run: Run, moment: datetime) -> bool:
    """Whether the person did something in this reflection at or after `moment`: began it, finished it,
    or (still going) answered a step. One begun before a suggestion and picked up again afterwards,
    as the reflection's page offers first, answers that suggestion; one left untouched since does not."""
    if run.started_at >= moment:
        return True
    if run.status == Run.Status.FINISHED:
        return run.finished_at is not None and run.finished_at >= moment
    return run.updated_at >= moment


def _status(assignment: Assignment, runs: list[Run]) -> tuple[str, object | None]:
    """Done means the person finished this reflection after it was suggested; nothing more is read."""
    mine = [
        r for r in runs if r.version.sequence_id == assignment.sequence_id and worked_on_since(r, assignment.created_at)
    ]
    finished = [r for r in mine if r.status == Run.Status.FINISHED]
    if finished:
        return "done", finished[0].entry_id
    return ("started" if mine else "waiting"), None


@sensitive_variables()
def _views(assignments: list[Assignment], *, person_id: UUID, names: dict[object, str]) -> list[HomeworkView]:
    """Each assignment as its view, in the order given; the person's runs of them read in one query."""
    if not assignments:
        return []
    runs = list(
        Run.objects.filter(owner_id=person_id, version__sequence_id__in={a.sequence_id for a in assignments})
        .select_related("version")
        .only("id", "status", "started_at", "updated_at", "finished_at", "entry_id", "version__sequence_id")
        .order_by("-started_at")
    )
    views = []
    for assignment in assignments:
        status, entry_id = _status(assignment, runs)
        views.append(
            HomeworkView(
                assignment=assignment,
                title=sequence_title(assignment.sequence),
                note=homework_note(assignment),
                therapist_name=names.get(assignment.link_id, ""),
                status=status,
                entry_id=entry_id,
            )
        )
    return views


def _assignments(links: list[Link]) -> list[Assignment]:
    """The links' assignments, newest first, each title's versions in one more query for them all."""
    by_id = {link.pk: link for link in links}
    assignments = list(
        Assignment.objects.filter(link_id__in=by_id)
        .select_related("sequence")
        .prefetch_related("sequence__versions")
        .order_by("-created_at")
    )
    for assignment in assignments:
        # The link already read, not one more query each time a view asks for it.
        assignment.link = by_id[assignment.link_id]
    return assignments


@sensitive_variables()
def homework_for_link(link: Link, *, therapist_name: str = "") -> list[HomeworkView]:
    return _views(_assignments([link]), person_id=link.person_id, names={link.pk: therapist_name})


@sensitive_variables()
def _once_each(views: list[HomeworkView]) -> list[HomeworkView]:
    """The same reflection suggested again by the same therapist while the first still waits is one
    item on the person's side, the newest, with both notes: listed twice, it read as two things to
    do, and starting or letting it go settled one and left the other. The runs settle both alike,
    so they stay one. A different status the therapist can see stays a line of its own, since the
    person is told they see the same word (and one finished before the next suggestion is done)."""
    kept: dict[tuple[object, ...], HomeworkView] = {}
    for view in views:
        shown_status = view.status if view.therapist_sees_status else view.status == "done"
        key = (view.assignment.link_id, view.assignment.sequence_id, view.entry_id, shown_status)
        first = kept.get(key)
        if first is None:
            kept[key] = view
        elif view.note and view.note not in first.notes:
            first.earlier_notes.append(view.note)
    return list(kept.values())


@sensitive_variables()
def homework_for_person(person: User, *, links: list[Link] | None = None) -> list[HomeworkView]:
    """Homework from each open link, link by link; `links`, when given, are the person's open links
    already read. The same few queries however many therapists the person has (not three each)."""
    links = open_links_for_person(person) if links is None else links
    assignments = _assignments(links) if links else []
    # Grouped as before: every assignment of the first link, newest first, then the next link's.
    order = {link.pk: position for position, link in enumerate(links)}
    assignments.sort(key=lambda assignment: order[assignment.link_id])
    views = _views(assignments, person_id=person.pk, names={link.pk: link.therapist_name for link in links})
    return _once_each(views)


# A reflection's own page shows each therapist's newest notes on it, not every one ever left: a
# suggestion made again many times would otherwise open (decrypt) them all on each visit.
NOTES_SHOWN = 5


@dataclass
class Suggestion:
    therapist_name: str
    notes: list[str] = field(default_factory=list)


@sensitive_variables()
def suggestions(*, links: list[Link], sequence_id: int | None = None) -> dict[int, list[Suggestion]]:
    """Which reflections these links' therapists suggested, each therapist once, in one query.

    With `sequence_id` (a reflection's own page), that reflection only, with each therapist's notes
    newest first (the newest NOTES_SHOWN). Without it (the list of reflections), every reflection
    suggested, with names only: no note is opened for a list that does not show them."""
    by_link = {link.pk: link for link in links}
    if not by_link:
        return {}
    found: dict[int, dict[UUID, Suggestion]] = {}

    def suggestion(sequence: int, link_id: UUID) -> Suggestion:
        here = found.setdefault(sequence, {})
        return here.setdefault(link_id, Suggestion(by_link[link_id].therapist_name))

    if sequence_id is None:
        pairs = (
            Assignment.objects.filter(link_id__in=by_link).values_list("sequence_id", "link_id").order_by().distinct()
        )
        for sequence, link_id in pairs:
            suggestion(sequence, link_id)
    else:
        mine = Assignment.objects.filter(link_id__in=by_link, sequence_id=sequence_id).order_by("-created_at")
        for assignment in mine:
            item = suggestion(sequence_id, assignment.link_id)
            if len(item.notes) < NOTES_SHOWN and (note := homework_note(assignment)) and note not in item.notes:
                item.notes.append(note)
    # Therapists in the order of the person's links, whatever order the rows came in.
    order = {link_id: position for position, link_id in enumerate(by_link)}
    return {
        sequence: [here[link_id] for link_id in sorted(here, key=order.__getitem__)] for sequence, here in found.items()
    }

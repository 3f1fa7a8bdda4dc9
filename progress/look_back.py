"""The look back: what moved over a span, worked out in memory from the person's own entries.

Every figure here is computed at request time from entries decrypted for this one request.
Only finished entries count: a draft stays out until the person saves it.
Nothing readable is stored, cached or logged: no aggregate, no chart, no title.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import fmean
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from journal.keyring import UserKeyring, user_keyring
from journal.models import Entry
from journal.services import ENTRY, TAG
from progress.charts import DAY, MONTH, WEEK, Chart, bucket_starts, chart_for
from prompts.models import Run


@dataclass(frozen=True)
class Span:
    key: str
    label: Any
    days: int | None  # None: everything, from the first entry on
    bucket: str


SPANS = {
    span.key: span
    for span in (
        Span("4w", _("The last 4 weeks"), 28, DAY),
        Span("3m", _("The last 3 months"), 91, WEEK),
        Span("1y", _("The last year"), 365, WEEK),
        Span("all", _("Everything"), None, MONTH),
    )
}
DEFAULT_SPAN = "3m"


def span_from(value: Any) -> Span:
    """The span asked for, or the default for anything else (a typo, a list, a very long string)."""
    return SPANS.get(value if isinstance(value, str) else "", SPANS[DEFAULT_SPAN])


@dataclass(frozen=True)
class StarredEntry:
    id: Any
    title: str
    written_on: date


@dataclass
class Pattern:
    """One gentle observation. `kind` says which sentence the template shows."""

    kind: str  # "tag" or "time"
    name: Any
    average: float
    overall: float


@dataclass
class LookBack:
    span: Span
    first: date
    last: date
    entries: int = 0
    coping: int = 0
    reflections: int = 0
    # Reflections begun and not finished, whenever begun: the page says so in words, never as a figure.
    reflections_waiting: int = 0
    starred: list[StarredEntry] = field(default_factory=list)
    # Days the person chose to note a setback on, oldest first. Shown as part of the path, never
    # counted against anything: no figure above goes down because of them.
    setback_days: list[date] = field(default_factory=list)
    mood: Chart | None = None
    urge: Chart | None = None
    patterns: list[Pattern] | None = None  # None: the person turned the section off

    @property
    def is_empty(self) -> bool:
        return self.entries == 0 and self.reflections == 0

    @property
    def counts_from(self) -> date | None:
        """Where small victories are counted from: "Everything" counts every one, those kept before
        the first entry (or with no entry at all) too; None says so."""
        return self.first if self.span.days is not None else None


@dataclass
class _Row:
    written_on: date
    created_at: datetime
    mood: int | None
    urge: int | None
    setback: bool = False


TIMES_OF_DAY = [
    # (from hour, name); a part runs until the next one begins.
    (0, _("at night")),
    (5, _("in the morning")),
    (12, _("in the afternoon")),
    (17, _("in the evening")),
]
# An observation needs this many entries behind it, and an average this far above the person's own.
PATTERN_MIN_ENTRIES = 3
TAG_DIFFERENCE = 1.5
TIME_DIFFERENCE = 1.0
PATTERN_LIMIT = 3


def _time_of_day(moment: datetime, zone: Any) -> int:
    """Which part of the day (its index in TIMES_OF_DAY) the moment falls in, where the person is."""
    hour = moment.astimezone(zone).hour
    return next(index for index in range(len(TIMES_OF_DAY) - 1, -1, -1) if hour >= TIMES_OF_DAY[index][0])


@sensitive_variables()
def look_back(*, user: User, span: Span, patterns: bool = True, today: date | None = None) -> LookBack:
    """The figures for one span. A fixed number of queries, whatever the span holds."""
    today = today or timezone.localdate()
    # Finished entries only. A draft is what autosave kept while writing, not yet saved: nothing
    # offers it for sharing (care, supporters), and the summary made from these figures is shared.
    live = Entry.objects.filter(owner=user, trashed_at__isnull=True, is_draft=False)
    if span.days is not None:
        first = today - timedelta(days=span.days - 1)
        # Through tomorrow: someone writing just after midnight ahead of the server's time zone
        # writes about tomorrow here (journal/forms.py latest_date), and it is their newest day.
        live = live.filter(written_on__range=(first, today + timedelta(days=1)))
    ring = user_keyring(user)
    columns = ("id", "written_on", "created_at", "kind", "feelings", "starred_at", "title")
    rows: dict[Any, _Row] = {}
    starred: list[tuple[Any, date, datetime, bytes]] = []
    result = LookBack(span=span, first=today, last=today)
    for entry_id, written_on, created_at, kind, feelings_blob, starred_at, title_blob in live.values_list(
        *columns
    ).iterator(chunk_size=2000):
        feelings = json.loads(ring.decrypt(feelings_blob, model=ENTRY, field="feelings", record_id=entry_id))
        rows[entry_id] = _Row(
            written_on, created_at, feelings.get("mood"), feelings.get("urge"), bool(feelings.get("setback"))
        )
        result.entries += 1
        result.coping += kind == Entry.Kind.COPING
        if starred_at is not None:
            starred.append((entry_id, written_on, created_at, title_blob))
    if span.days is not None:
        result.first = today - timedelta(days=span.days - 1)
    elif rows:
        result.first = min(row.written_on for row in rows.values())
    if rows:
        result.last = max(today, max(row.written_on for row in rows.values()))
    starred.sort(key=lambda s: (s[1], s[2]), reverse=True)
    result.starred = [
        StarredEntry(entry_id, ring.decrypt(blob, model=ENTRY, field="title", record_id=entry_id), written_on)
        for entry_id, written_on, _created, blob in starred
    ]
    result.reflections, result.reflections_waiting = _reflections(
        user=user, first=result.first, last=result.last, span=span
    )
    values = list(rows.values())
    result.setback_days = sorted({r.written_on for r in values if r.setback})
    marks = result.setback_days
    moods = [(r.written_on, r.mood) for r in values]
    urges = [(r.written_on, r.urge) for r in values]
    result.mood = chart_for("mood", _chart_starts(result, moods, marks), span.bucket, moods, marks)
    result.urge = chart_for("urge", _chart_starts(result, urges, marks), span.bucket, urges, marks)
    if patterns:
        result.patterns = _patterns(ring=ring, user=user, live=live, rows=rows)
    return result


def _chart_starts(look: LookBack, noted: list[tuple[date, int | None]], marks: list[date]) -> list[date]:
    """The buckets a chart draws. "Everything" runs from the first entry, but a chart of it starts
    where there is something to draw (a value or a setback): one old entry without feelings, say a
    notebook copied in from years ago, would otherwise squeeze every recent point into a clump at
    the right edge and fill the table with years of "nothing noted"."""
    first = look.first
    if look.span.days is None:
        drawn = [day for day, value in noted if value is not None] + marks
        if drawn:
            first = min(drawn)
    return bucket_starts(first, look.last, look.span.bucket)


def _reflections(*, user: User, first: date, last: date, span: Span) -> tuple[int, int]:
    """How many reflections were finished in the span, and how many begun are still open. One query."""
    finished = Q(status=Run.Status.FINISHED, finished_at__isnull=False)
    if span.days is not None:
        finished &= Q(finished_at__date__range=(first, last))
    counted = Run.objects.filter(owner=user).aggregate(
        finished=Count("pk", filter=finished), waiting=Count("pk", filter=Q(status=Run.Status.IN_PROGRESS))
    )
    return counted["finished"], counted["waiting"]


@sensitive_variables()
def _patterns(*, ring: UserKeyring, user: User, live: Any, rows: dict[Any, _Row]) -> list[Pattern]:
    with_urge = {entry_id: row for entry_id, row in rows.items() if row.urge is not None}
    if len(with_urge) < PATTERN_MIN_ENTRIES:
        return []
    overall = fmean(row.urge for row in with_urge.values() if row.urge is not None)
    found: list[Pattern] = []

    by_tag: dict[Any, list[int]] = defaultdict(list)
    tag_blobs: dict[Any, bytes | memoryview] = {}
    links = Entry.tags.through.objects.filter(entry__in=live.values("pk"), tag__owner=user)
    for entry_id, tag_id, name_blob in links.values_list("entry_id", "tag_id", "tag__name").iterator():
        row = with_urge.get(entry_id)
        if row is not None and row.urge is not None:
            by_tag[tag_id].append(row.urge)
            tag_blobs[tag_id] = name_blob
    tag_patterns = [
        Pattern("tag", tag_id, round(fmean(urges), 1), round(overall, 1))
        for tag_id, urges in by_tag.items()
        if len(urges) >= PATTERN_MIN_ENTRIES and fmean(urges) - overall >= TAG_DIFFERENCE
    ]
    tag_patterns.sort(key=lambda p: p.average, reverse=True)
    for pattern in tag_patterns[:PATTERN_LIMIT]:
        pattern.name = ring.decrypt(tag_blobs[pattern.name], model=TAG, field="name", record_id=pattern.name)
        found.append(pattern)

    # Keyed by index, not by the translated name: hashing a lazy string translates it every time.
    by_time: dict[int, list[int]] = defaultdict(list)
    zone = timezone.get_current_timezone()
    for row in with_urge.values():
        if row.urge is not None:
            by_time[_time_of_day(row.created_at, zone)].append(row.urge)
    times = [
        Pattern("time", TIMES_OF_DAY[index][1], round(fmean(urges), 1), round(overall, 1))
        for index, urges in by_time.items()
        if len(urges) >= PATTERN_MIN_ENTRIES and fmean(urges) - overall >= TIME_DIFFERENCE
    ]
    if times:
        found.append(max(times, key=lambda p: p.average))
    return found


def spans(chosen: Span) -> Iterable[tuple[Span, bool]]:
    return ((span, span.key == chosen.key) for span in SPANS.values())

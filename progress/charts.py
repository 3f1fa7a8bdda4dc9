"""Charts drawn on the server: points per day, week or month, their SVG geometry, and the words.

No chart library and no JavaScript: the template draws lines and dots from the numbers here,
and every chart also has a sentence and a table, so nobody needs to see it to read it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import fmean
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DAY, WEEK, MONTH = "day", "week", "month"

# The drawing's own units; the SVG scales to its box. Below the plot are two lanes of their own,
# so nothing covers anything else, also at phone size where the labels grow (progress.css): first
# the setback rings (never over a dot, even one at the lowest value), then the dates, which stay
# clear of the lowest value's label in the left margin.
WIDTH, HEIGHT = 600, 244
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 64
TICK_GAP = 14  # between the values' labels and the plot, where a point on the first day sits
MARK_DROP = 18  # from the plot's bottom line to the middle of the setback rings
DATE_BASELINE = HEIGHT - 8
# How far the second half's average must move from the first's before the words say it changed.
MOOD_CHANGE = 0.5
URGE_CHANGE = 1.0


def bucket_start(day: date, bucket: str) -> date:
    if bucket == WEEK:
        return day - timedelta(days=day.weekday())
    if bucket == MONTH:
        return day.replace(day=1)
    return day


def _next_bucket(start: date, bucket: str) -> date:
    if bucket == WEEK:
        return start + timedelta(days=7)
    if bucket == MONTH:
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=1)


def bucket_starts(first: date, last: date, bucket: str) -> list[date]:
    starts, current = [], bucket_start(first, bucket)
    while current <= last:
        starts.append(current)
        current = _next_bucket(current, bucket)
    return starts


@dataclass(frozen=True)
class Scale:
    low: int
    high: int
    ticks: tuple[int, ...]
    change: float


SCALES = {"mood": Scale(1, 5, (1, 2, 3, 4, 5), MOOD_CHANGE), "urge": Scale(0, 10, (0, 5, 10), URGE_CHANGE)}


@dataclass(frozen=True)
class Point:
    start: date
    average: float | None  # None: nothing noted in this day, week or month
    count: int
    x: float = 0.0
    y: float = 0.0
    # The person noted a setback on a day in this bucket: a quiet mark on the path, nothing more.
    setback: bool = False


@dataclass(frozen=True)
class TableRow:
    """A row of a chart's table: one day, week or month, or a run of them with nothing noted."""

    start: date
    average: float | None
    count: int
    setback: bool = False
    # The last day the row covers, when it stands for two or more buckets in a row with nothing in them.
    end: date | None = None


@dataclass
class Chart:
    kind: str  # "mood" or "urge"
    bucket: str
    points: list[Point]
    noted: int
    average: float | None
    first_half: float | None
    second_half: float | None
    lines: list[str] = field(default_factory=list)  # SVG polyline "x,y x,y …", one per unbroken run
    ticks: list[tuple[int, float]] = field(default_factory=list)  # (value, y)
    summary: str = ""
    # The same words for someone the person shares a summary with: what the person noted is
    # "they noted", never "you noted", which that reader would take to be about themselves.
    summary_for_reader: str = ""

    @property
    def with_data(self) -> list[Point]:
        return [p for p in self.points if p.average is not None]

    @property
    def setbacks(self) -> list[Point]:
        return [p for p in self.points if p.setback]

    @property
    def table_rows(self) -> list[TableRow]:
        """The table's rows. Days, weeks or months in a row with nothing noted share one row ("1 to
        14 March: nothing noted"): an old entry would otherwise fill the table with years of empty
        months, one row each, for a screen reader to step through."""
        rows: list[TableRow] = []
        empty: list[Point] = []

        def close_run() -> None:
            if len(empty) == 1:
                rows.append(TableRow(empty[0].start, None, 0))
            elif empty:
                end = _next_bucket(empty[-1].start, self.bucket) - timedelta(days=1)
                rows.append(TableRow(empty[0].start, None, 0, end=end))
            empty.clear()

        for point in self.points:
            if point.average is None and not point.setback:
                empty.append(point)
                continue
            close_run()
            rows.append(TableRow(point.start, point.average, point.count, point.setback))
        close_run()
        return rows

    @property
    def mark_y(self) -> int:
        """Where setback marks sit: in their own lane just under the plot, below the day, week or
        month, so a ring never hides a point (a point at the lowest value sits on the bottom line)."""
        return HEIGHT - BOTTOM + MARK_DROP

    @property
    def date_y(self) -> int:
        """The baseline of the first and last dates, under the setback lane."""
        return DATE_BASELINE

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return HEIGHT

    @property
    def left(self) -> int:
        return LEFT

    @property
    def tick_x(self) -> int:
        """Where the values' labels end, clear of a point on the first day."""
        return LEFT - TICK_GAP

    @property
    def right(self) -> int:
        return WIDTH - RIGHT

    @property
    def bottom(self) -> int:
        return HEIGHT - BOTTOM


def _round(value: float) -> float:
    return round(value, 1)


def chart_for(
    kind: str,
    starts: Sequence[date],
    bucket: str,
    values: Sequence[tuple[date, int | None]],
    setback_days: Iterable[date] = (),
) -> Chart:
    """One point per bucket start: the average of what was noted in it, rounded to one decimal.
    A setback the person noted marks its bucket; it changes no average and no count."""
    scale = SCALES[kind]
    marked = {bucket_start(day, bucket) for day in setback_days}
    # (bucket start, value) for each entry with the value noted; the day itself is not needed again.
    noted = [(bucket_start(day, bucket), value) for day, value in values if value is not None]
    grouped: dict[date, list[int]] = defaultdict(list)
    for start, value in noted:
        grouped[start].append(value)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / (len(starts) - 1) if len(starts) > 1 else 0.0

    def y_of(value: float) -> float:
        return _round(TOP + plot_h * (1 - (value - scale.low) / (scale.high - scale.low)))

    points: list[Point] = []
    for index, start in enumerate(starts):
        found = grouped.get(start, [])
        average = _round(fmean(found)) if found else None
        x = _round(LEFT + step * index if len(starts) > 1 else LEFT + plot_w / 2)
        y = y_of(average) if average is not None else 0.0
        points.append(Point(start, average, len(found), x, y, start in marked))

    lines: list[str] = []
    run: list[str] = []
    for point in [*points, Point(date.min, None, 0)]:
        if point.average is None:
            if len(run) > 1:
                lines.append(" ".join(run))
            run = []
        else:
            run.append(f"{point.x},{point.y}")

    # Halves by bucket: the first half of the span against the second, each over what was noted in it.
    middle = len(starts) // 2
    first = [v for start, v in noted if start < starts[middle]] if middle else []
    second = [v for start, v in noted if middle and start >= starts[middle]]
    chart = Chart(
        kind=kind,
        bucket=bucket,
        points=points,
        noted=len(noted),
        average=_round(fmean(v for _d, v in noted)) if noted else None,
        first_half=_round(fmean(first)) if first else None,
        second_half=_round(fmean(second)) if second else None,
        lines=lines,
        ticks=[(tick, y_of(tick)) for tick in scale.ticks],
    )
    chart.summary = _summary(chart, scale)
    chart.summary_for_reader = _summary(chart, scale, for_reader=True)
    return chart


def _summary(chart: Chart, scale: Scale, *, for_reader: bool = False) -> str:
    if chart.average is None:
        if chart.kind == "mood":
            return _("No feelings were noted in this time.")
        return _("No urges were noted in this time.")
    if for_reader and chart.kind == "mood":
        text = ngettext(
            "They noted a feeling in %(count)s entry. On average it was %(average)s out of 5.",
            "They noted a feeling in %(count)s entries. On average it was %(average)s out of 5.",
            chart.noted,
        )
    elif for_reader:
        text = ngettext(
            "They noted urges in %(count)s entry. On average they were %(average)s out of 10.",
            "They noted urges in %(count)s entries. On average they were %(average)s out of 10.",
            chart.noted,
        )
    elif chart.kind == "mood":
        text = ngettext(
            "You noted a feeling in %(count)s entry. On average it was %(average)s out of 5.",
            "You noted a feeling in %(count)s entries. On average it was %(average)s out of 5.",
            chart.noted,
        )
    else:
        text = ngettext(
            "You noted urges in %(count)s entry. On average they were %(average)s out of 10.",
            "You noted urges in %(count)s entries. On average they were %(average)s out of 10.",
            chart.noted,
        )
    # 1,450 as the reader's language groups it, as the counts beside the chart (progress/summary.py).
    words = [text % {"count": _number(chart.noted, grouped=True), "average": _number(chart.average)}]
    if chart.first_half is not None and chart.second_half is not None:
        change = chart.second_half - chart.first_half
        if chart.kind == "mood":
            if change >= scale.change:
                words.append(_("Feelings were lighter in the second half of this time than in the first."))
            elif change <= -scale.change:
                words.append(_("Feelings were heavier in the second half. Hard stretches are part of the path."))
            else:
                words.append(_("Feelings stayed about the same through this time."))
        elif change <= -scale.change:
            words.append(_("Urges were less strong in the second half of this time than in the first."))
        elif change >= scale.change:
            words.append(_("Urges were stronger in the second half. That happens, and it is part of the path."))
        else:
            words.append(_("Urges stayed about as strong through this time."))
    return " ".join(words)


def _number(value: Any, *, grouped: bool = False) -> str:
    from django.utils.formats import number_format

    if grouped:  # a count: a whole number, its thousands grouped
        return str(number_format(value, force_grouping=True))
    return str(number_format(value, decimal_pos=1))

"""A summary to take with you: one page for one span, built from the look back's own figures.

`summary_snapshot(owner=..., span=...)` is the one place the summary is made. The page at
/look-back/summary/ draws it; `Summary.to_text()` gives the same summary as plain text (for a
copy shared through Waypoint's sharing, which keys its copy separately), worded for the one who
reads that copy: "they", where the person's own page says "you". Nothing here is stored.

What goes on it was chosen for a page the person might hand to someone: the figures, the words
about how feelings and urges moved, small victories, and the titles of starred entries. Left off:
"patterns you might notice" (observations from the person's own hard moments, and their tag
names) and the entries' words. Setback days appear only when the person asks for them, and the
titles of starred entries and the notes on small victories can be left off too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from progress.charts import DAY, MONTH, WEEK, Chart
from progress.look_back import Span, StarredEntry, look_back, span_from
from progress.selectors import VictoryView, victories_in_span, victories_newest_in_span

# One printed page: the newest few of each list, and a word for how many more there are.
NEWEST_VICTORIES = 3
STARRED_SHOWN = 8


def _count(count: int) -> str:
    # 1,450 as the reader's language groups it: a bare "1450 entries written" is hard to take in.
    return formats.number_format(count, force_grouping=True)


@dataclass(frozen=True)
class Include:
    """What the person chose to put on their summary."""

    titles: bool = True  # the titles of starred entries (otherwise only their dates)
    notes: bool = True  # the notes on small victories (otherwise only what kind and when)
    setbacks: bool = False  # days they noted a setback: only when asked for


@dataclass
class Summary:
    span: Span
    first: date
    last: date
    include: Include
    entries: int = 0
    coping: int = 0
    reflections: int = 0
    mood: Chart | None = None
    urge: Chart | None = None
    victories: int = 0
    urges_passed: int = 0
    newest_victories: list[VictoryView] = field(default_factory=list)
    starred: list[StarredEntry] = field(default_factory=list)
    starred_more: int = 0
    setback_days: list[date] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.entries == 0 and self.reflections == 0 and self.victories == 0

    @property
    def title(self) -> str:
        """A heading without anything written in it, fit for a shared copy's title."""
        if self.first == self.last:
            # Everything, for someone whose journal began today: "6 December to 6 December" read oddly.
            return _("A look back, %(day)s") % {"day": _day(self.first)}
        return _("A look back, %(first)s to %(last)s") % {"first": _day(self.first), "last": _day(self.last)}

    def counts(self) -> list[str]:
        """What the person did in this time, as the page lists it: only what there is, so no
        line is ever a zero (nothing here keeps score)."""
        lines = []
        if self.entries:
            written = ngettext("%(count)s entry written", "%(count)s entries written", self.entries)
            lines.append(written % {"count": _count(self.entries)})
        if self.coping:
            helped = ngettext(
                "%(count)s note of something that helped", "%(count)s notes of something that helped", self.coping
            )
            lines.append(helped % {"count": _count(self.coping)})
        if self.reflections:
            finished = ngettext("%(count)s reflection finished", "%(count)s reflections finished", self.reflections)
            lines.append(finished % {"count": _count(self.reflections)})
        return lines

    def victory_counts(self) -> list[str]:
        # None in this span: no section at all, as for the counts. Printed for a therapist, "None
        # kept in this time" read as a score of zero.
        if not self.victories:
            return []
        kept = ngettext(
            "%(count)s small victory kept in this time", "%(count)s small victories kept in this time", self.victories
        )
        lines = [kept % {"count": _count(self.victories)}]
        if self.urges_passed:
            passed = ngettext("%(count)s urge that passed", "%(count)s urges that passed", self.urges_passed)
            lines.append(passed % {"count": _count(self.urges_passed)})
        return lines

    @sensitive_variables()
    def to_text(self) -> str:
        """The same summary as plain text, in the language active now, for someone else to read.

        It is only ever a copy shared with a supporter or a therapist, read under "A summary from
        their look back": what the person did is "they did", never "you did", which that reader
        would take to be about themselves. The person's own page keeps "you".
        """
        out = [self.title, str(self.span.label), ""]
        if self.is_empty:
            out.append(_("There are no entries in this time."))
            return "\n".join(out) + "\n"
        if counts := self.counts():
            out += [_("What they did in this time"), *(f"- {line}" for line in counts), ""]
        for chart, heading in ((self.mood, _("How they felt")), (self.urge, _("How strong urges were"))):
            if chart is None:
                continue
            out += [heading, chart.summary_for_reader]
            if chart.average is not None:
                # The page says what the numbers mean beside its chart; the copy has only the numbers,
                # and "7 December: 1.0" alone does not say whether 1 is a hard day or a good one.
                out.append(_scale(chart.kind))
            out += [f"- {_bucket(point.start, chart.bucket)}: {_number(point.average)}" for point in chart.with_data]
            out.append("")
        if victory_lines := self.victory_counts():
            out += [_("Small victories"), *(f"- {line}" for line in victory_lines)]
            for victory in self.newest_victories:
                note = f": {victory.note}" if victory.note else ""
                out.append(f"- {_day(victory.about_on)}, {victory.kind_label}{note}")
            out.append("")
        if self.starred:
            out.append(_("What they want to remember"))
            out += [f"- {_day(item.written_on)}" + (f": {item.title}" if item.title else "") for item in self.starred]
            if self.starred_more:
                out.append("- " + _more(self.starred_more))
            out.append("")
        if self.setback_days:
            out.append(_("Days they noted a setback"))
            out += [f"- {_day(day)}" for day in self.setback_days]
            out.append("")
        return "\n".join(out)


def _scale(kind: str) -> str:
    if kind == "mood":
        return _("1 is really hard and 5 is good.")
    return _("0 is no urge and 10 is the strongest.")


def _day(day: date) -> str:
    return str(formats.date_format(day, "DATE_FORMAT"))


def _bucket(start: date, bucket: str) -> str:
    if bucket == MONTH:
        return str(formats.date_format(start, "YEAR_MONTH_FORMAT"))
    if bucket == WEEK:
        return _("week of %(day)s") % {"day": _day(start)}
    assert bucket == DAY
    return _day(start)


def _number(value: Any) -> str:
    return str(formats.number_format(value, decimal_pos=1))


def _more(count: int) -> str:
    return ngettext("and %(count)s more", "and %(count)s more", count) % {"count": _count(count)}


@sensitive_variables()
def summary_snapshot(
    *, owner: User, span: Span | str, include: Include | None = None, today: date | None = None
) -> Summary:
    """The summary for one person and span, from the same figures as their look back."""
    include = include or Include()
    chosen = span if isinstance(span, Span) else span_from(span)
    look = look_back(user=owner, span=chosen, patterns=False, today=today)
    kept = victories_in_span(owner=owner, first=look.counts_from, last=look.last)
    newest = victories_newest_in_span(owner=owner, first=look.counts_from, last=look.last, limit=NEWEST_VICTORIES)
    if not include.notes:
        newest = [_without_note(victory) for victory in newest]
    starred = look.starred if include.titles else [StarredEntry(s.id, "", s.written_on) for s in look.starred]
    return Summary(
        span=chosen,
        # "Everything" begins at the earliest small victory when one was kept before the first entry.
        first=min(look.first, kept.earliest) if kept.earliest else look.first,
        last=look.last,
        include=include,
        entries=look.entries,
        coping=look.coping,
        reflections=look.reflections,
        mood=look.mood if include.setbacks else _unmarked(look.mood),
        urge=look.urge if include.setbacks else _unmarked(look.urge),
        victories=kept.in_span,
        urges_passed=kept.urges_passed,
        newest_victories=newest,
        starred=starred[:STARRED_SHOWN],
        starred_more=max(0, len(starred) - STARRED_SHOWN),
        setback_days=look.setback_days if include.setbacks else [],
    )


def _without_note(victory: VictoryView) -> VictoryView:
    return replace(victory, note="")


def _unmarked(chart: Chart | None) -> Chart | None:
    """The chart without setback marks, so a summary that leaves them off holds none at all."""
    if chart is not None:
        chart.points = [replace(point, setback=False) for point in chart.points]
    return chart


# The address carries what is on the summary under short names that say nothing of it: on a
# shared device the browser's history and a share link must not read "setbacks" (language.md,
# Shared devices). The form, the share links and the sealed copy's maker all use these.
INCLUDE_PARAMS = {"titles": "t", "notes": "n", "setbacks": "m"}


def include_from(params: Mapping[str, str]) -> Include:
    """What to put on the summary. The form sends `chosen=1`, so an unticked box is a choice;
    without it (a first visit, a link from the look back) the defaults stand."""
    if params.get("chosen") != "1":
        return Include()
    return Include(**{attr: params.get(name) == "1" for attr, name in INCLUDE_PARAMS.items()})

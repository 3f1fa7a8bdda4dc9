"""The look back's figures: a journal with known moods, urges, tags and dates gives exactly these."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from journal.models import Entry
from journal.services import entry_create, entry_trash
from progress.charts import MONTH, SCALES, Chart, _summary
from progress.look_back import SPANS, look_back

TODAY = date(2026, 3, 31)  # a Tuesday; the last 4 weeks run from Wednesday 4 March


def _write(person: Any, day: str, mood: int | None, urge: int | None, **extra: Any) -> Entry:
    return entry_create(author=person, body="words", written_on=date.fromisoformat(day), mood=mood, urge=urge, **extra)


def _journal(person: Any) -> None:
    _write(person, "2026-03-03", 1, 10)  # the day before the 4 weeks begin
    _write(person, "2026-03-04", 2, 8, tags=["late night"])
    _write(person, "2026-03-04", 3, 6, tags=["late night"])
    _write(person, "2026-03-05", 3, None)
    _write(person, "2026-03-10", 4, 2, kind=Entry.Kind.COPING)
    _write(person, "2026-03-30", 5, 0)
    _write(person, "2026-03-31", None, None)


def test_four_weeks_gives_one_point_a_day_with_exact_averages(alice: Any) -> None:
    _journal(alice)
    look = look_back(user=alice, span=SPANS["4w"], today=TODAY)

    assert (look.first, look.last) == (date(2026, 3, 4), TODAY)
    assert (look.entries, look.coping, look.reflections) == (6, 1, 0)
    mood = look.mood
    assert mood is not None and len(mood.points) == 28
    assert [(p.start, p.average, p.count) for p in mood.with_data] == [
        (date(2026, 3, 4), 2.5, 2),
        (date(2026, 3, 5), 3.0, 1),
        (date(2026, 3, 10), 4.0, 1),
        (date(2026, 3, 30), 5.0, 1),
    ]
    # 1 to 5 over 164 units of height from y=16; one step of 536/27 units a day from x=48.
    assert [(p.x, p.y) for p in mood.with_data] == [(48.0, 118.5), (67.9, 98.0), (167.1, 57.0), (564.1, 16.0)]
    assert mood.lines == ["48.0,118.5 67.9,98.0"]  # only the 4th and 5th are side by side
    assert (mood.noted, mood.average, mood.first_half, mood.second_half) == (5, 3.4, 3.0, 5.0)
    assert mood.summary == (
        "You noted a feeling in 5 entries. On average it was 3.4 out of 5. "
        "Feelings were lighter in the second half of this time than in the first."
    )

    urge = look.urge
    assert urge is not None
    assert [(p.start, p.average) for p in urge.with_data] == [
        (date(2026, 3, 4), 7.0),
        (date(2026, 3, 10), 2.0),
        (date(2026, 3, 30), 0.0),
    ]
    assert (urge.noted, urge.average, urge.first_half, urge.second_half) == (4, 4.0, 5.3, 0.0)
    assert urge.summary.endswith("Urges were less strong in the second half of this time than in the first.")


def test_three_months_and_a_year_go_by_week_and_everything_by_month(alice: Any) -> None:
    _journal(alice)
    weeks = look_back(user=alice, span=SPANS["3m"], today=TODAY).mood
    assert weeks is not None
    # 91 days back from Tuesday 31 March starts on Wednesday 31 December, in the week of Monday 29th.
    assert weeks.points[0].start == date(2025, 12, 29) and len(weeks.points) == 14
    assert [(p.start, p.average, p.count) for p in weeks.with_data] == [
        (date(2026, 3, 2), 2.2, 4),  # 1, 2, 3, 3
        (date(2026, 3, 9), 4.0, 1),
        (date(2026, 3, 30), 5.0, 1),
    ]
    year = look_back(user=alice, span=SPANS["1y"], today=TODAY).mood
    assert year is not None and len(year.points) == 53

    everything = look_back(user=alice, span=SPANS["all"], today=TODAY)
    assert everything.entries == 7
    assert everything.mood is not None
    assert [(p.start, p.average, p.count) for p in everything.mood.points] == [(date(2026, 3, 1), 3.0, 6)]


def test_a_setback_takes_no_count_down(alice: Any) -> None:
    _journal(alice)
    before = look_back(user=alice, span=SPANS["4w"], today=TODAY)
    _write(alice, "2026-03-31", 1, 10, tags=["hard night"], title="A setback")
    after = look_back(user=alice, span=SPANS["4w"], today=TODAY)
    assert after.entries == before.entries + 1
    assert (after.coping, after.reflections, len(after.starred)) == (before.coping, before.reflections, 0)
    assert after.urge is not None and after.urge.summary.startswith("You noted urges in 5 entries.")


def test_a_noted_setback_marks_its_day_and_takes_no_count_down(alice: Any) -> None:
    from progress.models import VictoryKind
    from progress.selectors import victories_in_span
    from progress.services import victory_add

    _journal(alice)
    victory_add(owner=alice, kind=VictoryKind.URGE, about_on=date(2026, 3, 10), note="")
    before = look_back(user=alice, span=SPANS["4w"], today=TODAY)
    kept_before = victories_in_span(owner=alice, first=before.first, last=before.last)
    _write(alice, "2026-03-20", 2, 8, setback=True)
    after = look_back(user=alice, span=SPANS["4w"], today=TODAY)
    kept_after = victories_in_span(owner=alice, first=after.first, last=after.last)

    assert after.setback_days == [date(2026, 3, 20)]
    assert after.entries == before.entries + 1
    assert (after.coping, after.reflections, after.starred) == (before.coping, before.reflections, before.starred)
    assert kept_after == kept_before  # small victories and urges that passed: all still there
    assert after.mood is not None and after.urge is not None and before.mood is not None
    assert [p.start for p in after.mood.setbacks] == [date(2026, 3, 20)] == [p.start for p in after.urge.setbacks]
    # Its feeling counts like any other: the setback itself moves no point and no total.
    assert after.mood.noted == before.mood.noted + 1
    marked = next(p for p in after.mood.points if p.setback)
    assert (marked.average, marked.count) == (2.0, 1)
    # By week, the mark is on the week it falls in.
    weeks = look_back(user=alice, span=SPANS["3m"], today=TODAY).urge
    assert weeks is not None and [p.start for p in weeks.setbacks] == [date(2026, 3, 16)]


def test_an_unmarked_journal_has_no_marks(alice: Any) -> None:
    _journal(alice)
    look = look_back(user=alice, span=SPANS["all"], today=TODAY)
    assert look.setback_days == [] and look.mood is not None and look.mood.setbacks == []


def test_a_trashed_entry_and_someone_elses_entries_are_not_in_it(alice: Any, bob: Any) -> None:
    _journal(alice)
    _write(bob, "2026-03-20", 1, 10)
    entry_trash(entry=_write(alice, "2026-03-20", 1, 10))
    look = look_back(user=alice, span=SPANS["4w"], today=TODAY)
    assert look.entries == 6
    assert look.mood is not None and date(2026, 3, 20) not in [p.start for p in look.mood.with_data]


def test_patterns_you_might_notice_come_from_tags_and_times_of_day(alice: Any) -> None:
    evening = datetime(2026, 3, 20, 21, 0, tzinfo=UTC)
    morning = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
    for urge in (9, 8, 7):
        _write(alice, "2026-03-20", 2, urge, tags=["late night", "work"], created_at=evening)
    for _ in range(3):
        _write(alice, "2026-03-21", 4, 1, tags=["walk", "work"], created_at=morning)

    look = look_back(user=alice, span=SPANS["4w"], today=TODAY)
    assert look.patterns is not None
    # Across all six: 4.5. "late night": 8 (3.5 more); "work" is on every entry, "walk" is lower.
    assert [(p.kind, str(p.name), p.average, p.overall) for p in look.patterns] == [
        ("tag", "late night", 8.0, 4.5),
        ("time", "in the evening", 8.0, 4.5),
    ]
    assert look_back(user=alice, span=SPANS["4w"], today=TODAY, patterns=False).patterns is None


def test_two_entries_are_too_few_for_a_pattern(alice: Any) -> None:
    _write(alice, "2026-03-20", 2, 9, tags=["late night"])
    _write(alice, "2026-03-21", 2, 9, tags=["late night"])
    assert look_back(user=alice, span=SPANS["4w"], today=TODAY).patterns == []


def test_everything_charts_start_where_there_is_something_to_draw(alice: Any) -> None:
    # An old notebook copied in years ago, with no feelings noted: "Everything" still counts it,
    # but its charts begin at the first feeling, urge or setback, not seven years of empty months
    # that squeezed every recent point into a clump at the right edge.
    _journal(alice)
    _write(alice, "2019-03-02", None, None, title="Old notebook")
    _write(alice, "2025-11-12", None, None, setback=True)
    look = look_back(user=alice, span=SPANS["all"], today=TODAY)

    assert (look.entries, look.first) == (9, date(2019, 3, 2))
    assert look.mood is not None and look.urge is not None
    assert look.mood.points[0].start == look.urge.points[0].start == date(2025, 11, 1)
    assert [p.start for p in look.mood.setbacks] == [date(2025, 11, 1)]
    assert [(p.start, p.average) for p in look.mood.with_data] == [(date(2026, 3, 1), 3.0)]
    # The halves are of the months drawn, so the words can say how things moved.
    assert look.mood.first_half is None and look.mood.second_half == 3.0
    assert look.mood.points[-1].start == date(2026, 3, 1) and len(look.mood.points) == 5


def test_an_entry_about_tomorrow_is_in_the_latest_days(alice: Any) -> None:
    # Written just after midnight ahead of the server's time zone, an entry is about tomorrow by the
    # server's clock (journal/forms.py allows it). The look back left it out of every span but
    # Everything until the server's day caught up: the entry just written was missing at night.
    _journal(alice)
    _write(alice, "2026-04-01", 4, 1)
    for key in ("4w", "3m", "1y", "all"):
        look = look_back(user=alice, span=SPANS[key], today=TODAY)
        assert look.last == date(2026, 4, 1), key
        assert look.mood is not None and look.mood.with_data[-1].average in (4.0, 4.5), key
    weeks = look_back(user=alice, span=SPANS["4w"], today=TODAY)
    assert weeks.entries == 7 and weeks.mood is not None
    assert (weeks.mood.points[-1].start, weeks.mood.points[-1].average) == (date(2026, 4, 1), 4.0)


def test_a_chart_says_a_count_past_a_thousand_as_the_counts_beside_it() -> None:
    # Years of noting feelings: the look back says "1,450 entries written" (progress/summary.py),
    # and its chart, just below, said "You noted a feeling in 1450 entries".
    for kind, words in (("mood", "a feeling in"), ("urge", "urges in")):
        chart = Chart(kind=kind, bucket=MONTH, points=[], noted=1450, average=3.0, first_half=None, second_half=None)
        assert _summary(chart, SCALES[kind]).startswith(f"You noted {words} 1,450 entries.")
        assert _summary(chart, SCALES[kind], for_reader=True).startswith(f"They noted {words} 1,450 entries.")

"""The summary to take with you: the look back's own figures, on one page and as plain text."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.utils import translation

from journal.services import entry_create
from progress import look_back_services
from progress.look_back import SPANS, look_back
from progress.models import VictoryKind
from progress.services import victory_add
from progress.summary import NEWEST_VICTORIES, STARRED_SHOWN, Include, summary_snapshot
from tests.dates import in_german
from tests.progress.test_figures import TODAY, _journal, _write


def test_the_figures_are_the_look_backs_own(alice: Any) -> None:
    _journal(alice)
    summary = summary_snapshot(owner=alice, span="4w", today=TODAY)
    look = look_back(user=alice, span=SPANS["4w"], today=TODAY)
    assert (summary.first, summary.last) == (date(2026, 3, 4), TODAY)
    assert (summary.entries, summary.coping, summary.reflections) == (6, 1, 0)
    assert summary.mood is not None and look.mood is not None and summary.urge is not None
    assert summary.mood.points == look.mood.points
    assert summary.mood.summary == look.mood.summary
    assert summary.urge.summary.endswith("Urges were less strong in the second half of this time than in the first.")
    # A span it does not know is the look back's default, as on the page.
    assert summary_snapshot(owner=alice, span="nonsense", today=TODAY).span.key == "3m"


def test_victories_newest_first_and_starred_entries_a_page_can_hold(alice: Any) -> None:
    for day in (5, 6, 7, 8):
        victory_add(owner=alice, kind=VictoryKind.URGE, about_on=date(2026, 3, day), note=f"rode it out {day}")
    victory_add(owner=alice, kind=VictoryKind.HELP, about_on=date(2026, 1, 2), note="before the span")
    for n in range(STARRED_SHOWN + 2):
        entry = entry_create(author=alice, title=f"heron {n}", body="x", written_on=date(2026, 3, 10 + n), mood=4)
        look_back_services.entry_star(entry=entry, starred=True)

    summary = summary_snapshot(owner=alice, span="4w", today=TODAY)
    assert (summary.victories, summary.urges_passed) == (4, 4)
    assert len(summary.newest_victories) == NEWEST_VICTORIES
    assert [v.note for v in summary.newest_victories] == ["rode it out 8", "rode it out 7", "rode it out 6"]
    assert [s.title for s in summary.starred] == [f"heron {n}" for n in range(STARRED_SHOWN + 1, 1, -1)]
    assert summary.starred_more == 2

    private = summary_snapshot(owner=alice, span="4w", today=TODAY, include=Include(titles=False, notes=False))
    assert [s.title for s in private.starred] == [""] * STARRED_SHOWN
    assert [v.note for v in private.newest_victories] == ["", "", ""]
    text = private.to_text()
    assert "heron" not in text and "rode it out" not in text
    assert "- 19 March 2026\n" in text  # the starred entries' days are still there


def test_setback_days_only_when_asked_for_and_never_lowering_a_figure(alice: Any) -> None:
    _journal(alice)
    before = summary_snapshot(owner=alice, span="4w", today=TODAY)
    _write(alice, "2026-03-20", 2, 8, setback=True)
    left_off = summary_snapshot(owner=alice, span="4w", today=TODAY)
    asked = summary_snapshot(owner=alice, span="4w", today=TODAY, include=Include(setbacks=True))

    assert left_off.setback_days == [] and left_off.mood is not None and left_off.mood.setbacks == []
    assert "setback" not in left_off.to_text()
    assert asked.setback_days == [date(2026, 3, 20)]
    assert asked.mood is not None and [p.start for p in asked.mood.setbacks] == [date(2026, 3, 20)]
    assert "Days they noted a setback\n- 20 March 2026" in asked.to_text()
    for after in (left_off, asked):
        assert after.entries == before.entries + 1
        assert (after.coping, after.reflections, after.victories) == (before.coping, before.reflections, 0)


def test_the_text_reads_as_the_page_does_for_someone_else(alice: Any) -> None:
    # The text is only ever a shared copy, read by a supporter or a therapist: "they", never "you".
    _journal(alice)
    victory_add(owner=alice, kind=VictoryKind.CONVERSATION, about_on=date(2026, 3, 30), note="called Sam")
    starred = entry_create(author=alice, title="Tea with Sam", body="x", written_on=date(2026, 3, 29), mood=5)
    look_back_services.entry_star(entry=starred, starred=True)
    with translation.override("en"):
        text = summary_snapshot(owner=alice, span="4w", today=TODAY).to_text()
    assert text.startswith("A look back, 4 March 2026 to 31 March 2026\nThe last 4 weeks\n")
    # Only what there is: no reflection was finished, and no line says "0".
    assert "What they did in this time\n- 7 entries written\n- 1 note of something that helped\n\n" in text
    assert "How they felt\nThey noted a feeling in 6 entries. On average it was 3.7 out of 5." in text
    assert "- 4 March 2026: 2.5\n" in text
    assert "- 1 small victory kept in this time\n- 30 March 2026, A conversation: called Sam\n" in text
    assert "What they want to remember\n- 29 March 2026: Tea with Sam\n" in text
    for word in ("streak", "clean", "failed", "days since", "reset", "risk"):
        assert word not in text.lower()
    assert not re.search(r"\byou\b", text, re.IGNORECASE), text


def test_an_empty_span_says_so_kindly(alice: Any) -> None:
    summary = summary_snapshot(owner=alice, span="all", today=TODAY)
    assert summary.is_empty
    assert summary.to_text().endswith("There are no entries in this time.\n")


def test_a_zero_is_never_a_line_on_it(alice: Any, bob: Any, alice_client: Any) -> None:
    # Written only: nothing that helped, no reflection, no small victory. What is not there stays off.
    _write(alice, "2026-03-20", 3, 4)
    summary = summary_snapshot(owner=alice, span="4w", today=TODAY)
    assert summary.counts() == ["1 entry written"]
    # No small victory in this span: no section saying none (printed for a therapist, a zero).
    assert summary.victory_counts() == []
    text = summary.to_text()
    assert "- 0 " not in text and "Small victories" not in text and "None kept" not in text
    page = " ".join(alice_client.get("/look-back/summary/", {"span": "all"}).content.decode().split())
    assert "<li>1 entry written</li>" in page and "None kept" not in page
    assert 'id="summary-victories-heading"' not in page
    assert "<li>0 " not in page and "note of something" not in page and "reflection finished" not in page

    # Only a small victory in the span: no empty "What you did" heading at all.
    victory_add(owner=bob, kind=VictoryKind.URGE, about_on=date(2026, 3, 20), note="")
    victory_only = summary_snapshot(owner=bob, span="4w", today=TODAY)
    assert not victory_only.is_empty and victory_only.counts() == []
    assert "What they did in this time" not in victory_only.to_text()


def test_the_texts_dates_are_written_the_way_the_active_language_writes_them(alice: Any) -> None:
    _journal(alice)
    victory_add(owner=alice, kind=VictoryKind.CONVERSATION, about_on=date(2026, 3, 30), note="called Sam")
    with translation.override("de"):
        text = summary_snapshot(owner=alice, span="4w", today=TODAY).to_text()
    assert f"- {in_german(date(2026, 3, 30))}, " in text
    assert "30 March 2026" not in text


def test_a_journal_begun_today_is_one_day_not_a_day_to_itself(alice: Any) -> None:
    _write(alice, TODAY.isoformat(), 3, None)
    summary = summary_snapshot(owner=alice, span="all", today=TODAY)
    with translation.override("en"):
        assert summary.title == "A look back, 31 March 2026"


def test_a_shared_copy_says_what_its_numbers_mean(alice: Any) -> None:
    # The copy lists each day's number; without the scale a therapist reading "20 March 2026: 1.0"
    # could not tell a really hard day from a good one. The page says it beside its chart.
    _journal(alice)
    _write(alice, "2026-03-20", 1, 9, setback=True)
    with translation.override("en"):
        text = summary_snapshot(owner=alice, span="4w", today=TODAY).to_text()
    felt = text[text.index("How they felt") : text.index("How strong urges were")]
    urges = text[text.index("How strong urges were") :]
    assert "1 is really hard and 5 is good." in felt
    assert "0 is no urge and 10 is the strongest." in urges
    assert felt.index("5 is good") < felt.index("- 20 March 2026: ")


def test_a_copy_without_numbers_explains_no_scale(alice: Any) -> None:
    _write(alice, "2026-03-20", None, None)
    with translation.override("en"):
        text = summary_snapshot(owner=alice, span="4w", today=TODAY).to_text()
    assert "No feelings were noted in this time." in text
    assert "5 is good" not in text and "strongest" not in text


def test_everything_begins_at_a_small_victory_kept_before_the_first_entry(alice: Any, bob: Any) -> None:
    # "Everything" began at the first entry: a victory kept before it was left off the page
    # and its count, and someone who had kept only victories read "There are no entries".
    victory_add(owner=alice, kind=VictoryKind.URGE, about_on=date(2026, 1, 2), note="rode it out")
    _write(alice, "2026-03-10", mood=4, urge=None)
    summary = summary_snapshot(owner=alice, span="all", today=TODAY)
    assert (summary.first, summary.last) == (date(2026, 1, 2), TODAY)
    assert (summary.victories, summary.urges_passed) == (1, 1)
    assert [victory.note for victory in summary.newest_victories] == ["rode it out"]
    assert summary.to_text().startswith("A look back, 2 January 2026 to 31 March 2026")

    victory_add(owner=bob, kind=VictoryKind.HELP, about_on=date(2026, 3, 20), note="")
    only_victories = summary_snapshot(owner=bob, span="all", today=TODAY)
    assert not only_victories.is_empty
    assert (only_victories.first, only_victories.victories) == (date(2026, 3, 20), 1)


def test_starred_entries_past_a_thousand_are_counted_as_the_figures_above_them(
    alice: Any, alice_client: Any, monkeypatch: Any
) -> None:
    # "1,450 entries written" above, then "and 1442 more" under the starred ones; a snapshot with
    # that many stands in for years of starring (writing them all would take minutes).
    import dataclasses

    from progress import look_back_views

    entry = entry_create(author=alice, title="heron", body="x", written_on=TODAY, mood=4)
    look_back_services.entry_star(entry=entry, starred=True)

    def many(**kwargs: Any) -> Any:
        return dataclasses.replace(summary_snapshot(**kwargs), starred_more=1442)

    monkeypatch.setattr(look_back_views, "summary_snapshot", many)
    assert "- and 1,442 more" in many(owner=alice, span="all").to_text()
    page = " ".join(alice_client.get("/look-back/summary/", {"span": "all"}).content.decode().split())
    assert "<li>and 1,442 more</li>" in page

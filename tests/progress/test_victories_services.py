"""Small victories: adding, marking, changing the note, and reading them back, newest first."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from journal.keyring import forget_user_keyring
from journal.services import entry_create, entry_trash, trash_empty
from progress import selectors, services
from progress.models import Victory, VictoryKind

pytestmark = pytest.mark.django_db


def test_a_victory_reads_back_with_its_kind_day_and_note(alice: Any) -> None:
    services.victory_add(owner=alice, kind=VictoryKind.CONVERSATION, about_on=date(2026, 3, 4), note=" Called Sam ")
    forget_user_keyring(alice)
    (view,) = selectors.victories_for(owner=alice)
    assert (view.kind, view.about_on, view.note) == ("talk", date(2026, 3, 4), "Called Sam")
    assert view.kind_label == "A conversation"


def test_victories_come_newest_first_by_the_day_they_are_about(alice: Any) -> None:
    today = timezone.localdate()
    services.victory_add(owner=alice, kind=VictoryKind.OTHER, about_on=today - timedelta(days=3), note="older")
    services.victory_add(owner=alice, kind=VictoryKind.OTHER, about_on=today, note="today, first")
    services.victory_add(owner=alice, kind=VictoryKind.OTHER, about_on=today, note="today, second")
    services.victory_add(owner=alice, kind=VictoryKind.OTHER, about_on=today - timedelta(days=1), note="yesterday")
    notes = [v.note for v in selectors.victories_for(owner=alice)]
    assert notes == ["today, second", "today, first", "yesterday", "older"]


def test_only_the_persons_own_victories_are_read(alice: Any, bob: Any) -> None:
    services.victory_add(owner=alice, kind=VictoryKind.HELP)
    bobs = services.victory_add(owner=bob, kind=VictoryKind.URGE)
    assert [v.kind for v in selectors.victories_for(owner=alice)] == ["help"]
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.victory_for_owner(owner=alice, victory_id=bobs.id)


def test_a_day_past_the_journals_latest_is_refused(alice: Any) -> None:
    with pytest.raises(ValueError):
        services.victory_add(owner=alice, kind=VictoryKind.OTHER, about_on=timezone.localdate() + timedelta(days=2))
    assert not Victory.objects.exists()


def test_marking_an_entry_is_about_its_day_and_a_second_mark_adds_nothing(alice: Any) -> None:
    entry = entry_create(author=alice, body="I asked for help today", written_on=date(2026, 5, 6))
    first, new = services.victory_mark_entry(owner=alice, entry=entry)
    again, new_again = services.victory_mark_entry(owner=alice, entry=entry)
    assert (new, new_again) == (True, False)
    assert first.pk == again.pk
    (view,) = selectors.victories_for(owner=alice)
    assert (view.kind, view.about_on, view.entry_id) == ("entry", date(2026, 5, 6), entry.pk)


def test_a_draft_is_not_marked_until_it_is_saved(alice: Any) -> None:
    draft = entry_create(author=alice, body="half a thought", is_draft=True)
    with pytest.raises(ValueError):
        services.victory_mark_entry(owner=alice, entry=draft)
    assert not Victory.objects.exists()


def test_every_urge_that_passed_is_its_own_victory(alice: Any) -> None:
    services.victory_mark_urge(owner=alice)
    services.victory_mark_urge(owner=alice)
    assert [v.kind for v in selectors.victories_for(owner=alice)] == ["urge", "urge"]


def test_trashing_or_deleting_the_entry_leaves_the_victory(alice: Any) -> None:
    entry = entry_create(author=alice, body="A good day")
    services.victory_mark_entry(owner=alice, entry=entry)
    entry_trash(entry=entry)
    (view,) = selectors.victories_for(owner=alice)
    assert view.entry_id is None, "no link to an entry in the trash"
    assert view.marked_entry_id == entry.pk
    trash_empty(owner=alice)
    (view,) = selectors.victories_for(owner=alice)
    assert (view.kind, view.entry_id, view.marked_entry_id) == ("entry", None, None)


def test_the_note_can_be_changed_and_emptied(alice: Any) -> None:
    victory = services.victory_add(owner=alice, kind=VictoryKind.OTHER, note="first words")
    services.victory_note_change(victory=victory, note="  better words ")
    assert selectors.victory_view(victory=Victory.objects.get()).note == "better words"
    services.victory_note_change(victory=victory, note="")
    assert bytes(Victory.objects.get().note) == b""
    assert selectors.victory_view(victory=Victory.objects.get()).note == ""


def test_a_setback_written_in_the_journal_takes_nothing_away(alice: Any) -> None:
    for _ in range(3):
        services.victory_mark_urge(owner=alice)
    before = [v.id for v in selectors.victories_for(owner=alice)]
    entry_create(author=alice, body="A hard night. It happened again.", mood=1, urge=10)
    after = [v.id for v in selectors.victories_for(owner=alice)]
    assert after == before
    assert selectors.victory_count(owner=alice) == 3

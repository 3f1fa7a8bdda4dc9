from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from config.sqlite_files import deleted_rows_flush, deleted_rows_flush_no_wait
from journal.models import Entry, Tag
from journal.selectors import entry_texts
from journal.services import (
    EntryConflict,
    EntryContent,
    entry_create,
    entry_restore,
    entry_trash,
    entry_update,
    tag_names_clean,
    trash_empty,
    trash_empty_expired,
    trash_empty_for,
)


def test_a_new_entry_keeps_everything_written_and_stores_none_of_it_readable(alice: Any) -> None:
    entry = entry_create(
        author=alice,
        title="Tuesday",
        body="I went for a walk instead.",
        kind=Entry.Kind.COPING,
        written_on=date(2026, 1, 2),
        mood=2,
        urge=6,
        tags=["walk", "evening"],
    )
    stored = Entry.objects.get(pk=entry.pk)
    assert b"walk" not in bytes(stored.body) + bytes(stored.title) + bytes(stored.feelings)
    view = entry_texts(user=alice, entry=stored)
    assert (view.title, view.body, view.mood, view.urge) == ("Tuesday", "I went for a walk instead.", 2, 6)
    assert view.tags == ["evening", "walk"]
    assert (stored.kind, stored.written_on, stored.version) == ("coping", date(2026, 1, 2), 1)


def test_a_reflection_from_prompts_is_an_ordinary_entry(alice: Any, today: date) -> None:
    entry = entry_create(author=alice, title="After a hard day", body="Q\nA", kind=Entry.Kind.REFLECTION)
    assert entry.written_on == today
    assert entry_texts(user=alice, entry=entry).body == "Q\nA"


def test_tags_are_shared_between_entries_and_matched_ignoring_case(alice: Any) -> None:
    entry_create(author=alice, body="one", tags=["Sleep"])
    entry_create(author=alice, body="two", tags=["sleep ", "  sleep"])
    assert Tag.objects.filter(owner=alice).count() == 1
    assert tag_names_clean(["a  b", "A B", "", "c"]) == ["a b", "c"]


def content(body: str, **extra: Any) -> EntryContent:
    return EntryContent(title="", body=body, written_on=date(2026, 3, 1), **extra)


def test_a_save_from_the_current_version_lands(alice: Any) -> None:
    entry = entry_create(author=alice, body="first")
    entry_update(entry=entry, expected_version=1, content=content("second", tags=["x"]))
    assert entry.version == 2
    assert entry_texts(user=alice, entry=entry).body == "second"
    assert entry_texts(user=alice, entry=entry).tags == ["x"]


def test_a_save_from_an_older_version_is_refused_and_overwrites_nothing(alice: Any) -> None:
    entry = entry_create(author=alice, body="first")
    entry_update(entry=Entry.objects.get(pk=entry.pk), expected_version=1, content=content("from tab one"))
    with pytest.raises(EntryConflict) as conflict:
        entry_update(entry=Entry.objects.get(pk=entry.pk), expected_version=1, content=content("from tab two"))
    assert conflict.value.current is not None
    assert entry_texts(user=alice, entry=conflict.value.current).body == "from tab one"


def test_trash_restore_and_empty(alice: Any, bob: Any) -> None:
    kept = entry_create(author=alice, body="kept")
    gone = entry_create(author=alice, body="gone")
    bobs = entry_create(author=bob, body="bob's")
    entry_trash(entry=kept)
    entry_restore(entry=kept)
    entry_trash(entry=gone)
    entry_trash(entry=bobs)
    assert trash_empty(owner=alice) == 1
    assert set(Entry.objects.values_list("pk", flat=True)) == {kept.pk, bobs.pk}


def test_the_trash_empties_itself_after_thirty_days(alice: Any) -> None:
    old = entry_create(author=alice, body="old")
    recent = entry_create(author=alice, body="recent")
    entry_trash(entry=old)
    entry_trash(entry=recent)
    Entry.objects.filter(pk=old.pk).update(trashed_at=timezone.now() - timedelta(days=31))
    assert trash_empty_expired() == 1
    assert list(Entry.objects.values_list("pk", flat=True)) == [recent.pk]


def test_emptying_the_trash_takes_its_entries_out_of_the_database_files_too(
    alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # Their data keys are still alive, so SQLite's old pages could be read with them.
    entry_trash(entry=entry_create(author=alice, body="old"))
    Entry.objects.update(trashed_at=timezone.now() - timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert trash_empty_expired() == 1
    assert callbacks == [deleted_rows_flush]
    entry_trash(entry=entry_create(author=alice, body="recent"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert trash_empty_expired() == 0  # nothing deleted, no flush
        assert trash_empty_for(owner=alice) == 1
    # A person's own: without waiting for readers (config/sqlite_files.py).
    assert callbacks == [deleted_rows_flush_no_wait]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert trash_empty_for(owner=alice) == 0
    assert callbacks == []

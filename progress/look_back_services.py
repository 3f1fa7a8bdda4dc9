"""Writes for the look back: starring an entry as something to remember, and the person's choices."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from journal.models import Entry
from progress.models import LookBackPreferences


def entry_star(*, entry: Entry, starred: bool) -> Entry:
    """Star or unstar one of the person's entries (the caller has checked it is theirs).

    Only `starred_at` is written, with an UPDATE of that column alone: the entry's version stays
    as it is, so an editor open in another tab saves without a conflict. Starring twice keeps the
    first time.
    """
    rows = Entry.objects.filter(pk=entry.pk)
    if starred:
        now = timezone.now()
        rows.filter(starred_at__isnull=True).update(starred_at=now)
        entry.starred_at = entry.starred_at or now
    else:
        rows.update(starred_at=None)
        entry.starred_at = None
    return entry


def patterns_set(*, owner: User, shown: bool) -> None:
    """Show or hide "Patterns you might notice" on this person's look back."""
    LookBackPreferences.objects.update_or_create(owner=owner, defaults={"show_patterns": shown})

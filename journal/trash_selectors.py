"""Reading the trash: which entries a person can still reach, and the trash page's list.

Past its 30 days in the trash (services.trash_expiry) an entry is gone for the person, even before
housekeeping deletes it: every read here holds to that.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from journal.keyring import user_keyring
from journal.models import Entry
from journal.selectors import EntryView, entry_view
from journal.services import trash_expiry


def entries_in_reach(user: User) -> QuerySet[Entry]:
    """The person's entries in their journal or still in the trash: past its 30 days an entry is
    gone for them, even before housekeeping deletes it."""
    # One rule in two shapes: in_reach below is this rule on a row already read. Change both together.
    return Entry.objects.filter(Q(trashed_at__isnull=True) | Q(trashed_at__gte=trash_expiry()), owner=user)


def in_reach(entry: Entry) -> bool:
    """Whether an entry already read is one entries_in_reach holds: a page that reads one entry by its
    id tests this rather than build the condition into its query."""
    # One rule in two shapes: entries_in_reach above is this rule as a query. Change both together.
    return entry.trashed_at is None or entry.trashed_at >= trash_expiry()


def trashed_entries(*, user: User) -> list[EntryView]:
    ring = user_keyring(user)
    # Past its 30 days an entry is gone for the person, even before housekeeping deletes it.
    queryset = Entry.objects.filter(owner=user, trashed_at__gte=trash_expiry()).order_by("-trashed_at")
    # How many copies kept from other tabs each holds (the list says so: they go with it, for good).
    queryset = queryset.annotate(kept_count=Count("kept_words", filter=Q(kept_words__owner=user)))
    return [entry_view(ring=ring, entry=e, with_tags=False) for e in queryset]

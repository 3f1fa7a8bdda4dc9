"""The timeline: the person's entries newest first, a page at a time, grouped by month.

Its cost must not grow with the journal (issue #16): nothing here counts or reads every entry.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import User
from journal.keyring import UserKeyring, user_keyring
from journal.models import Entry, Tag
from journal.selectors import EntryView, entry_links, entry_view, live_entries
from journal.services import TAG, mood_digest

PAGE_SIZE = 20


@dataclass(frozen=True)
class TimelineFilters:
    tag: str = ""
    mood: int | None = None
    kind: str = ""

    @property
    def active(self) -> bool:
        return bool(self.tag or self.mood or self.kind)


@dataclass
class MonthGroup:
    month: date
    entries: list[EntryView]


@dataclass(frozen=True)
class TagChoice:
    id: str
    name: str


@dataclass(frozen=True)
class TimelinePage:
    """Where a page of the timeline sits. The journal is never counted for it: that count was the
    one cost of the page that grew with the journal, so the page says "Page 3", not "of 500"."""

    number: int
    has_next: bool
    has_previous: bool

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


@dataclass
class Timeline:
    page: TimelinePage
    groups: list[MonthGroup]
    tags: list[TagChoice]  # for the filter: the person's tags that are on an entry
    # Opened at a month ("Go to a month"): the month asked for, and whether nothing was written in
    # it or before it, so the page shows the journal's first entries instead.
    month: date | None = None
    from_the_start: bool = False

    @property
    def month_had_none(self) -> bool:
        """The month asked for has no entries (that match): the page starts at an older one."""
        return self.month is not None and bool(self.groups) and self.groups[0].month != self.month


_SUMMARY_FIELDS = ("id", "kind", "written_on", "title", "body", "feelings", "is_draft", "created_at")


def _page_of(queryset: QuerySet[Entry], number: int) -> list[Entry]:
    """The page's entries and the first of the next page, if there is one. Deep pages cost about
    what the first does: SQLite skips the OFFSET's rows in the timeline index."""
    return list(queryset[(number - 1) * PAGE_SIZE : number * PAGE_SIZE + 1])


# Past any journal's end (which shows the last page), and small enough that its OFFSET still fits
# in the database's 64-bit integer: ?page=99999999999999999999 was a server error.
_DEEPEST_PAGE = 10**9


def _page_number(value: Any) -> int:
    try:
        return min(max(1, int(value)), _DEEPEST_PAGE)
    except (TypeError, ValueError):
        return 1


def _pages_from(queryset: QuerySet[Entry], month: date, value: Any) -> tuple[list[Entry], TimelinePage, bool]:
    """The timeline opened at a month: page 1 starts with that month (or the nearest older one
    with entries), 2 and on are older, 0 and below newer. Each page is an OFFSET from the month's
    end in the timeline's index, read either way, so a month years back costs what page 1 does;
    nothing is counted. True when nothing was written by the month's end: the first entries."""
    end = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    older = queryset.filter(written_on__lt=end)
    newer = queryset.filter(written_on__gte=end).reverse()
    try:
        number = max(-_DEEPEST_PAGE, min(int(value), _DEEPEST_PAGE))
    except (TypeError, ValueError):
        number = 1
    if number >= 1:
        entries = _page_of(older, number)
        if entries:
            has_newer = number > 1 or newer.exists()  # page 1's one query more
            page = TimelinePage(number=number, has_next=len(entries) > PAGE_SIZE, has_previous=has_newer)
            return entries, page, False
        if number > 1:  # an old link past the end (entries were deleted since)
            return _pages_from(queryset, month, 1)
    # Nothing by the month's end: a month before the journal's first entry lands on page 0, the
    # first entries, with no older page.
    from_the_start = number == 1
    number = min(number, 0)
    nearest_first = _page_of(newer, 1 - number)
    if not nearest_first and number < 0:  # an old link past the newest entry
        return _pages_from(queryset, month, 1)
    page = TimelinePage(number=number, has_next=not from_the_start, has_previous=len(nearest_first) > PAGE_SIZE)
    return nearest_first[:PAGE_SIZE][::-1], page, from_the_start


def timeline_page(*, user: User, filters: TimelineFilters, page_number: Any = 1, month: date | None = None) -> Timeline:
    """Newest first, a page at a time, grouped by month. A fixed number of queries per page, and
    nothing that reads the whole journal: one more entry than the page shows says whether there
    is an older page."""
    ring = user_keyring(user)
    queryset = live_entries(user)
    if filters.tag:
        queryset = queryset.filter(tags__id=filters.tag)
    if filters.mood:
        queryset = queryset.filter(mood_index=mood_digest(ring, filters.mood))
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    # Only what the page shows: every other column was read and converted for nothing.
    queryset = queryset.order_by("-written_on", "-created_at").only(*_SUMMARY_FIELDS)
    from_the_start = False
    if month is not None:
        entries, page, from_the_start = _pages_from(queryset, month, page_number)
    else:
        number = _page_number(page_number)
        entries = _page_of(queryset, number)
        if not entries and number > 1:
            # An old link past the end (entries were deleted since): the last page, as it always was.
            number = max(1, -(-queryset.count() // PAGE_SIZE))
            entries = _page_of(queryset, number)
        page = TimelinePage(number=number, has_next=len(entries) > PAGE_SIZE, has_previous=number > 1)
    entries = entries[:PAGE_SIZE]
    tags = _tags_in_use(user=user, ring=ring)
    # Each tag's name is decrypted once for the filter and reused for every entry that has it.
    tags_of: dict[uuid.UUID, list[str]] = {}
    links = Entry.tags.through.objects.filter(entry_id__in=[e.pk for e in entries]).values_list("entry_id", "tag_id")
    for entry_id, tag_id in links:
        if tag_id in tags:
            tags_of.setdefault(entry_id, []).append(tags[tag_id])
    views = []
    for entry in entries:
        view = entry_view(ring=ring, entry=entry, with_tags=False)
        view.tags = sorted(tags_of.get(entry.pk, []), key=str.casefold)
        views.append(view)
    entry_links(views)
    groups = [
        MonthGroup(month=month, entries=list(items))
        for month, items in groupby(views, key=lambda v: v.entry.written_on.replace(day=1))
    ]
    choices = sorted((TagChoice(str(pk), name) for pk, name in tags.items()), key=lambda c: c.name.casefold())
    return Timeline(page=page, groups=groups, tags=choices, month=month, from_the_start=from_the_start)


def _tags_in_use(*, user: User, ring: UserKeyring) -> dict[uuid.UUID, str]:
    """The person's tags that are on at least one entry, by id, for the filter. Filters use the
    id, so a tag's name never appears in a URL."""
    in_use = Entry.tags.through.objects.filter(tag_id=OuterRef("pk"))
    # One filter() and plain rows, not Tag objects: each filter() copies the query again.
    tags = Tag.objects.filter(Exists(in_use), owner=user).values_list("id", "name")
    return {pk: ring.decrypt(name, model=TAG, field="name", record_id=pk) for pk, name in tags}


def tags_in_use(*, user: User) -> list[TagChoice]:
    """The person's tags that are on an entry, by name, for the page that renames them."""
    tags = _tags_in_use(user=user, ring=user_keyring(user))
    return sorted((TagChoice(str(pk), name) for pk, name in tags.items()), key=lambda c: c.name.casefold())


def tag_name(*, user: User, tag: Tag) -> str:
    return user_keyring(user).decrypt(tag.name, model=TAG, field="name", record_id=tag.pk)

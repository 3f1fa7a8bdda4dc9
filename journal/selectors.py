"""Reading the journal: decrypted views of entries, the timeline, the calendar and search.

Everything is decrypted in memory for the one person asking; nothing readable is stored.
"""

from __future__ import annotations

import calendar
import heapq
import json
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from config.dates import weekday_date
from journal import search_index
from journal.keyring import UserKeyring, user_keyring
from journal.models import Entry, Tag
from journal.services import ENTRY, TAG, tag_digest, tag_names_clean

# Results come a page at a time, newest first: the first ones sooner, and "Show more" for the rest.
SEARCH_PAGE = 20
SNIPPET_CHARS = 160
FIRST_WORDS = 6
# How much of a body the excerpt first reads: room for SNIPPET_CHARS with spaces to collapse.
_EXCERPT_SLICE = 2 * SNIPPET_CHARS
# A list heading without a title: the weekday and the day ("Saturday 5 December"), see config/dates.py.
WEEKDAY_MONTH_DAY = "weekday and month day"


@dataclass
class EntryView:
    """An entry with its text decrypted, for one request only."""

    entry: Entry
    title: str
    body: str
    mood: int | None
    urge: int | None
    tags: list[str] = field(default_factory=list)
    snippet: SafeString | str = ""
    setback: bool = False  # only ever true when the person chose to note it
    link: str = ""  # the entry page's address when a list worked it out already (entry_links)
    # Search results only: the place in the list (its anchor) and where focus lands after "Show more".
    position: int = 0
    focus: bool = False

    @property
    def id(self) -> Any:
        return self.entry.id

    @property
    def mood_label(self) -> str:
        return str(Entry.Mood(self.mood).label) if self.mood else ""

    # The words around an entry in a list, made here: a template filter or {% blocktranslate %}
    # cost the template engine several times as much, for every entry on the page.
    @property
    def heading(self) -> str:
        return self.title or _date_label(self.entry.written_on, WEEKDAY_MONTH_DAY, get_language())

    @property
    def written_label(self) -> str:
        return _date_label(self.entry.written_on, "SHORT_DATE_FORMAT", get_language())

    @property
    def kind_label(self) -> str:
        return _kind_label(self.entry.kind, get_language())

    @property
    def mood_text(self) -> str:
        return _mood_text(self.mood, get_language()) if self.mood else ""

    @property
    def url(self) -> str:
        return self.link or reverse("journal:entry", args=[self.entry.id])

    @property
    def first_words(self) -> str:
        """Without a title, a few of its first words: a screen reader lists an entry's link by
        its heading alone, and two untitled entries of one day were two alike "Saturday 5 December"."""
        return "" if self.title else _first_words(self.excerpt)

    @cached_property
    def excerpt(self) -> str:
        return _excerpt(self.body)


def _excerpt(body: str) -> str:
    """The body with its spaces collapsed, cut at a word near SNIPPET_CHARS (with "…" when cut).

    Only the start of the body is read: a whole 1,500-character body was split for every entry
    shown. The words of a slice are the body's first words, the last maybe cut short, so its
    collapsed text is the start of the body's; once that is longer than SNIPPET_CHARS it decides
    the excerpt. Only a body with long runs of spaces needs a longer slice. str.split() in C, not
    a loop over the words in Python: the loop was ~5% of the timeline's Python calls."""
    end = _EXCERPT_SLICE
    while True:
        text = " ".join(body[:end].split())
        if len(text) > SNIPPET_CHARS:
            return text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + "…"
        if end >= len(body):
            return text
        end *= 2


def _first_words(excerpt: str) -> str:
    words = excerpt.split(" ", FIRST_WORDS)
    return " ".join(words[:FIRST_WORDS]) + ("…" if len(words) > FIRST_WORDS else "")


@sensitive_variables()
def entry_name(*, ring: UserKeyring, entry: Entry) -> str:
    """What the person knows an entry by in a list of their own: its title, or without one a few
    of its first words. Opened with their keyring for this page only, never kept."""
    title = ring.decrypt(entry.title, model=ENTRY, field="title", record_id=entry.pk)
    if title:
        return title
    return _first_words(_excerpt(ring.decrypt(entry.body, model=ENTRY, field="body", record_id=entry.pk)))


# Calendar dates and fixed labels only, in the language asked for: nothing a person wrote, and
# nothing that says whose they are. A page shows the same few days many times.
@lru_cache(maxsize=1024)
def _date_label(day: date, format_name: str, language: str | None) -> str:
    if format_name == WEEKDAY_MONTH_DAY:
        return weekday_date(day, year=False)
    return formats.date_format(day, format_name)


# A kind's name, translated once per language, not once per entry (~40 Python calls a lazy label).
@lru_cache(maxsize=64)
def _kind_label(kind: str, language: str | None) -> str:
    return str(Entry.Kind(kind).label)


@lru_cache(maxsize=64)
def _mood_text(mood: int, language: str | None) -> str:
    return gettext("Feeling: %(mood)s") % {"mood": Entry.Mood(mood).label}


def entry_links(views: Iterable[EntryView]) -> None:
    """Give each entry in a list its page's address from one reverse(): reversing a URL for every
    entry was a tenth of a timeline page's own cost. The id is a UUID, written as the URL has it."""
    placeholder = uuid.UUID(int=0)
    pattern = reverse("journal:entry", args=[placeholder])
    for view in views:
        view.link = pattern.replace(str(placeholder), str(view.entry.id))


def _decrypt_tags(ring: UserKeyring, tags: Iterable[Tag]) -> list[str]:
    return sorted((ring.decrypt(t.name, model=TAG, field="name", record_id=t.pk) for t in tags), key=str.casefold)


def entry_view(*, ring: UserKeyring, entry: Entry, with_tags: bool = True) -> EntryView:
    feelings = json.loads(ring.decrypt(entry.feelings, model=ENTRY, field="feelings", record_id=entry.pk))
    return EntryView(
        entry=entry,
        title=ring.decrypt(entry.title, model=ENTRY, field="title", record_id=entry.pk),
        body=ring.decrypt(entry.body, model=ENTRY, field="body", record_id=entry.pk),
        mood=feelings.get("mood"),
        urge=feelings.get("urge"),
        tags=_decrypt_tags(ring, entry.tags.all()) if with_tags else [],
        setback=bool(feelings.get("setback")),
    )


def entry_texts(*, user: User, entry: Entry) -> EntryView:
    return entry_view(ring=user_keyring(user), entry=entry)


def live_entries(user: User) -> QuerySet[Entry]:
    return Entry.objects.filter(owner=user, trashed_at__isnull=True)


@dataclass
class CalendarDay:
    day: date | None
    has_entries: bool = False
    is_today: bool = False  # in the person's own time zone: a month is easier to read from today


@dataclass
class MonthCalendar:
    month: date
    weeks: list[list[CalendarDay]]
    previous: date
    next: date
    # The column headings, (short name, full name), from the day the reader's weeks start on.
    weekdays: list[tuple[str, str]] = field(default_factory=list)


def month_calendar(*, user: User, month: date) -> MonthCalendar:
    month = month.replace(day=1)
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    days_with = set(
        live_entries(user).filter(written_on__range=(month, last)).values_list("written_on", flat=True).distinct()
    )
    # The language's first day of the week (Django counts from Sunday = 0, Python from Monday = 0).
    first = (int(formats.get_format("FIRST_DAY_OF_WEEK")) - 1) % 7
    today = timezone.localdate()
    weeks = [
        [
            CalendarDay(day, day in days_with, day == today) if day.month == month.month else CalendarDay(None)
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=first).monthdatescalendar(month.year, month.month)
    ]
    weekdays = [(str(WEEKDAYS_ABBR[(first + i) % 7]), str(WEEKDAYS[(first + i) % 7])) for i in range(7)]
    previous = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (last + timedelta(days=1)).replace(day=1)
    return MonthCalendar(month=month, weeks=weeks, previous=previous, next=following, weekdays=weekdays)


def entries_on(*, user: User, day: date) -> list[EntryView]:
    ring = user_keyring(user)
    queryset = live_entries(user).filter(written_on=day).order_by("-created_at").prefetch_related("tags")
    return [entry_view(ring=ring, entry=e) for e in queryset]


def entries_between(*, user: User, start: date, end: date) -> list[EntryView]:
    ring = user_keyring(user)
    queryset = (
        live_entries(user).filter(written_on__range=(start, end)).order_by("written_on", "created_at")
    ).prefetch_related("tags")
    return [entry_view(ring=ring, entry=e) for e in queryset]


def all_entries(*, user: User) -> list[EntryView]:
    """Everything, trashed entries included, for export."""
    ring = user_keyring(user)
    queryset = Entry.objects.filter(owner=user).order_by("written_on", "created_at").prefetch_related("tags")
    return [entry_view(ring=ring, entry=e) for e in queryset]


def entry_export_ids(*, user: User) -> dict[Any, Any]:
    """Each entry's id in an export: the id it was first written under, which is the one it was
    imported from where it was. An entry taken to another Waypoint and brought back is then known
    as the same entry; by the id it was given there, a round trip added every entry a second time."""
    found: dict[Any, Any] = {}
    for pk, source_id in Entry.objects.filter(owner=user).values_list("pk", "source_id").iterator():
        found[pk] = source_id or pk
    return found


def entry_ids_by_export_id(*, user: User) -> dict[Any, Any]:
    """The person's entries by the ids an export may name them by: their own, or the one they
    were imported from. Other sections (reflections) use it to find the entry they belong to."""
    found: dict[Any, Any] = {}
    for pk, source_id in Entry.objects.filter(owner=user).values_list("pk", "source_id").iterator():
        found[pk] = pk
        if source_id is not None:
            found.setdefault(source_id, pk)
    return found


# --- Search ----------------------------------------------------------------------------------


def search_terms(query: str) -> list[str]:
    return [term for term in dict.fromkeys(search_index.composed(query).casefold().split()) if term][:10]


def _highlight(text: str, terms: Sequence[str]) -> SafeString:
    """A short snippet around the first match, every match in <mark>, all else escaped. The text
    comes composed, as search looked in it (search_index.composed): an accent typed apart matches."""
    folded = text.casefold()
    # casefold() can change lengths (ß → ss); only then fall back to matching on lower().
    if len(folded) != len(text):
        folded = text.lower()
    first = min((i for t in terms if (i := folded.find(t)) >= 0), default=0)
    start = max(0, first - SNIPPET_CHARS // 3)
    end = min(len(text), start + SNIPPET_CHARS)
    if start > 0 and " " in text[start : start + 20]:
        start = text.index(" ", start) + 1
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    window = text[start:end]
    out: list[str] = []
    cursor = 0
    for match in pattern.finditer(window):
        out.append(escape(window[cursor : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        cursor = match.end()
    out.append(escape(window[cursor:]))
    snippet = " ".join("".join(out).split())
    return mark_safe(("…" if start > 0 else "") + snippet + ("…" if end < len(text) else ""))  # noqa: S308


@dataclass
class SearchResults:
    query: str
    results: list[EntryView]
    # None: search stopped once the newest were sure, so it knows only that more than these match.
    total: int | None
    pages: int = 1
    # The person's tag named as the words looked for ("sleep", "#sleep"), when an entry carries it:
    # tags are not in the text searched, and a search for a tag on a hundred entries said "Nothing found".
    tag_id: str = ""
    tag_name: str = ""

    @property
    def counted(self) -> bool:
        return self.total is not None

    @property
    def more(self) -> int:
        """How many the next "Show more" adds at most (0: everything is shown)."""
        if self.total is None:
            return SEARCH_PAGE
        return min(SEARCH_PAGE, self.total - len(self.results))

    @property
    def focus_at(self) -> int:
        """After "Show more", the first result it added (1-based), where focus lands; else 0."""
        return (self.pages - 1) * SEARCH_PAGE + 1 if self.pages > 1 else 0


@sensitive_variables()
def search(*, user: User, query: str, pages: int = 1) -> SearchResults:
    """The person's entries holding every term, newest first: their search chunks are opened in
    memory (journal/search_index.py), which also hold each entry's order key, so counting and
    ordering need no query over the matches; then only the entries shown are opened."""
    terms = search_terms(query)
    if not terms:
        return SearchResults(query=query, results=[], total=0)
    ring = user_keyring(user)
    wanted = pages * SEARCH_PAGE
    # The trash is never searched: its ids (usually a handful) leave the count and the order.
    trashed = {pk.hex for pk in Entry.objects.filter(owner=user, trashed_at__isnull=False).values_list("pk", flat=True)}
    # One more than shown, so a stop before the last chunk still knows there is more to show.
    found = search_index.entries_matching(
        owner_id=user.pk, ring=ring, terms=terms, wanted=wanted + 1, leave_out=trashed
    )
    keys = found.keys
    if live_entries(user).filter(search_chunk__isnull=True).exists():
        keys += _unchunked_matching(user=user, ring=ring, terms=terms)
    # Order keys sort as strings, newest largest: only the page's worth is put in order.
    shown = [search_index.key_id(key) for key in heapq.nlargest(wanted, keys)]
    # By primary key alone: with the owner and trash in the query, SQLite walks the person's
    # timeline index instead. Both are checked here instead, so nothing else can be shown.
    entries = Entry.objects.in_bulk(shown)
    matches: list[EntryView] = []
    for entry_id in shown:
        entry = entries.get(entry_id)
        if entry is None or entry.owner_id != user.pk or entry.trashed_at is not None:
            continue  # put in the trash since the count was taken
        view = entry_view(ring=ring, entry=entry, with_tags=False)
        body = search_index.composed(view.body)  # composed once, for the choice and the snippet
        in_body = any(t in body.casefold() for t in terms)
        view.snippet = _highlight(body if in_body else search_index.composed(view.title), terms)
        matches.append(view)
    total = len(keys) if found.complete else None
    results = SearchResults(query=query, results=matches, total=total, pages=pages)
    tag = _tag_named(user=user, ring=ring, query=query)
    if tag is not None:
        results.tag_id = str(tag.pk)
        results.tag_name = ring.decrypt(tag.name, model=TAG, field="name", record_id=tag.pk)
    for position, view in enumerate(matches, 1):
        view.position, view.focus = position, position == results.focus_at
    return results


@sensitive_variables()
def _tag_named(*, user: User, ring: UserKeyring, query: str) -> Tag | None:
    """The person's tag with this name (spelt as tags are kept, any case, a leading # or not),
    when an entry out of the trash carries it."""
    names = tag_names_clean([query.strip().removeprefix("#")])
    if not names:
        return None
    digest = tag_digest(ring, names[0])
    return Tag.objects.filter(owner=user, digest=digest, entries__trashed_at__isnull=True).distinct().first()


@sensitive_variables()
def _unchunked_matching(*, user: User, ring: UserKeyring, terms: Sequence[str]) -> list[str]:
    # Entries not in a chunk yet (until housekeeping puts them in one) are opened one by one.
    rows = live_entries(user).filter(search_chunk__isnull=True)
    found: list[str] = []
    fields = ("id", "title", "body", "written_on", "created_at")
    for entry_id, title_blob, body_blob, written_on, created_at in rows.values_list(*fields).iterator(chunk_size=2000):
        title = ring.decrypt(title_blob, model=ENTRY, field="title", record_id=entry_id)
        body = ring.decrypt(body_blob, model=ENTRY, field="body", record_id=entry_id)
        haystack = search_index.folded(title, body)
        if all(term in haystack for term in terms):
            found.append(search_index.order_key(written_on, created_at, entry_id))
    return found

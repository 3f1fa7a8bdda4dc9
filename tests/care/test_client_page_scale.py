"""A client's page costs the same with 5 copies shared as with 300, and shows them a page at a time."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from care.client_copies import PAGE_SIZE
from care.models import Link, SharedItem
from care.services import share_entry, shared_item_open
from tests.care.conftest import link_people, write
from tests.factories import UserFactory


def _share(link: Link, theo: Any, first: int, count: int, *, opened: bool = True) -> list[SharedItem]:
    """`count` copies, one a day apart from day `first` back (opened unless said)."""
    items = []
    for day in range(first, first + count):
        item = share_entry(link=link, entry=write(link.person, f"Day {day}"))
        SharedItem.objects.filter(pk=item.pk).update(shared_at=timezone.now() - timedelta(days=day))
        if opened:
            shared_item_open(item=item, therapist=theo)
        items.append(item)
    return items


def _page(client: Client, link: Link, query: str = "") -> tuple[int, str]:
    url = reverse("care:client", args=[link.id]) + query
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return len(queries.captured_queries), response.content.decode()


def _rows(page: str) -> int:
    return len(re.findall(r'<li class="care-row"><a href="/care/clients/', page))


@pytest.mark.django_db
def test_a_clients_page_costs_the_same_with_five_copies_as_with_three_hundred(theo: Any, theo_client: Client) -> None:
    link = link_people(theo, UserFactory(email="ana@example.com"))
    _share(link, theo, 0, 5)
    _page(theo_client, link)
    few, page = _page(theo_client, link)
    assert _rows(page) == 5 and "Show older" not in page

    _share(link, theo, 5, 295)
    many, page = _page(theo_client, link)
    assert few == many, f"{few} queries with 5 copies, {many} with 300"
    assert _rows(page) == PAGE_SIZE
    assert "Show older" in page


@pytest.mark.django_db
def test_show_older_walks_every_copy_once_and_keeps_unopened_ones_in_sight(theo: Any, theo_client: Client) -> None:
    link = link_people(theo, UserFactory(email="ana@example.com"))
    _share(link, theo, 0, 30)
    waiting = _share(link, theo, 30, 1, opened=False)[0]  # older than the first page, never opened
    _share(link, theo, 31, 19)

    _, page = _page(theo_client, link)
    assert page.count("care-unopened") == 1 and "Older, not opened yet" in page
    assert reverse("care:shared_item", args=[link.id, waiting.id]) in page

    seen: list[str] = []
    query = ""
    while True:
        _, page = _page(theo_client, link, query)
        seen += re.findall(r'<li class="care-row"><a href="(/care/clients/[^"]+)"', page)[:PAGE_SIZE]
        more = re.search(r'<a href="\?(before=[^"]+)"[^>]*>Show older</a>', page)
        if more is None:
            break
        query = "?" + more.group(1)
    assert len(seen) == len(set(seen)) == 50


@pytest.mark.django_db
def test_every_waiting_copy_under_the_page_is_listed_when_the_newest_are_waiting_too(
    theo: Any, theo_client: Client
) -> None:
    link = link_people(theo, UserFactory(email="ana@example.com"))
    _share(link, theo, 0, PAGE_SIZE + 5, opened=False)
    _, page = _page(theo_client, link)
    assert page.count("care-unopened") == PAGE_SIZE + 5


@pytest.mark.django_db
def test_a_cursor_that_does_not_parse_shows_the_newest(theo: Any, theo_client: Client) -> None:
    link = link_people(theo, UserFactory(email="ana@example.com"))
    _share(link, theo, 0, 2)
    _, page = _page(theo_client, link, "?before=not-a-cursor")
    assert _rows(page) == 2

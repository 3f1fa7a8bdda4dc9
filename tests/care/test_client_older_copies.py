"""With htmx, "Show older" on a client's page adds the next 20 copies in place, and nothing else."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from care.client_copies import PAGE_SIZE
from care.models import Link
from care.services import link_end
from tests.care.conftest import client_for, link_people
from tests.care.test_client_page_scale import _share
from tests.factories import UserFactory

HTMX = {"HX-Request": "true"}
ROW = r'<li class="care-row"[^>]*><a href="(/care/clients/[^"]+)"'
SHOW_OLDER = (
    r'<a href="\?(before=[^"]+)" hx-get="\?(before=[^"]+)" hx-target="#copies" hx-swap="beforeend">Show older</a>'
)


def _older(client: Client, link: Link, query: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("care:client", args=[link.id]) + query, headers=HTMX)
    assert response.status_code == 200
    # A therapist's view of what a client shared stays out of every cache, a part as the whole.
    assert "no-store" in response["Cache-Control"]
    return len(queries.captured_queries), response.content.decode()


@pytest.mark.django_db
def test_show_older_adds_the_next_twenty_in_place_and_then_goes(theo: Any, theo_client: Client) -> None:
    link = link_people(theo, UserFactory(email="ana@example.com"))
    _share(link, theo, 0, 45)
    page = theo_client.get(reverse("care:client", args=[link.id])).content.decode()
    assert '<ul class="care-list" id="copies">' in page
    # Without JavaScript the same link opens the older page by its address.
    more = re.search(SHOW_OLDER, page)
    assert more is not None and more.group(1) == more.group(2)

    seen = re.findall(ROW, page)
    query = "?" + more.group(1)
    counts = []
    while query:
        count, part = _older(theo_client, link, query)
        counts.append(count)
        # Only the copies, to add to the list: no page around them, no homework, no form.
        assert "<html" not in part and "Homework" not in part and "<ul" not in part
        rows = re.findall(ROW, part)
        seen += rows
        # Focus moves to the first copy added: the link pressed is gone from under the keyboard.
        first = re.search(r'<li class="care-row"[^>]*>', part)
        assert first is not None and 'tabindex="-1" data-focus-after-swap' in first.group(0)
        assert part.count("data-focus-after-swap") == 1
        more = re.search(SHOW_OLDER, part)
        if more is not None:
            assert len(rows) == PAGE_SIZE and 'id="copies-more"' in part and 'hx-swap-oob="outerHTML"' in part
            query = "?" + more.group(1)
        else:
            # The oldest are shown: "Show older" goes, and the way back to the newest stays.
            assert len(rows) == 5 and 'id="copies-more"' in part and "Back to the newest" in part
            query = ""
    assert len(seen) == len(set(seen)) == 45
    # The session, the therapist, their clinic role, the link, the audit line and the copies: the
    # full page asks 9 (tests/test_no_writes_on_get.py), its homework and reflections included.
    assert counts == [6, 6], counts


@pytest.mark.django_db
def test_show_older_for_another_therapists_client_or_an_ended_link_is_a_404(
    theo: Any, tess: Any, theo_client: Client
) -> None:
    theirs = link_people(tess, UserFactory(email="bo@example.com"))
    _share(theirs, tess, 0, PAGE_SIZE + 1)
    page = client_for(tess).get(reverse("care:client", args=[theirs.id])).content.decode()
    more = re.search(SHOW_OLDER, page)
    assert more is not None
    response = theo_client.get(reverse("care:client", args=[theirs.id]) + "?" + more.group(1), headers=HTMX)
    assert response.status_code == 404 and not re.findall(ROW, response.content.decode())

    ours = link_people(theo, UserFactory(email="ana@example.com"))
    _share(ours, theo, 0, PAGE_SIZE + 1)
    more = re.search(SHOW_OLDER, theo_client.get(reverse("care:client", args=[ours.id])).content.decode())
    assert more is not None
    link_end(link=ours)
    response = theo_client.get(reverse("care:client", args=[ours.id]) + "?" + more.group(1), headers=HTMX)
    assert response.status_code == 404 and not re.findall(ROW, response.content.decode())


def _waiting(part: str) -> list[str]:
    """The copies listed under "Older, not opened yet" in a page or a part of one."""
    block = re.search(r'<div id="copies-waiting"[^>]*>(.*?)</div>', part, re.S)
    assert block is not None, "the list of older copies not opened yet is always there to replace"
    return re.findall(ROW, block.group(1))


@pytest.mark.django_db
def test_an_unopened_copy_is_listed_once_as_older_ones_are_added(theo: Any, theo_client: Client) -> None:
    link = link_people(theo, UserFactory(email="ana@example.com"))
    _share(link, theo, 0, 25)
    # Not opened yet, older than the first page: listed under it, and then again where it falls in
    # time once "Show older" added its page, as if the client had shared it twice.
    _share(link, theo, 25, 2, opened=False)
    _share(link, theo, 27, 20)
    page = theo_client.get(reverse("care:client", args=[link.id])).content.decode()
    assert len(_waiting(page)) == 2
    more = re.search(SHOW_OLDER, page)
    assert more is not None
    _, part = _older(theo_client, link, "?" + more.group(1))
    added = re.findall(ROW, part)
    shown = [row for row in added if row not in _waiting(part)]
    assert len(added) == PAGE_SIZE
    # Both are in the page just added, so the list under it is drawn again without them.
    assert _waiting(part) == [] and 'id="copies-waiting" hx-swap-oob="outerHTML"' in part
    assert len(shown) == len(added)


@pytest.mark.django_db
def test_an_older_page_changed_by_hand_adds_nothing(theo: Any, theo_client: Client) -> None:
    link = link_people(theo, UserFactory(email="ana@example.com"))
    _share(link, theo, 0, 3)
    response = theo_client.get(reverse("care:client", args=[link.id]) + "?before=not-a-cursor", headers=HTMX)
    # Read as the first page, the newest three would be added again under themselves.
    assert response.status_code == 204 and not re.findall(ROW, response.content.decode())

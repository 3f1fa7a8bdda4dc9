"""Under "What you are sharing", each entry says which it is (its title, or without one its first
words), as the page for someone the person trusts does: two entries of one day were two alike
"Journal entry · 7 December 2026". Only on the person's own page, and only while their journal
is open."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format

from care.models import Link
from care.services import share_entry
from journal.services import entry_create
from tests.journal.locking import lock_journal, unlock_client

DAY = date(2026, 12, 7)
WORDS = "Couldn't sleep again and the rain kept going until it got light"


def _two_of_one_day(alice: Any, link: Link) -> None:
    for title, body in (("Evening walk", "Out past the harbour"), ("", WORDS)):
        share_entry(link=link, entry=entry_create(author=alice, title=title, body=body, written_on=DAY))


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_two_entries_of_one_day_say_which_is_which(link: Link, alice: Any, alice_client: Client) -> None:
    _two_of_one_day(alice, link)
    page = _page(alice_client, reverse("care:index"))
    day = date_format(DAY)
    assert f"Journal entry · {day} · <bdi>Evening walk</bdi></span></a>" in page
    assert f"Journal entry · {day} · <bdi>Couldn't sleep again and the rain…</bdi></span></a>" in page
    assert page.count(f"(Journal entry · {day} · <bdi>Evening walk</bdi>, with") == 1  # its "Stop sharing"
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Evening walk" not in title and "Couldn't" not in title


@pytest.mark.django_db
def test_the_therapists_list_keeps_the_kind_and_the_day(
    link: Link, alice: Any, alice_client: Client, theo_client: Client
) -> None:
    _two_of_one_day(alice, link)
    page = _page(theo_client, reverse("care:client", args=[link.id]))
    # Two rows, each shown as the kind and the day (a row not opened yet also says so in its link's
    # name, which starts with the same words: counted here is what is on screen).
    assert page.count(f">Journal entry · {date_format(DAY)}") == 2 and "Evening walk" not in page


@pytest.mark.django_db
def test_a_locked_journal_keeps_the_kind_and_the_day(link: Link, alice: Any, alice_client: Client) -> None:
    _two_of_one_day(alice, link)
    _recovery_key, lock_key = lock_journal(alice)
    locked = _page(alice_client, reverse("care:index"))
    assert locked.count(f"Journal entry · {date_format(DAY)}</span></a>") == 2
    assert "Evening walk" not in locked and "Couldn't sleep" not in locked
    opened = _page(unlock_client(alice_client, alice, lock_key), reverse("care:index"))
    assert "<bdi>Evening walk</bdi>" in opened


@pytest.mark.django_db
def test_naming_them_asks_the_database_nothing_more_however_many(link: Link, alice: Any, alice_client: Client) -> None:
    counts = []
    for n in range(4):
        share_entry(link=link, entry=entry_create(author=alice, title=f"Day {n}", body="words"))
        if n in (0, 3):
            _page(alice_client, reverse("care:index"))  # a first visit notes the time for the idle lock
            with CaptureQueriesContext(connection) as queries:
                page = _page(alice_client, reverse("care:index"))
            assert all(f"<bdi>Day {shown}</bdi>" in page for shown in range(n + 1))
            counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1], counts

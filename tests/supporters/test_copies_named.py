"""Under "What they can read", each entry says which it is: its title, or without one its first
words. Two entries shared from one day were two alike "A journal entry · 7 December 2026", and
the one to stop sharing was found only by opening each. Only while the journal is open: locked,
the lines say the kind and the day, as before."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format

from journal.services import entry_create
from supporters import services
from supporters.models import Supporter
from tests.journal.locking import lock_journal, unlock_client
from tests.supporters.test_supporters import _add

DAY = date(2026, 12, 7)
WORDS = "Couldn't sleep again and the rain kept going until it got light"


def _two_of_one_day(alice: Any, sam: Supporter) -> None:
    for title, body in (("Evening walk", "Out past the harbour"), ("", WORDS)):
        services.share_entry(supporter=sam, entry=entry_create(author=alice, title=title, body=body, written_on=DAY))


def _their_page(client: Client, sam: Supporter) -> str:
    response = client.get(reverse("supporters:person", args=[sam.id]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_two_entries_of_one_day_say_which_is_which(alice: Any, alice_client: Client) -> None:
    sam = _add(alice_client, "Sam")
    _two_of_one_day(alice, sam)
    page = _their_page(alice_client, sam)
    day = date_format(DAY)
    assert f"A journal entry · {day} · <bdi>Evening walk</bdi></span></a>" in page
    # No title: its first six words, as the journal's own lists give them.
    assert f"A journal entry · {day} · <bdi>Couldn't sleep again and the rain…</bdi></span></a>" in page
    # "Stop sharing" says which too, for a screen reader listing the buttons.
    assert page.count(f"(A journal entry · {day} · <bdi>Evening walk</bdi>, ") == 1
    assert page.count(f"(A journal entry · {day} · <bdi>Couldn't sleep again and the rain…</bdi>, ") == 1
    # Never in the tab's title.
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Evening walk" not in title and "Couldn't" not in title


def test_a_locked_journal_keeps_the_kind_and_the_day(alice: Any, alice_client: Client) -> None:
    sam = _add(alice_client, "Sam")
    _two_of_one_day(alice, sam)
    _recovery_key, lock_key = lock_journal(alice)

    locked = _their_page(alice_client, sam)
    assert locked.count(f"A journal entry · {date_format(DAY)}</span></a>") == 2
    assert "Evening walk" not in locked and "Couldn't sleep" not in locked
    assert locked.count("Stop sharing") >= 2  # stopping still needs no passphrase

    opened = _their_page(unlock_client(alice_client, alice, lock_key), sam)
    assert "<bdi>Evening walk</bdi>" in opened and "<bdi>Couldn't sleep again and the rain…</bdi>" in opened


def test_naming_them_asks_the_database_nothing_more_however_many(alice: Any, alice_client: Client) -> None:
    sam = _add(alice_client, "Sam")
    counts = []
    for n in range(4):
        services.share_entry(supporter=sam, entry=entry_create(author=alice, title=f"Day {n}", body="words"))
        if n in (0, 3):
            _their_page(alice_client, sam)  # a first visit notes the time for the idle lock
            with CaptureQueriesContext(connection) as queries:
                page = _their_page(alice_client, sam)
            assert all(f"<bdi>Day {shown}</bdi>" in page for shown in range(n + 1))
            counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1], counts

"""The summary page: the person's own figures, what they chose to include, never stored, no writes."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from journal.services import entry_create
from progress import look_back_services
from progress.models import VictoryKind
from progress.services import victory_add


def _days_ago(days: int) -> Any:
    return timezone.localdate() - timedelta(days=days)


def _page(client: Client, **query: str) -> str:
    response = client.get("/look-back/summary/", query)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


@pytest.fixture
def journal(alice: Any) -> None:
    """Four weeks with known moods and urges: 2, 3 and 4 (average 3.0); 8, 6 and 1 (average 5.0)."""
    entry_create(author=alice, body="x", written_on=_days_ago(20), mood=2, urge=8)
    entry_create(author=alice, body="x", written_on=_days_ago(19), mood=3, urge=6)
    walk = entry_create(author=alice, title="The walk by the sea", body="x", written_on=_days_ago(2), mood=4, urge=1)
    entry_create(author=alice, body="x", written_on=_days_ago(3), kind="coping")
    entry_create(author=alice, body="x", written_on=_days_ago(10), mood=1, urge=9, setback=True)
    look_back_services.entry_star(entry=walk, starred=True)
    victory_add(owner=alice, kind=VictoryKind.URGE, about_on=_days_ago(1), note="rode the wave")
    victory_add(owner=alice, kind=VictoryKind.CONVERSATION, about_on=_days_ago(4), note="called Sam")


def test_it_asks_a_visitor_to_sign_in(client: Client) -> None:
    response = client.get("/look-back/summary/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_figures_match_the_journal(alice_client: Client, journal: None) -> None:
    page = _page(alice_client, span="4w")
    assert f"A look back, {_days_ago(27):%-d %B %Y} to {_days_ago(0):%-d %B %Y}" in page
    assert "5 entries written" in page and "1 note of something that helped" in page
    assert "You noted a feeling in 4 entries. On average it was 2.5 out of 5." in page
    assert "You noted urges in 4 entries. On average they were 6.0 out of 10." in page
    assert page.count('role="img"') == 2 and "<table" not in page
    assert "2 small victories kept in this time" in page and "1 urge that passed" in page
    newest = page[page.index("The newest:") :]
    urge, talk = "An urge that passed: <bdi>rode the wave</bdi>", "A conversation: <bdi>called Sam</bdi>"
    assert newest.index(urge) < newest.index(talk)
    assert "The walk by the sea" in page
    assert "style=" not in page


def test_what_to_include_is_the_persons_choice(alice_client: Client, journal: None) -> None:
    first = _page(alice_client, span="4w")
    assert 'name="m" value="1">' in first  # not ticked until the person ticks it
    assert "progress-setback" not in first and "Days you noted a setback</h3>" not in first

    chosen = _page(alice_client, span="4w", chosen="1", m="1")
    assert chosen.count('class="progress-setback"') == 2
    assert f"<li>{_days_ago(10):%-d %B %Y}</li>" in chosen
    assert "part of the path" in chosen
    # Unticked titles and notes: the days stay, the words go.
    assert "The walk by the sea" not in chosen and "rode the wave" not in chosen and "called Sam" not in chosen
    assert f"{_days_ago(2):%-d %B %Y}" in chosen


def test_another_persons_journal_never_shows(alice_client: Client, bob: Any, journal: None) -> None:
    theirs = entry_create(author=bob, title="Bob's own day", body="x", written_on=_days_ago(1), mood=5, urge=0)
    look_back_services.entry_star(entry=theirs, starred=True)
    victory_add(owner=bob, kind=VictoryKind.HELP, about_on=_days_ago(1), note="bob asked")
    page = _page(alice_client, span="4w")
    assert "Bob's own day" not in page and "bob asked" not in page
    assert "5 entries written" in page and "2 small victories kept" in page
    bob_client = Client()
    bob_client.force_login(bob)
    bob_page = _page(bob_client, span="4w")
    assert "1 entry written" in bob_page and "The walk by the sea" not in bob_page


def test_it_is_never_stored_and_writes_nothing(alice_client: Client, journal: None) -> None:
    alice_client.get("/look-back/summary/")  # a first visit may make the data key
    with CaptureQueriesContext(connection) as queries:
        response = alice_client.get("/look-back/summary/", {"span": "all", "chosen": "1", "m": "1"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    writes = [q["sql"] for q in queries if re.match(r"\s*(INSERT|UPDATE|DELETE|REPLACE)", q["sql"], re.I)]
    assert writes == []


@pytest.mark.parametrize("span", ["", "nonsense", "x" * 5000, "<script>", "4w&span=all"])
def test_odd_input_falls_back_kindly(alice_client: Client, span: str) -> None:
    response = alice_client.get("/look-back/summary/", {"span": span, "chosen": "yes", "m": ["1", "2"]})
    assert response.status_code == 200
    assert '<option value="3m" selected>' in response.content.decode()


def test_the_look_back_links_to_it_for_the_same_span(alice_client: Client, journal: None) -> None:
    page = alice_client.get("/look-back/", {"span": "1y"}).content.decode()
    assert 'href="/look-back/summary/?span=1y"' in page

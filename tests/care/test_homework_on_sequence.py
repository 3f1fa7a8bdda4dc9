"""A reflection a therapist suggested says so on its own page, with their note, while they are linked.

Someone who looked for their homework under Reflections found it like any other one there, and
their therapist's note ("For a hard evening") was on the home page only, not where they begin."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from care.homework import NOTES_SHOWN
from care.models import Clinic, Link
from care.services import homework_assign, link_end
from prompts.models import Sequence
from tests.care.conftest import link_people, member

SUGGESTED = "<bdi>Theo Park</bdi> suggested this reflection."
NOTE = "For a hard evening, whenever it suits you."


def _library(slug: str) -> Sequence:
    return Sequence.objects.get(clinic_key="", slug=slug)


def _page(client: Client, sequence: Sequence) -> str:
    return client.get(reverse("prompts:sequence", args=[sequence.id])).content.decode()


@pytest.mark.django_db
def test_the_suggested_reflection_s_page_says_who_suggested_it_with_their_note(
    library: None, link: Link, alice_client: Client
) -> None:
    homework_assign(link=link, sequence=_library("pause-for-kindness"), note=NOTE)
    page = _page(alice_client, _library("pause-for-kindness"))
    assert SUGGESTED in page
    assert NOTE in page
    # Another reflection's page says nothing of it.
    assert SUGGESTED not in _page(alice_client, _library("a-kinder-letter"))


@pytest.mark.django_db
def test_nobody_else_reads_it_on_the_same_page(library: None, link: Link, bob_client: Client) -> None:
    homework_assign(link=link, sequence=_library("pause-for-kindness"), note=NOTE)
    page = _page(bob_client, _library("pause-for-kindness"))
    assert SUGGESTED not in page and NOTE not in page


@pytest.mark.django_db
def test_suggested_twice_it_says_so_once_with_both_notes(library: None, link: Link, alice_client: Client) -> None:
    pause = _library("pause-for-kindness")
    homework_assign(link=link, sequence=pause, note="An earlier note")
    homework_assign(link=link, sequence=pause, note=NOTE)
    page = _page(alice_client, pause)
    assert page.count(SUGGESTED) == 1
    assert page.index(NOTE) < page.index("An earlier note")


@pytest.mark.django_db
def test_once_the_link_ends_the_page_is_as_before(library: None, link: Link, alice_client: Client) -> None:
    pause = _library("pause-for-kindness")
    homework_assign(link=link, sequence=pause, note=NOTE)
    link_end(link=link)
    page = _page(alice_client, pause)
    assert SUGGESTED not in page and NOTE not in page


def _library_page(client: Client) -> str:
    return client.get(reverse("prompts:library")).content.decode()


def _card(page: str, sequence: Sequence) -> str:
    start = page.index(reverse("prompts:sequence", args=[sequence.id]))
    return page[start : page.index("</li>", start)]


@pytest.mark.django_db
def test_the_list_of_reflections_marks_the_suggested_one(
    library: None, link: Link, alice_client: Client, bob_client: Client
) -> None:
    homework_assign(link=link, sequence=_library("pause-for-kindness"), note=NOTE)
    page = _library_page(alice_client)
    # Looking under Reflections for the homework, it stood like any other there.
    assert SUGGESTED in _card(page, _library("pause-for-kindness"))
    assert SUGGESTED not in _card(page, _library("a-kinder-letter"))
    assert page.count(SUGGESTED) == 1 and NOTE not in page
    assert SUGGESTED not in _library_page(bob_client)


@pytest.mark.django_db
def test_the_list_asks_once_however_many_were_suggested(library: None, link: Link, alice_client: Client) -> None:
    homework_assign(link=link, sequence=_library("pause-for-kindness"))
    _library_page(alice_client)  # what a process reads once (site data) is read here
    with CaptureQueriesContext(connection) as one:
        _library_page(alice_client)
    homework_assign(link=link, sequence=_library("a-kinder-letter"))
    homework_assign(link=link, sequence=_library("a-kinder-letter"), note="Again")
    with CaptureQueriesContext(connection) as three:
        page = _library_page(alice_client)
    assert page.count(SUGGESTED) == 2
    assert len(three.captured_queries) == len(one.captured_queries)


@pytest.mark.django_db
def test_a_reflection_suggested_many_times_shows_the_newest_notes(
    library: None, link: Link, alice_client: Client
) -> None:
    """Each visit opened every note ever left on it; the page is for the reflection, not its history."""
    pause = _library("pause-for-kindness")
    for number in range(1, NOTES_SHOWN + 3):
        homework_assign(link=link, sequence=pause, note=f"Note number {number:02d}")
    page = _page(alice_client, pause)
    shown = [f"Note number {n:02d}" for n in range(NOTES_SHOWN + 2, 2, -1)]
    assert [page.index(note) for note in shown] == sorted(page.index(note) for note in shown)
    assert "Note number 01" not in page and "Note number 02" not in page
    assert page.count(SUGGESTED) == 1


@pytest.mark.django_db
def test_two_therapists_are_named_in_the_same_order_on_both_pages(
    library: None, link: Link, tess: Any, alice: Any, alice_client: Client
) -> None:
    """The reflection's page named whoever suggested it last first; the list, in no set order."""
    pause = _library("pause-for-kindness")
    homework_assign(link=link, sequence=pause, note=NOTE)
    homework_assign(link=link_people(tess, alice), sequence=pause, note="From Tess, later")
    theo, tess_said = SUGGESTED, "<bdi>Tess Lin</bdi> suggested this reflection."
    page = _page(alice_client, pause)
    assert page.index(theo) < page.index(tess_said) < page.index("From Tess, later")
    # One list in the reader's language, each name in its own <bdi> (a bare ", " and one <bdi> before).
    both = "<bdi>Theo Park</bdi> and <bdi>Tess Lin</bdi> suggested this reflection."
    assert both in _card(_library_page(alice_client), pause)


@pytest.mark.django_db
def test_a_name_two_therapists_share_is_said_once_on_the_list(
    library: None, link: Link, other_clinic: Clinic, alice: Any, alice_client: Client
) -> None:
    """Two links carrying the same name (the same person at two clinics) read "Theo Park, Theo Park"."""
    pause = _library("pause-for-kindness")
    homework_assign(link=link, sequence=pause)
    homework_assign(link=link_people(member(other_clinic, "theo@elsewhere.example"), alice), sequence=pause)
    assert SUGGESTED in _card(_library_page(alice_client), pause)

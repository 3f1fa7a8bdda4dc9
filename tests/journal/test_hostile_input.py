"""Hostile or mistyped input on the calendar, the day page and the editor: a kind answer, never a 500,
and nothing saved changes (issue 11)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from journal.models import Entry
from journal.selectors import entry_texts
from journal.services import entry_create
from tests.journal.test_editor import HX, form_data


def _saved(alice: Any) -> list[tuple[Any, int, bytes]]:
    return sorted((e.pk, e.version, bytes(e.body)) for e in Entry.objects.filter(owner=alice))


@pytest.mark.parametrize(
    "month", ["0001-01", "9999-12", "1899-12", "9999-1", "12345678901234567890-01", "2026-99999999999999999999"]
)
def test_a_month_outside_the_journal_is_a_kind_404_and_changes_nothing(
    alice_client: Client, alice: Any, month: str
) -> None:
    entry_create(author=alice, body="kept", written_on=date(2026, 2, 14))
    before = _saved(alice)
    response = alice_client.get(f"/journal/calendar/?month={month}")
    assert response.status_code == 404
    assert "We couldn&#x27;t find that page" in response.content.decode()
    assert _saved(alice) == before


@pytest.mark.parametrize(
    "path",
    [
        "/journal/day/12345678901234567890/1/1/",
        "/journal/day/2026/12345678901234567890/1/",
        "/journal/day/2026/1/12345678901234567890/",
        "/journal/day/1/1/1/",
        "/journal/day/9999/12/31/",
        "/journal/day/0/0/0/",
    ],
)
def test_a_day_that_cannot_be_is_a_kind_404(alice_client: Client, alice: Any, path: str) -> None:
    entry_create(author=alice, body="kept", written_on=date(2026, 2, 14))
    before = _saved(alice)
    response = alice_client.get(path)
    assert response.status_code == 404
    assert "We couldn&#x27;t find that page" in response.content.decode()
    assert _saved(alice) == before


def test_the_calendar_stops_linking_where_the_journal_stops(alice_client: Client) -> None:
    first = alice_client.get("/journal/calendar/?month=1900-01").content.decode()
    assert "?month=1899-12" not in first
    assert "?month=1900-02" in first
    this_month = timezone.localdate().replace(day=1)
    page = alice_client.get(f"/journal/calendar/?month={this_month:%Y-%m}").content.decode()
    assert "?month=" in page  # the month before is always there
    far = alice_client.get(f"/journal/calendar/?month={this_month.year + 1}-{this_month.month:02}")
    assert far.status_code == 404


def test_an_invalid_mood_on_save_names_itself_and_keeps_the_text(alice_client: Client, alice: Any) -> None:
    response = alice_client.post("/journal/new/", form_data(body="Words I mean to keep", mood="9"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "That feeling isn&#x27;t one of the choices" in page
    assert 'href="#id_mood_0">How are you feeling?</a>' in page  # the summary names the field
    assert 'id="id_mood_error"' in page  # and the message sits with the choices, read out with them
    assert 'aria-describedby="id_mood_error"' in page
    assert "Words I mean to keep" in page
    assert not Entry.objects.filter(owner=alice).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("urge", "11", "Urges go from 0 to 10"),
        ("kind", "poem", "Could you choose a kind of entry"),
        ("written_on", "2026-02-30", "That date doesn&#x27;t exist"),
        ("entry_id", "not-an-id", "This page was changed"),
        ("version", "-4", "This page was changed"),
    ],
)
def test_every_rejected_field_says_what_is_wrong_on_save_and_autosave(
    alice_client: Client, alice: Any, field: str, value: str, message: str
) -> None:
    data = {**form_data(body="Still mine"), field: value}
    page = alice_client.post("/journal/new/", data).content.decode()
    assert message in page and "Still mine" in page
    status = alice_client.post("/journal/autosave/", data, headers=HX).content.decode()
    assert 'data-status="invalid"' in status and message in status
    assert not Entry.objects.filter(owner=alice).exists()


def test_an_autosave_error_names_its_field(alice_client: Client) -> None:
    status = alice_client.post("/journal/autosave/", form_data(body="x", mood="0"), headers=HX).content.decode()
    assert "How are you feeling?: That feeling isn&#x27;t one of the choices" in status


def test_a_rejected_edit_leaves_the_saved_entry_as_it_was(alice_client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, body="The saved words")
    data = form_data(entry.id, entry.version, body="New words", mood="77")
    page = alice_client.post(f"/journal/{entry.id}/edit/", data).content.decode()
    assert "New words" in page
    entry.refresh_from_db()
    assert entry_texts(user=alice, entry=entry).body == "The saved words"


def test_an_unknown_entry_id_is_only_ever_the_writers_own(alice_client: Client, bob: Any) -> None:
    bobs = entry_create(author=bob, body="Bob's")
    response = alice_client.post("/journal/autosave/", form_data(bobs.id, bobs.version, body="hijack"), headers=HX)
    assert response.status_code == 404
    assert entry_texts(user=bob, entry=Entry.objects.get(pk=bobs.pk)).body == "Bob's"
    assert uuid.UUID(str(bobs.id))


@pytest.mark.parametrize("typed", ["1899-12", "2999-01", "March 2024", "2024-13", ""])
def test_a_month_typed_into_the_picker_that_the_calendar_lacks_is_said_kindly(alice_client: Client, typed: str) -> None:
    # A link to such a month is a 404; what a person typed into the picker gets an answer in place.
    response = alice_client.get("/journal/calendar/", {"picked": "1", "was": "2025-07", "month": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The calendar has the months from January 1900 to" in page
    assert '<caption id="month-caption">July 2025</caption>' in page
    assert 'aria-invalid="true"' in page

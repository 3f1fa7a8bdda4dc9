"""Dates on the pages follow the reader's language: its order and its names (config/dates.py and
config/formats/). Only English ships, so German is offered for the test (tests/dates.py); Waypoint's
own words stay English then, its dates do not. English stays exactly as it was."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from config.dates import month_day_time, weekday_date
from journal.services import entry_create
from prompts.models import Run
from prompts.selectors import OpenRun
from tests.dates import ASKS_FOR_GERMAN, offer_german

VALENTINES = date(2026, 2, 14)  # a Saturday


@pytest.fixture
def german(settings: Any) -> None:
    offer_german(settings)


def test_a_day_page_names_its_day_in_english_as_before(alice: Any, alice_client: Client) -> None:
    entry_create(author=alice, body="x", written_on=VALENTINES)
    page = alice_client.get("/journal/day/2026/2/14/").content.decode()
    assert "<h1>Saturday 14 February 2026</h1>" in page


def test_a_day_page_names_its_day_in_the_readers_language(alice: Any, alice_client: Client, german: None) -> None:
    entry_create(author=alice, body="x", written_on=VALENTINES)
    page = alice_client.get("/journal/day/2026/2/14/", headers=ASKS_FOR_GERMAN).content.decode()
    # German order: the day with its full stop before the month ("l j F Y" gave "Samstag 14 Februar 2026").
    assert "<h1>Samstag 14. Februar 2026</h1>" in page


def test_an_untitled_entry_in_the_list_has_a_german_heading_and_short_date(
    alice: Any, alice_client: Client, german: None
) -> None:
    entry_create(author=alice, body="x", written_on=VALENTINES)
    english = alice_client.get("/journal/?month=2026-02").content.decode()
    assert "Saturday 14 February</a>" in english
    assert "<span>14 Feb 2026</span>" in english
    page = alice_client.get("/journal/?month=2026-02", headers=ASKS_FOR_GERMAN).content.decode()
    assert "Samstag 14. Februar</a>" in page
    assert "<span>14.02.2026</span>" in page


def test_an_unfinished_reflection_names_the_day_it_began_in_the_readers_language() -> None:
    started = timezone.make_aware(datetime(2025, 2, 14, 9, 30))
    item = OpenRun(run=Run(started_at=started))
    assert item.day_label == "Friday 14 February 2025"
    with translation.override("fr"):
        assert item.day_label == "vendredi 14 février 2025"


def test_a_day_and_a_time_follow_the_language() -> None:
    moment = timezone.make_aware(datetime(2026, 12, 6, 14, 30))
    assert month_day_time(moment) == "6 December, 14:30"
    assert weekday_date(VALENTINES, year=False) == "Saturday 14 February"
    with translation.override("de"):
        assert month_day_time(moment) == "6. Dezember, 14:30"
        assert weekday_date(VALENTINES) == "Samstag 14. Februar 2026"


def test_a_translator_can_put_the_weekday_where_their_language_puts_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # What a catalogue's msgstr does for the pattern: here, the weekday after the date, with a comma.
    monkeypatch.setattr("config.dates.pgettext", lambda context, pattern: "%(date)s, %(weekday)s")
    with translation.override("fr"):
        assert weekday_date(VALENTINES) == "14 février 2026, samedi"


def _calendar_heading(page: str) -> list[str]:
    return re.findall(r'<th scope="col"><abbr title="([^"]+)">', page)


def test_the_calendar_starts_the_week_on_the_readers_first_day(alice_client: Client, settings: Any) -> None:
    english = alice_client.get("/journal/calendar/?month=2026-02").content.decode()
    assert _calendar_heading(english) == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    assert "<td></td>" * 6 + "<td>" in english  # 1 February 2026 is a Sunday: the last of the first row
    settings.LANGUAGES = [("en", "English"), ("pt-br", "Português (Brasil)")]
    page = alice_client.get("/journal/calendar/?month=2026-02", headers={"Accept-Language": "pt-br"}).content.decode()
    # Brazil's weeks start on Sunday (domingo), so 1 February opens the first row.
    assert _calendar_heading(page)[0] == "Domingo"
    assert _calendar_heading(page)[-1] == "Sábado"
    assert "<td></td>" not in page.split("</tr>")[1]

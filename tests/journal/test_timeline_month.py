"""The timeline opened at a month ("Go to a month"): years of entries were reachable only by
"Older entries", a page at a time."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from journal.models import Entry
from journal.services import entry_create

pytestmark = pytest.mark.django_db


def _months(alice: Any) -> None:
    """Two entries a month from January 2024 to June 2026, none in March 2025."""
    for year in (2024, 2025, 2026):
        for month in range(1, 13):
            if (year, month) == (2025, 3) or (year, month) > (2026, 6):
                continue
            for day in (5, 20):
                on = date(year, month, day)
                entry_create(author=alice, title=f"Day {on:%Y-%m-%d}", body="x", written_on=on)


def _titles(page: str) -> list[str]:
    return re.findall(r"Day (\d{4}-\d\d-\d\d)", page)


def _headings(page: str) -> list[str]:
    return re.findall(r'<h2 id="month-\d+"[^>]*>([^<]+)</h2>', page)


def test_a_month_opens_the_timeline_at_that_month_and_pages_go_both_ways(alice_client: Client, alice: Any) -> None:
    _months(alice)
    page = alice_client.get("/journal/?month=2025-06").content.decode()
    assert _headings(page)[0] == "June 2025"
    assert _titles(page)[:3] == ["2025-06-20", "2025-06-05", "2025-05-20"]
    assert len(_titles(page)) == 20
    # Focus lands on the month's heading, even without htmx; the picker shows the month.
    assert re.search(r'<h2 id="month-1" tabindex="-1" data-focus-after-swap autofocus>June 2025</h2>', page)
    assert 'value="2025-06"' in page
    assert "Page 1" not in page  # pages count from the month, so no number says where it is
    assert 'href="?month=2025-06&amp;page=0"' in page and "Newer entries" in page
    assert 'href="?month=2025-06&amp;page=2"' in page and "Older entries" in page

    # Newer: the twenty entries just after the month, newest first, and further newer from there.
    newer = alice_client.get("/journal/?month=2025-06&page=0").content.decode()
    assert _titles(newer)[-1] == "2025-07-05" and _titles(newer)[0] == "2026-04-20"
    assert "page=-1" in newer and "page=1" in newer
    newest = alice_client.get("/journal/?month=2025-06&page=-1").content.decode()
    assert _titles(newest) == ["2026-06-20", "2026-06-05", "2026-05-20", "2026-05-05"]
    assert "Newer entries" not in newest and "Older entries" in newest
    # Older: on from where page 1 ended, with no gap and no repeat.
    older = alice_client.get("/journal/?month=2025-06&page=2").content.decode()
    assert _titles(older)[0] == "2024-07-20"
    assert _titles(page)[-1] == "2024-08-05"
    # A page turned from there puts focus on its first month too, but only the landing autofocuses.
    assert "autofocus" not in older and 'tabindex="-1" data-focus-after-swap' in older


def test_a_month_with_no_entries_starts_at_the_nearest_older_one_and_says_so(alice_client: Client, alice: Any) -> None:
    _months(alice)
    page = alice_client.get("/journal/?month=2025-03").content.decode()
    assert _headings(page)[0] == "February 2025"
    assert "There are no entries from March 2025. Here is the nearest month before it that has some." in page
    assert 'aria-describedby="month-note"' in page
    assert 'value="2025-03"' in page


def test_a_month_before_the_journal_began_shows_its_first_entries(alice_client: Client, alice: Any) -> None:
    _months(alice)
    page = alice_client.get("/journal/?month=1950-01").content.decode()
    assert "There are no entries from January 1950 or before it. Here are your first entries." in page
    assert _titles(page)[-1] == "2024-01-05" and len(_titles(page)) == 20
    assert "Older entries" not in page and "Newer entries" in page
    assert "page=-1" in page


@pytest.mark.parametrize("typed", ["soon", "1899-12", "2999-01", "2025-13", "", "99999999999999999999-01"])
def test_a_month_that_is_not_one_the_journal_has_says_which_months_there_are(
    alice_client: Client, alice: Any, typed: str
) -> None:
    # Where the browser has no month picker, anything can be typed; the calendar's words, kindly.
    entry_create(author=alice, title="Day 2026-01-04", body="x", written_on=date(2026, 1, 4))
    response = alice_client.get("/journal/", {"month": typed})
    page = response.content.decode()
    assert response.status_code == 200
    # Not "from January 1900": nobody's journal begins there, though a month back to it opens.
    assert "Could you write a year and a month up to " in page and "January 1900" not in page
    assert 'aria-invalid="true"' in page and "field-invalid" in page
    assert "autofocus" in page.split('id="timeline-month"')[1].split(">")[0]
    assert _titles(page) == ["2026-01-04"]  # the newest entries, as without a month


def test_after_a_month_typed_wrong_the_pages_are_the_newest_entries_and_the_status_line_is_quiet(
    alice_client: Client, alice: Any
) -> None:
    for day in range(1, 23):
        entry_create(author=alice, body="x", written_on=date(2026, 1, day))
    page = alice_client.get("/journal/?month=soon", headers={"HX-Request": "true"}).content.decode()
    assert 'href="?page=2"' in page and "month=soon" not in page
    # Focus is on the month box with its words; "Showing all your entries." would talk over them.
    assert "Showing all your entries." not in page


def test_going_to_a_month_keeps_the_filters(alice_client: Client, alice: Any) -> None:
    entry_create(author=alice, title="Day 2025-05-02", body="x", written_on=date(2025, 5, 2), kind=Entry.Kind.COPING)
    entry_create(author=alice, title="Day 2025-05-09", body="x", written_on=date(2025, 5, 9))
    entry_create(author=alice, title="Day 2025-03-01", body="x", written_on=date(2025, 3, 1), kind=Entry.Kind.COPING)
    page = alice_client.get("/journal/?kind=coping&month=2025-04").content.decode()
    assert _titles(page) == ["2025-03-01"]
    assert "No entries from April 2025 match these filters." in page
    landed = alice_client.get("/journal/?kind=coping&month=2025-05").content.decode()
    assert _titles(landed) == ["2025-05-02", "2025-03-01"]
    form = landed.split('class="journal-month-jump"')[1].split("</form>")[0]
    assert '<input type="hidden" name="kind" value="coping">' in form


def test_the_month_picker_is_there_only_where_there_is_another_page(alice_client: Client, alice: Any) -> None:
    # A page's worth of entries needs no way to another month, and on a phone it stood above them.
    for day in range(1, 21):
        entry_create(author=alice, body="x", written_on=date(2026, 1, day))
    assert "Go to a month" not in alice_client.get("/journal/").content.decode()
    entry_create(author=alice, body="x", written_on=date(2026, 1, 21))
    page = alice_client.get("/journal/").content.decode()
    # Below the entries and their page links.
    assert page.index("Older entries") < page.index("Go to a month")


def test_a_month_swapped_in_puts_its_address_in_the_history(alice_client: Client, alice: Any) -> None:
    entry_create(author=alice, body="x", written_on=date(2025, 5, 2), kind=Entry.Kind.REFLECTION)
    htmx = {"HX-Request": "true"}
    response = alice_client.get("/journal/?mood=&kind=reflection&month=2025-05", headers=htmx)
    assert response["HX-Push-Url"] == "/journal/?kind=reflection&month=2025-05"
    assert response.content.decode().lstrip().startswith('<div id="entries"')
    assert "autofocus" not in response.content.decode()  # htmx's swap gives focus, not the browser
    newer = alice_client.get("/journal/?month=2025-05&page=0", headers=htmx)
    assert newer["HX-Push-Url"] == "/journal/?month=2025-05&page=0"
    # Before the first entry, the address is the month's: the first entries are what it shows.
    assert alice_client.get("/journal/?month=2020-05", headers=htmx)["HX-Push-Url"] == "/journal/?month=2020-05"


def test_a_month_costs_one_query_more_than_the_newest_page_whatever_the_journal_holds(
    alice_client: Client, alice: Any
) -> None:
    for n in range(3):
        entry_create(author=alice, body="x", written_on=date(2025, 1 + n, 3))
    alice_client.get("/journal/")  # warm the session and the data key
    with CaptureQueriesContext(connection) as newest:
        alice_client.get("/journal/")
    with CaptureQueriesContext(connection) as small:
        alice_client.get("/journal/?month=2025-02")
    assert len(small.captured_queries) == len(newest.captured_queries) + 1
    _months(alice)
    for url in ("/journal/?month=2025-02", "/journal/?month=2025-02&page=0", "/journal/?month=1950-01"):
        with CaptureQueriesContext(connection) as big:
            alice_client.get(url)
        assert len(big.captured_queries) <= len(small.captured_queries), url


def test_a_calendar_month_with_entries_leads_to_that_month_in_the_timeline(alice_client: Client, alice: Any) -> None:
    entry_create(author=alice, body="x", written_on=date(2025, 5, 2))
    may = alice_client.get("/journal/calendar/?month=2025-05").content.decode()
    assert '<a href="/journal/?month=2025-05"><span>Read May 2025 in your journal</span></a>' in may
    assert "in your journal</span>" not in alice_client.get("/journal/calendar/?month=2025-04").content.decode()

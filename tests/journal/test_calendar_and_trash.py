from __future__ import annotations

import re
from datetime import date, timedelta
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import formats, timezone

from journal.models import Entry
from journal.services import entry_create, entry_trash


def test_the_calendar_marks_days_with_entries_and_says_nothing_about_others(alice_client: Client, alice: Any) -> None:
    entry_create(author=alice, body="x", written_on=date(2026, 2, 14))
    page = alice_client.get("/journal/calendar/?month=2026-02").content.decode()
    assert page.count("journal-day-with") == 1
    assert 'href="/journal/day/2026/2/14/"' in page
    assert "(you wrote this day)" in page
    for word in ("missed", "no entry", "empty", "skipped"):
        assert word not in page.lower()


def _marked_today(page: str) -> list[str]:
    return re.findall(r'aria-current="date">(\d+)<', page)


def test_today_is_marked_on_its_month_and_nowhere_else(alice_client: Client, alice: Any, today: date) -> None:
    # A screen reader says "current date" there; on screen it has a ring. Only today's own month.
    page = alice_client.get(f"/journal/calendar/?month={today:%Y-%m}").content.decode()
    assert _marked_today(page) == [str(today.day)]
    entry_create(author=alice, body="x", written_on=today)
    page = alice_client.get(f"/journal/calendar/?month={today:%Y-%m}").content.decode()
    day_link = f'href="/journal/day/{today.year}/{today.month}/{today.day}/"'
    assert f'id="day-{today:%Y-%m-%d}" {day_link} aria-current="date"' in page
    earlier = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    assert _marked_today(alice_client.get(f"/journal/calendar/?month={earlier}").content.decode()) == []


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_today_is_the_persons_own_day_where_they_are(alice_client: Client, alice: Any, zone: str) -> None:
    # 14 hours ahead of UTC and 11 behind: at any hour one of them is on another day than the server.
    alice.time_zone = zone
    alice.save(update_fields=["time_zone"])
    theirs = timezone.localtime(timezone.now(), ZoneInfo(zone)).date()
    page = alice_client.get(f"/journal/calendar/?month={theirs:%Y-%m}").content.decode()
    assert _marked_today(page) == [str(theirs.day)]


def test_a_day_lists_its_entries(alice_client: Client, alice: Any) -> None:
    entry_create(author=alice, title="Valentine's", body="x", written_on=date(2026, 2, 14))
    assert "Valentine&#x27;s" in alice_client.get("/journal/day/2026/2/14/").content.decode()
    assert alice_client.get("/journal/day/2026/2/30/").status_code == 404


def test_a_nonsense_month_shows_this_month(alice_client: Client, today: date) -> None:
    page = alice_client.get("/journal/calendar/?month=bananas").content.decode()
    assert today.strftime("%B %Y") in page


def test_trash_then_undo_brings_the_entry_back(alice_client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, title="Keep me", body="x")
    page = alice_client.post(f"/journal/{entry.id}/trash/", follow=True).content.decode()
    assert "Undo" in page and "30 days" in page
    assert "Keep me" not in alice_client.get("/journal/").content.decode()
    assert "Keep me" in alice_client.get("/journal/trash/").content.decode()
    alice_client.post(f"/journal/{entry.id}/restore/")
    assert "Keep me" in alice_client.get("/journal/").content.decode()


def test_moving_to_the_trash_moves_on_to_a_page_a_reload_can_ask_for_again(alice_client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, body="x")
    response = alice_client.post(f"/journal/{entry.id}/trash/")
    assert response.status_code == 303
    assert response["Location"] == f"/journal/{entry.id}/trash/"


def test_back_after_trashing_or_a_second_tap_says_where_it_is_with_undo(alice_client: Client, alice: Any) -> None:
    # Back to the question, Back again to the entry, or the button tapped twice on a slow phone:
    # each met "We couldn't find that page" once the entry was in the trash.
    entry = entry_create(author=alice, title="Still mine", body="x")
    alice_client.post(f"/journal/{entry.id}/trash/")
    trashed_at = Entry.objects.get(pk=entry.pk).trashed_at
    for response in (
        alice_client.get(f"/journal/{entry.id}/trash/"),
        alice_client.get(f"/journal/{entry.id}/"),
        alice_client.post(f"/journal/{entry.id}/trash/"),
    ):
        page = response.content.decode()
        assert response.status_code == 200
        assert "Moved to the trash" in page and f'action="/journal/{entry.id}/restore/"' in page
        assert "Move this entry to the trash?" not in page
    assert Entry.objects.get(pk=entry.pk).trashed_at == trashed_at


@pytest.mark.parametrize("page", ["/journal/{id}/", "/journal/{id}/trash/", "/journal/{id}/edit/"])
def test_an_entry_opened_days_after_it_went_to_the_trash_offers_to_bring_it_back_not_undo(
    alice_client: Client, alice: Any, page: str
) -> None:
    # "Undo" answers a tap just made. From an old tab or a bookmark days later there is nothing
    # just done to undo: the page says when it went and until when it can come back.
    entry = entry_trash(entry=entry_create(author=alice, body="x"))
    moved = timezone.now() - timedelta(days=3)
    Entry.objects.filter(pk=entry.pk).update(trashed_at=moved)
    shown = alice_client.get(page.format(id=entry.id)).content.decode()
    assert "Undo" not in shown and "Moved to the trash" not in shown
    assert "This entry is in the trash" in shown
    until = formats.date_format(timezone.localtime(moved + timedelta(days=30)), "DATE_FORMAT")
    assert f"You can bring it back until {until}" in shown
    assert f'action="/journal/{entry.id}/restore/"' in shown and ">Bring it back</button>" in shown


def test_undo_tapped_twice_brings_it_back_once_and_says_so_both_times(alice_client: Client, alice: Any) -> None:
    # The second tap on a slow phone used to meet "We couldn't find that page".
    entry = entry_trash(entry=entry_create(author=alice, title="Back again", body="x"))
    for _ in range(2):
        response = alice_client.post(f"/journal/{entry.id}/restore/", follow=True)
        assert response.redirect_chain[-1][0] == f"/journal/{entry.id}/"
        assert "It&#x27;s back in your journal." in response.content.decode()
    assert Entry.objects.get(pk=entry.pk).trashed_at is None


def test_past_its_thirty_days_a_trashed_entry_is_not_found(alice_client: Client, alice: Any) -> None:
    old = entry_trash(entry=entry_create(author=alice, title="Long gone", body="x"))
    Entry.objects.filter(pk=old.pk).update(trashed_at=timezone.now() - timedelta(days=31))
    for url in (f"/journal/{old.pk}/", f"/journal/{old.pk}/trash/"):
        assert alice_client.get(url).status_code == 404


def test_each_bring_it_back_button_names_its_entry(alice_client: Client, alice: Any) -> None:
    # A screen reader's list of buttons heard "Bring it back" once per entry, with no way to tell
    # which was which.
    entry_trash(entry=entry_create(author=alice, title="Keep me", body="x"))
    entry_trash(entry=entry_create(author=alice, body="y", written_on=date(2026, 2, 14)))
    page = " ".join(alice_client.get("/journal/trash/").content.decode().split())
    assert 'aria-label="Bring it back: Keep me">Bring it back</button>' in page
    untitled = "Saturday 14 February 2026, y"  # without a title, its day and first words
    assert f'aria-label="Bring it back: {untitled}">Bring it back</button>' in page


def test_two_untitled_entries_of_one_day_are_told_apart_in_the_trash(alice_client: Client, alice: Any) -> None:
    # Both were "Saturday 14 February 2026": two alike headings and two alike buttons, so nobody,
    # looking or listening, could tell which one they were bringing back. Their first words say.
    day = date(2026, 2, 14)
    entry_trash(entry=entry_create(author=alice, body="A walk by the river with Sam after lunch today", written_on=day))
    entry_trash(entry=entry_create(author=alice, body="Could not sleep, so I wrote instead", written_on=day))
    page = " ".join(alice_client.get("/journal/trash/").content.decode().split())
    assert '<p dir="auto">A walk by the river with Sam after lunch today</p>' in page
    assert '<p dir="auto">Could not sleep, so I wrote instead</p>' in page
    said = 'aria-label="Bring it back: Saturday 14 February 2026, {}">Bring it back</button>'
    assert said.format("A walk by the river with …") in page
    assert said.format("Could not sleep, so I wrote …") in page


def test_emptying_the_trash_on_request_deletes_for_good(alice_client: Client, alice: Any) -> None:
    entry_trash(entry=entry_create(author=alice, body="x"))
    kept = entry_create(author=alice, body="y")
    alice_client.post("/journal/trash/empty/")
    assert list(Entry.objects.values_list("pk", flat=True)) == [kept.pk]


def test_after_thirty_days_an_entry_is_gone_from_the_trash_before_housekeeping_runs(
    alice_client: Client, alice: Any
) -> None:
    old = entry_trash(entry=entry_create(author=alice, title="Thirty-one days ago", body="x"))
    entry_trash(entry=entry_create(author=alice, title="Yesterday", body="y"))
    Entry.objects.filter(pk=old.pk).update(trashed_at=timezone.now() - timedelta(days=31))
    page = alice_client.get("/journal/trash/").content.decode()
    assert "Yesterday" in page and "Thirty-one days ago" not in page
    assert alice_client.post(f"/journal/{old.pk}/restore/").status_code == 404
    # Reading the trash deleted nothing: emptying it is housekeeping's job (no writes on GET).
    assert Entry.objects.filter(pk=old.pk).exists()


def test_the_daily_command_empties_expired_trash(alice: Any) -> None:
    old = entry_trash(entry=entry_create(author=alice, body="x"))
    recent = entry_trash(entry=entry_create(author=alice, body="y"))
    Entry.objects.filter(pk=old.pk).update(trashed_at=timezone.now() - timedelta(days=31))
    call_command("journal_empty_trash", stdout=StringIO())
    assert list(Entry.objects.values_list("pk", flat=True)) == [recent.pk]


def test_a_printable_range_holds_the_days_asked_for(alice_client: Client, alice: Any) -> None:
    entry_create(author=alice, title="In range", body="x", written_on=date(2026, 1, 10))
    entry_create(author=alice, title="Out of range", body="x", written_on=date(2026, 2, 10))
    page = alice_client.get("/journal/print/?start=2026-01-01&end=2026-01-31").content.decode()
    assert "In range" in page and "Out of range" not in page
    swapped = alice_client.get("/journal/print/?start=2026-02-01&end=2026-01-01").content.decode()
    assert "Could you swap them" in swapped


def test_one_entry_on_paper_leads_back_to_that_entry(alice_client: Client, alice: Any) -> None:
    # It led to the journal's list, a search away from the entry just printed.
    entry = entry_create(author=alice, title="Keep me", body="x")
    page = alice_client.get(f"/journal/{entry.id}/print/").content.decode()
    assert f'<a href="/journal/{entry.id}/">Back to this entry</a>' in page
    stretch = alice_client.get("/journal/print/").content.decode()
    assert '<a href="/journal/">Back to your journal</a>' in stretch


def test_a_stretch_to_print_typed_by_hand_wrong_is_answered_in_our_words(alice_client: Client) -> None:
    page = alice_client.get("/journal/print/?start=&end=2026-13-45").content.decode()
    assert "Which day? You could pick one." in page
    assert "That isn&#x27;t a day we can read." in page
    assert "This field is required." not in page and "Enter a valid date." not in page


def test_the_days_in_the_trash_are_counted_as_a_plural(
    alice_client: Client, alice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Marked with a count, so a language with several plural forms can say 30, 31 or 1 day(s) right.
    monkeypatch.setattr("journal.services.TRASH_DAYS", 1)
    entry = entry_create(author=alice, body="x")
    trashed = alice_client.post(f"/journal/{entry.id}/trash/", follow=True).content.decode()
    assert "It stays in the trash for 1 day, then it is deleted for good." in trashed
    assert "Entries stay here for 1 day, then" in alice_client.get("/journal/trash/").content.decode()

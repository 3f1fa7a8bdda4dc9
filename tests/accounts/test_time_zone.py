"""A person's own time zone: chosen from Settings' time zone page, and every time of day they read follows it."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from journal.services import entry_create

# 03:30 on the server (UTC) is 22:30 the evening before in New York, in winter.
LATE_EVENING_IN_NEW_YORK = datetime(2026, 1, 21, 3, 30, tzinfo=UTC)


@pytest.fixture
def clock_at(monkeypatch: pytest.MonkeyPatch) -> Any:
    def set_clock(moment: datetime) -> None:
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return set_clock


def _lives_in(person: User, name: str) -> None:
    person.time_zone = name
    person.save(update_fields=["time_zone"])


def test_a_draft_kept_late_in_the_evening_says_the_persons_own_time(
    alice_client: Client, alice: User, clock_at: Any
) -> None:
    _lives_in(alice, "America/New_York")
    clock_at(LATE_EVENING_IN_NEW_YORK)
    data = {"entry_id": str(uuid.uuid4()), "version": "0", "written_on": "2026-01-20", "kind": "free", "body": "words"}
    page = alice_client.post("/journal/autosave/", data, headers={"HX-Request": "true"}).content.decode()
    assert 'Draft kept at <time datetime="2026-01-21T03:30:00+00:00" data-clock="time">22:30</time>.' in page


def test_a_new_entry_is_about_the_persons_own_today(alice_client: Client, alice: User, clock_at: Any) -> None:
    clock_at(LATE_EVENING_IN_NEW_YORK)
    assert 'value="2026-01-21"' in alice_client.get("/journal/new/").content.decode()
    _lives_in(alice, "America/New_York")
    page = alice_client.get("/journal/new/").content.decode()
    assert 'value="2026-01-20"' in page and 'value="2026-01-21"' not in page


def test_the_look_back_counts_a_late_entry_in_the_persons_own_evening(
    alice_client: Client, alice: User, today: date
) -> None:
    yesterday = today - timedelta(days=1)
    late = datetime.combine(yesterday, datetime.min.time(), tzinfo=UTC).replace(hour=3, minute=30)
    # 03:30 is night on the server, evening in New York; 15:00 afternoon or morning, no part of either.
    midday = late.replace(hour=15, minute=0)
    for urge in (9, 8, 7):
        entry_create(author=alice, body="x", written_on=yesterday, urge=urge, created_at=late)
    for _ in range(3):
        entry_create(author=alice, body="x", written_on=yesterday, urge=1, created_at=midday)

    on_the_server = alice_client.get("/look-back/?span=4w").content.decode()
    assert "urges are often stronger in entries you write at night" in on_the_server

    _lives_in(alice, "America/New_York")
    at_home = alice_client.get("/look-back/?span=4w").content.decode()
    assert "urges are often stronger in entries you write in the evening" in at_home
    assert "at night:" not in at_home


def test_a_zone_that_no_longer_exists_falls_back_to_the_servers(
    alice_client: Client, alice: User, clock_at: Any
) -> None:
    _lives_in(alice, "Mars/Olympus_Mons")
    clock_at(LATE_EVENING_IN_NEW_YORK)
    page = alice_client.get("/journal/new/")
    assert page.status_code == 200 and 'value="2026-01-21"' in page.content.decode()
    settings_page = alice_client.get("/account/settings/").content.decode()
    # Counted as not chosen, so the device's zone is on offer again.
    assert "data-device-time-zone" in settings_page
    _lives_in(alice, "../../etc/passwd")
    assert alice_client.get("/journal/new/").status_code == 200


def test_the_zone_is_the_persons_own_and_ends_with_their_request(
    alice_client: Client, alice: User, bob_client: Client, clock_at: Any
) -> None:
    _lives_in(alice, "America/New_York")
    clock_at(LATE_EVENING_IN_NEW_YORK)
    assert 'value="2026-01-20"' in alice_client.get("/journal/new/").content.decode()
    assert 'value="2026-01-21"' in bob_client.get("/journal/new/").content.decode()
    assert timezone.get_current_timezone_name() == "UTC"


def test_the_time_zone_page_saves_a_zone_from_the_list_and_back_to_none(alice_client: Client, alice: User) -> None:
    page = alice_client.get("/account/settings/time-zone/").content.decode()
    assert '<option value="America/New_York">America / New York</option>' in page
    assert "Not chosen (UTC)" in page
    assert "Your times of day follow UTC, the site's own time zone, until you choose one." in unescape(page)

    response = alice_client.post("/account/settings/time-zone/", {"time_zone": "Europe/Paris"}, follow=True)
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/Paris"
    html = response.content.decode()
    assert response.redirect_chain == [("/account/settings/#messages", 302)]
    assert "Saved. Times now follow Europe / Paris." in html
    assert "Your times of day follow Europe / Paris." in html
    assert "data-device-time-zone" not in html  # chosen: nothing more is offered
    html = alice_client.get("/account/settings/time-zone/").content.decode()
    assert '<option value="Europe/Paris" selected>' in html
    zone_list = html[html.index('<select name="time_zone"') :].split("</select>")[0]
    assert zone_list.count(" selected>") == 1  # not also "Not chosen"

    alice_client.post("/account/settings/time-zone/", {"time_zone": ""})
    alice.refresh_from_db()
    assert alice.time_zone == ""


def test_the_time_zone_page_refuses_a_zone_not_in_the_list(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/account/settings/time-zone/", {"time_zone": "localtime"})
    alice.refresh_from_db()
    assert response.status_code == 200 and alice.time_zone == ""
    assert "That time zone isn't in the list. You could choose one from it." in unescape(response.content.decode())


def test_only_a_post_sets_the_zone(alice_client: Client, alice: User) -> None:
    # A GET shows the list; what its query asks for is not saved, nor chosen in the list.
    page = alice_client.get("/account/settings/time-zone/?time_zone=Europe/Paris")
    assert page.status_code == 200 and '<option value="Europe/Paris" selected>' not in page.content.decode()
    alice.refresh_from_db()
    assert alice.time_zone == ""


OUTSIDE = ["https://elsewhere.example/look-back/", "//elsewhere.example/", "javascript:alert(1)"]


@pytest.mark.parametrize("elsewhere", OUTSIDE)
def test_the_one_press_offer_goes_back_only_to_a_page_of_this_site(
    alice_client: Client, alice: User, elsewhere: str
) -> None:
    data = {"time_zone": "America/New_York", "next": "/look-back/?span=all"}
    back = alice_client.post("/account/settings/time-zone/", data)
    assert back.status_code == 302 and back["Location"] == "/look-back/?span=all#messages"
    alice_client.post("/account/settings/time-zone/", {"time_zone": ""})

    outside = alice_client.post("/account/settings/time-zone/", {"time_zone": "America/New_York", "next": elsewhere})
    assert outside.status_code == 302 and outside["Location"] == "/account/settings/#messages"
    alice.refresh_from_db()
    assert alice.time_zone == "America/New_York"


def test_the_look_back_holds_the_offer_only_while_no_zone_is_chosen(
    alice_client: Client, alice: User, today: date
) -> None:
    entry_create(author=alice, body="x", written_on=today, urge=5)
    page = alice_client.get("/look-back/?span=all").content.decode()
    # Hidden until waypoint.js finds the device on another clock than the site's (UTC: offset 0).
    assert 'data-device-time-zone data-unless-offset="0" hidden' in page
    assert '<input type="hidden" name="next" value="/look-back/?span=all">' in page
    _lives_in(alice, "Europe/Paris")
    assert "data-device-time-zone" not in alice_client.get("/look-back/?span=all").content.decode()

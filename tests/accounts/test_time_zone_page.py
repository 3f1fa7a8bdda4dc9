"""The ~600 time zones on a page of their own; Settings says the zone in use and links there.

Settings is the cheapest signed-in page, the one issue #16's bench measures: with the list it was
46 KB of HTML (9.8 KB gzipped), without it 12 KB (3.7 KB).
"""

from __future__ import annotations

import gzip
from html import unescape

import pytest
from django.test import Client

from accounts.models import User

TIME_ZONE_PAGE = "/account/settings/time-zone/"


def _lives_in(person: User, name: str) -> None:
    person.time_zone = name
    person.save(update_fields=["time_zone"])


def test_settings_says_the_zone_in_use_and_links_to_the_list_without_holding_it(
    alice_client: Client, alice: User
) -> None:
    response = alice_client.get("/account/settings/")
    html = response.content.decode()
    assert 'name="time_zone"' not in html.replace('<input type="hidden" name="time_zone" value="">', "")
    assert "America/New_York" not in html and html.count("<option") < 100  # the zones were ~600
    assert len(gzip.compress(response.content, 9)) < 6 * 1024  # 9.8 KB with the list, 3.7 KB without
    assert "Your times of day follow UTC, the site's own time zone, until you choose one." in unescape(html)
    assert f'<a href="{TIME_ZONE_PAGE}">Choose another time zone</a>' in html
    assert "data-device-time-zone" in html  # the one-press offer, while none is chosen

    _lives_in(alice, "America/New_York")
    html = alice_client.get("/account/settings/").content.decode()
    assert "Your times of day follow America / New York." in html
    assert f'<a href="{TIME_ZONE_PAGE}">Choose another time zone</a>' in html
    assert "data-device-time-zone" not in html


def test_the_page_holds_the_labelled_list_with_the_zone_in_use_chosen(alice_client: Client, alice: User) -> None:
    _lives_in(alice, "Asia/Tokyo")
    response = alice_client.get(TIME_ZONE_PAGE)
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert '<label for="id_time_zone">Time zone' in html
    assert '<select name="time_zone" aria-describedby="id_time_zone_helptext" id="id_time_zone">' in html
    assert '<option value="Asia/Tokyo" selected>Asia / Tokyo</option>' in html
    assert html.count("<option") > 500
    assert "Your times of day follow Asia / Tokyo." in html
    assert '<a href="/account/settings/">Back to settings</a>' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<button type="submit" class="button">Save</button>' in html


def test_saving_goes_back_to_settings_and_says_so(alice_client: Client, alice: User) -> None:
    # At "Saved" (#messages takes focus), not at the top of Settings: the list was on a page of its
    # own, so a keyboard or screen reader would otherwise start at the top, before the menu.
    response = alice_client.post(TIME_ZONE_PAGE, {"time_zone": "America/Sao_Paulo"})
    assert response.status_code == 302 and response["Location"] == "/account/settings/#messages"
    alice.refresh_from_db()
    assert alice.time_zone == "America/Sao_Paulo"
    settings_page = alice_client.get("/account/settings/").content.decode()
    assert "Saved. Times now follow America / Sao Paulo." in settings_page


def test_an_unknown_zone_is_turned_away_kindly_with_the_list_still_there(alice_client: Client, alice: User) -> None:
    _lives_in(alice, "Europe/Oslo")
    response = alice_client.post(TIME_ZONE_PAGE, {"time_zone": "Mars/Olympus_Mons"})
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert '<a href="/account/settings/">Back to settings</a>' in html  # the list's own page, not all of Settings
    assert "That time zone isn't in the list. You could choose one from it." in html
    assert 'aria-describedby="id_time_zone_helptext id_time_zone_error"' in html
    assert 'aria-invalid="true"' in html and html.count("<option") > 500
    assert "Your times of day follow Europe / Oslo." in html  # nothing changed
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/Oslo"


def test_a_post_without_the_forms_token_changes_nothing(alice: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(TIME_ZONE_PAGE, {"time_zone": "Europe/Paris"}).status_code == 403
    alice.refresh_from_db()
    assert alice.time_zone == ""


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_signed_out_is_sent_to_sign_in_as_from_settings(client: Client, method: str) -> None:
    settings_page = getattr(client, method)("/account/settings/")
    response = getattr(client, method)(TIME_ZONE_PAGE, {"time_zone": "Europe/Paris"} if method == "post" else None)
    assert settings_page.status_code == response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={TIME_ZONE_PAGE}"

"""The editor's "Draft kept at" follows the person's zone (or the site's); a device on another clock
is offered its own in one quiet line, answered in place so the words being written stay."""

from __future__ import annotations

from html import unescape

from django.test import Client

from accounts.models import User

TIME_ZONE_PAGE = "/account/settings/time-zone/"
IN_PLACE = {"HX-Request": "true"}


def _lives_in(person: User, name: str) -> None:
    person.time_zone = name
    person.save(update_fields=["time_zone"])


def _offer(html: str) -> str:
    start = html.index("<form", html.index("data-device-time-zone") - 300)
    return html[start : html.index("</form>", start)]


def test_the_editor_offers_the_devices_zone_against_the_site_clock_while_none_is_chosen(
    alice_client: Client,
) -> None:
    html = unescape(alice_client.get("/journal/new/").content.decode())
    offer = _offer(html)
    # Hidden until waypoint.js finds the device on another clock than the site's (UTC: offset 0).
    assert 'data-unless-offset="0" hidden' in offer
    assert f'hx-post="{TIME_ZONE_PAGE}" hx-target="this" hx-swap="outerHTML"' in offer
    assert "Times here follow UTC." in offer
    assert 'name="next"' not in offer  # answered where it stands: the page is never left
    # Outside the entry's form: typing never reaches it, and a Save that redraws the editor keeps it.
    assert html.index("</form>") < html.index("data-device-time-zone")


def test_with_a_zone_of_their_own_the_editor_still_offers_a_device_on_another_clock(
    alice_client: Client, alice: User
) -> None:
    # Away from the zone they chose, "Draft kept at" would say the time at home.
    _lives_in(alice, "Pacific/Kiritimati")
    offer = _offer(unescape(alice_client.get("/journal/new/").content.decode()))
    assert 'data-unless-offset="840" hidden' in offer  # fourteen hours ahead of UTC
    assert "Times here follow Pacific / Kiritimati." in offer


def test_the_one_line_offer_is_answered_where_it_stood(alice_client: Client, alice: User) -> None:
    answer = alice_client.post(TIME_ZONE_PAGE, {"time_zone": "America/New_York"}, headers=IN_PLACE)
    assert answer.status_code == 200  # no redirect: the editor and its words stay
    html = unescape(answer.content.decode())
    assert 'role="status" tabindex="-1" data-focus-after-swap data-time-zone-saved' in html
    assert "Saved. Times now follow America / New York." in html
    assert "<html" not in html
    alice.refresh_from_db()
    assert alice.time_zone == "America/New_York"


def test_a_zone_the_server_lacks_changes_nothing_and_says_so_kindly(alice_client: Client, alice: User) -> None:
    answer = alice_client.post(TIME_ZONE_PAGE, {"time_zone": "Mars/Olympus_Mons"}, headers=IN_PLACE)
    html = unescape(answer.content.decode())
    assert "That time zone isn't in the list. You could choose one from it." in html
    assert f'<a href="{TIME_ZONE_PAGE}">Choose another time zone</a>' in html
    assert "data-time-zone-saved" not in html
    alice.refresh_from_db()
    assert alice.time_zone == ""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client, override_settings

from journal.models import Entry
from journal.selectors import entry_texts
from tests.journal.test_editor import form_data


@override_settings(QUICK_EXIT_URL="https://example.org/weather")
def test_without_javascript_leave_quickly_signs_out_and_goes_to_the_neutral_site(alice_client: Client) -> None:
    response = alice_client.get("/safety/leave/")
    # A page that moves on by itself, not a redirect: the browser holds the strip's form to the
    # CSP's form-action 'self', redirects included (the browser test checks the real thing).
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta http-equiv="refresh" content="0; url=https://example.org/weather">' in html
    assert '<a href="https://example.org/weather">' in html
    assert "no-store" in response["Cache-Control"]
    assert "_auth_user_id" not in alice_client.session


@override_settings(QUICK_EXIT_URL="https://example.org/weather")
def test_for_a_few_minutes_after_leaving_waypoint_pages_send_the_browser_to_the_everyday_site(
    alice_client: Client,
) -> None:
    left = alice_client.get("/safety/leave/")
    cookie = left.cookies["wp_away"]
    assert cookie["max-age"] == 300 and cookie["httponly"]
    assert cookie.value == "1"  # says nothing about the person
    for path in ("/", "/accounts/login/", "/journal/", "/safety/help/"):
        response = alice_client.get(path, headers={"Sec-Fetch-Mode": "navigate"})
        assert response.status_code == 302
        assert response["Location"] == "https://example.org/weather"
        assert "no-store" in response["Cache-Control"]
    # Fragments and saves from a page still open keep working; only whole-page visits bounce.
    assert alice_client.get("/safety/help/", headers={"Sec-Fetch-Mode": "cors"}).status_code == 200
    # Once the cookie has gone (the browser drops it after five minutes), Waypoint opens as usual.
    alice_client.cookies.pop("wp_away")
    assert alice_client.get("/accounts/login/").status_code == 200


def test_the_beacon_signs_out_without_a_csrf_token(alice: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/safety/leave/beacon/")
    assert response.status_code == 204
    assert "_auth_user_id" not in client.session
    assert response.cookies["wp_away"]["max-age"] == 300


@pytest.mark.parametrize("site", ["cross-site", "same-site"])
def test_another_site_cannot_send_the_beacon_to_keep_someone_from_their_plan(alice: Any, site: str) -> None:
    # Another site's hidden form, posted here: the person would be sent away from every Waypoint
    # page, their plan and crisis lines included, for five minutes without knowing why.
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/safety/leave/beacon/", headers={"Sec-Fetch-Site": site})
    assert "wp_away" not in response.cookies
    assert client.get("/safety/plan/", headers={"Sec-Fetch-Mode": "navigate"}).status_code == 200


def test_another_site_opening_the_leave_link_does_not_keep_someone_from_their_plan(alice_client: Client) -> None:
    response = alice_client.get("/safety/leave/", headers={"Sec-Fetch-Site": "cross-site"})
    assert "wp_away" not in response.cookies
    assert alice_client.get("/safety/help/", headers={"Sec-Fetch-Mode": "navigate"}).status_code == 200


@pytest.mark.parametrize("site", ["same-origin", "none"])
def test_the_leave_link_from_waypoint_or_typed_still_bounces_back(alice_client: Client, site: str) -> None:
    response = alice_client.get("/safety/leave/", headers={"Sec-Fetch-Site": site})
    assert response.cookies["wp_away"]["max-age"] == 300


def test_the_beacon_from_waypoints_own_page_says_so_and_still_signs_out(alice: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/safety/leave/beacon/", headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 204 and response.cookies["wp_away"]["max-age"] == 300
    assert "_auth_user_id" not in client.session


def test_the_beacon_does_nothing_on_a_get(alice_client: Client) -> None:
    assert alice_client.get("/safety/leave/beacon/").status_code == 405
    assert alice_client.get("/safety/plan/").status_code == 200


@pytest.mark.django_db
def test_the_explanation_is_honest_about_history(client: Client) -> None:
    html = client.get("/safety/leave/about/").content.decode()
    assert "doesn&#x27;t erase your browser history" in html or "doesn't erase your browser history" in html
    assert "Shift key three times" in html


@pytest.mark.django_db
@override_settings(QUICK_EXIT_URL="https://example.org/weather")
def test_the_button_carries_the_neutral_site_for_javascript(client: Client) -> None:
    html = client.get("/safety/help/").content.decode()
    assert 'data-exit-url="https://example.org/weather"' in html
    assert 'data-beacon-url="/safety/leave/beacon/"' in html


def test_leaving_with_no_connection_signs_out_on_the_next_request_the_browser_makes(alice_client: Client) -> None:
    # safety.js sets the cookie as "Leave quickly" goes; offline, its beacon never arrived, and
    # whoever opened Waypoint once the phone was back online found the journal still open.
    alice_client.cookies["wp_leaving"] = "out"
    response = alice_client.get("/journal/", headers={"Sec-Fetch-Mode": "navigate"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in alice_client.session
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert response.cookies["wp_leaving"]["max-age"] == 0  # done once: signing in again works
    assert alice_client.get("/accounts/login/").status_code == 200


def test_online_the_beacon_carries_the_leaving_cookie_away(alice: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    client.cookies["wp_leaving"] = f"exit-{int(time.time() * 1000)}"
    response = client.post("/safety/leave/beacon/")
    assert response.status_code == 204
    assert "_auth_user_id" not in client.session
    assert response.cookies["wp_leaving"]["max-age"] == 0


@override_settings(QUICK_EXIT_URL="https://example.org/weather")
def test_back_after_leaving_quickly_offline_goes_to_the_everyday_site_for_a_few_minutes(
    alice_client: Client,
) -> None:
    # Online, the beacon's answer sends Back to the everyday site for five minutes. Offline it never
    # came, and Back (once the connection was back) showed Waypoint's sign-in page.
    alice_client.cookies["wp_leaving"] = f"exit-{int((time.time() - 60) * 1000)}"
    response = alice_client.get("/journal/", headers={"Sec-Fetch-Mode": "navigate"})
    assert (response.status_code, response["Location"]) == (302, "https://example.org/weather")
    assert "_auth_user_id" not in alice_client.session
    assert 200 <= response.cookies["wp_away"]["max-age"] <= 240, "the rest of the five minutes"
    assert alice_client.get("/safety/help/", headers={"Sec-Fetch-Mode": "navigate"}).status_code == 302


def test_opening_waypoint_long_after_leaving_offline_signs_out_without_bouncing(alice_client: Client) -> None:
    # Hours later, opening it from the home screen is the person coming back, not Back after leaving.
    alice_client.cookies["wp_leaving"] = f"exit-{int((time.time() - 3 * 3600) * 1000)}"
    response = alice_client.get("/journal/", headers={"Sec-Fetch-Mode": "navigate"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in alice_client.session and "wp_away" not in response.cookies


def test_words_sent_as_the_page_went_are_saved_before_signing_out(alice: Any, alice_client: Client) -> None:
    # The editor's last autosave rides out with the cookie: it is kept, then the session ends.
    page = alice_client.get("/journal/new/").content.decode()
    entry_id = page.split('name="entry_id" value="')[1].split('"')[0]
    alice_client.cookies["wp_leaving"] = f"exit-{int(time.time() * 1000)}"
    data = form_data(entry_id, body="The last lines before I left")
    response = alice_client.post("/journal/autosave/", data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "_auth_user_id" not in alice_client.session
    # Online, Leave quickly sends only this beacon when words go (safety.js): it ends the session
    # as the sign-out beacon would, emptying the browser's cache and this site's storage too.
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert entry_texts(user=alice, entry=Entry.objects.get(owner=alice)).body == "The last lines before I left"


def test_over_https_only_the_host_only_cookie_signs_out(alice_client: Client) -> None:
    # A sibling subdomain can set a plain cookie for the whole domain; it must not keep signing
    # the person out. Over HTTPS only the __Host- one counts (no Domain, Secure, set by this site).
    alice_client.cookies["wp_leaving"] = "out"
    assert alice_client.get("/journal/", secure=True).status_code == 200
    assert "_auth_user_id" in alice_client.session
    alice_client.cookies["__Host-wp_leaving"] = "out"
    response = alice_client.get("/journal/", secure=True)
    assert "_auth_user_id" not in alice_client.session
    assert response.cookies["__Host-wp_leaving"]["max-age"] == 0

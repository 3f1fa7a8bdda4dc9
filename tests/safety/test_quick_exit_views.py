from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings


@override_settings(QUICK_EXIT_URL="https://example.org/weather")
def test_without_javascript_leave_quickly_signs_out_and_goes_to_the_neutral_site(alice_client: Client) -> None:
    response = alice_client.get("/safety/leave/")
    assert response.status_code == 302
    assert response["Location"] == "https://example.org/weather"
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
    alice_client.cookies["wp_leaving"] = "1"
    response = alice_client.get("/journal/", headers={"Sec-Fetch-Mode": "navigate"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in alice_client.session
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert response.cookies["wp_leaving"]["max-age"] == 0  # done once: signing in again works
    assert alice_client.get("/accounts/login/").status_code == 200


def test_online_the_beacon_carries_the_leaving_cookie_away(alice: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    client.cookies["wp_leaving"] = "1"
    response = client.post("/safety/leave/beacon/")
    assert response.status_code == 204
    assert "_auth_user_id" not in client.session
    assert response.cookies["wp_leaving"]["max-age"] == 0

from __future__ import annotations

import time

from django.test import Client, override_settings

from accounts.middleware import LAST_SEEN_KEY


def _age_session(client: Client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=30)
def test_a_session_left_idle_locks_and_asks_to_sign_in_again(alice_client: Client) -> None:
    alice_client.get("/")
    _age_session(alice_client, 31 * 60)
    response = alice_client.get("/journal/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/locked/?next=")
    page = alice_client.get(response["Location"])
    assert "Waypoint is locked" in page.content.decode()
    assert "Everything you saved is still here." in page.content.decode()
    # Signed out for real: the journal now asks for a sign-in.
    assert alice_client.get("/journal/")["Location"].startswith("/accounts/login/")


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=30)
def test_activity_keeps_the_session_open(alice_client: Client) -> None:
    alice_client.get("/")
    _age_session(alice_client, 29 * 60)
    assert alice_client.get("/journal/").status_code == 200
    assert alice_client.get("/journal/").status_code == 200


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=30)
def test_an_htmx_request_after_the_lock_keeps_the_page_and_signals_it(alice_client: Client) -> None:
    alice_client.get("/")
    _age_session(alice_client, 31 * 60)
    response = alice_client.get("/journal/", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response["HX-Trigger"] == "waypoint:locked"


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=30)
def test_asking_how_long_is_left_does_not_count_as_activity(alice_client: Client) -> None:
    alice_client.get("/")
    _age_session(alice_client, 20 * 60)
    remaining = alice_client.get("/account/idle-status/").json()["remaining"]
    assert 9 * 60 <= remaining <= 10 * 60
    assert alice_client.get("/account/idle-status/").json()["remaining"] <= remaining


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=30)
def test_stay_signed_in_restarts_the_clock(alice_client: Client) -> None:
    alice_client.get("/")
    _age_session(alice_client, 29 * 60)
    assert alice_client.post("/account/still-here/").status_code == 204
    assert alice_client.get("/account/idle-status/").json()["remaining"] > 29 * 60

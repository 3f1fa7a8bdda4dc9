"""Leave quickly with unsaved words sends only the page's own beacon (safety.js), with the
leaving cookie. Whatever answers those words (refused, in conflict, locked, already signed out),
the session ends and Back goes to the everyday site for the next few minutes, as the sign-out
beacon did."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from django.test import Client

from tests.journal.locking import lock_journal
from tests.journal.test_editor import form_data


def _leaving(client: Client) -> Client:
    client.cookies["wp_leaving"] = f"exit-{int(time.time() * 1000)}"
    return client


def _signed_out_and_marked(client: Client, response: Any) -> None:
    assert "_auth_user_id" not in client.session
    assert 200 <= response.cookies["wp_away"]["max-age"] <= 300
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert response.cookies["wp_leaving"]["max-age"] == 0


def test_words_refused_for_a_stale_token_still_sign_out(alice: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    client.cookies["csrftoken"] = "a" * 32
    stale = {**form_data(body="the last lines"), "csrfmiddlewaretoken": "b" * 32}
    response = _leaving(client).post("/journal/autosave/", stale)
    assert response.status_code == 403
    _signed_out_and_marked(client, response)


def test_words_meeting_another_tabs_version_still_sign_out(alice: Any, alice_client: Client) -> None:
    entry_id = uuid.uuid4()
    alice_client.post("/journal/autosave/", form_data(entry_id, body="first"))
    alice_client.post("/journal/autosave/", form_data(entry_id, 1, body="another tab's"))
    mine = form_data(entry_id, 1, body="mine", page=str(uuid.uuid4()))
    response = _leaving(alice_client).post("/journal/autosave/", mine, headers={"HX-Request": "true"})
    assert "changed in another tab" in response.content.decode()
    _signed_out_and_marked(alice_client, response)


def test_words_meeting_a_locked_journal_still_sign_out(alice: Any) -> None:
    lock_journal(alice)
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    response = _leaving(client).post("/journal/autosave/", form_data(body="typed while locked"))
    assert response.status_code == 423
    _signed_out_and_marked(client, response)


def test_words_after_the_idle_lock_ended_the_session_still_mark_just_left(client: Client, db: Any) -> None:
    response = _leaving(client).post("/journal/autosave/", form_data(body="after the lock"))
    assert "_auth_user_id" not in client.session
    assert 200 <= response.cookies["wp_away"]["max-age"] <= 300


@pytest.mark.parametrize("clock_off_by", [120, -600], ids=["two minutes fast", "ten minutes slow"])
def test_words_sent_as_leaving_mark_just_left_whatever_the_phones_clock(
    alice_client: Client, clock_off_by: int
) -> None:
    # The sign-out beacon marked "just left" for five minutes; the words beacon sent instead of it
    # went by the cookie's time, from the phone's clock: two minutes fast, Back after leaving
    # showed Waypoint's sign-in page instead of the everyday site.
    alice_client.cookies["wp_leaving"] = f"exit-{int((time.time() + clock_off_by) * 1000)}"
    words = {**form_data(body="the last lines"), "leaving_quickly": "1"}
    response = alice_client.post("/journal/autosave/", words)
    _signed_out_and_marked(alice_client, response)
    assert response.cookies["wp_away"]["max-age"] == 300


def test_a_request_long_after_leaving_offline_is_not_taken_for_leaving_now(alice_client: Client) -> None:
    # Only the page's own beacon says so: another tab's autosave hours later signs out, no more.
    alice_client.cookies["wp_leaving"] = f"exit-{int((time.time() - 3 * 3600) * 1000)}"
    response = alice_client.post("/journal/autosave/", form_data(body="hours later"))
    assert "_auth_user_id" not in alice_client.session and "wp_away" not in response.cookies

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from accounts.middleware import LAST_SEEN_KEY
from journal import selectors
from journal.models import Entry
from journal.services import entry_create
from safety.selectors import plan_for_owner

HX = {"HX-Request": "true"}


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
    assert "You were signed out" in page.content.decode()
    assert "It happens after 30 minutes without use" in page.content.decode()
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


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", "/journal/calendar/?month=2026-11"), ("get", "/journal/?mood=2"), ("post", "/journal/search/")],
)
def test_an_htmx_request_after_signing_out_elsewhere_keeps_the_page_and_signals_it(
    alice_client: Client, method: str, url: str
) -> None:
    # Signed out in another tab: the sign-in page's redirect was followed by htmx and the whole
    # page swapped into the calendar or the timeline, a second header and footer inside the first.
    alice_client.post("/accounts/logout/")
    response = getattr(alice_client, method)(url, {"q": "river"} if method == "post" else None, headers=HX)
    assert response.status_code == 401
    assert response["HX-Trigger"] == "waypoint:locked"
    # A whole page asked for goes to the sign-in page, as always.
    response = getattr(alice_client, method)(url, {"q": "river"} if method == "post" else None)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


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


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=30)
def test_without_javascript_a_save_after_the_lock_keeps_the_words_then_locks(alice_client: Client, alice: Any) -> None:
    alice_client.get("/")
    _age_session(alice_client, 45 * 60)
    entry_id = uuid.uuid4()
    response = alice_client.post(
        "/journal/new/",
        {"entry_id": str(entry_id), "version": "0", "body": "Forty minutes of writing", "written_on": "2026-03-04"}
        | {"title": "", "kind": "free", "mood": "", "urge": "", "tags": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/locked/?saved=1"
    page = alice_client.get(response["Location"]).content.decode()
    assert "What you were writing is saved too." in page
    assert "Forty minutes" not in page, "the lock page never shows what was written"
    assert alice_client.get("/journal/")["Location"].startswith("/accounts/login/"), "and the session is over"
    entry = Entry.objects.get(id=entry_id, owner=alice)
    assert selectors.entry_texts(user=alice, entry=entry).body == "Forty minutes of writing"


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=30)
def test_a_plan_step_saved_after_the_lock_is_kept(alice_client: Client, alice: Any) -> None:
    alice_client.get("/")
    _age_session(alice_client, 45 * 60)
    response = alice_client.post(
        "/safety/plan/warning_signs/", {"body": "When I stop answering texts", "obstacles": ""}
    )
    assert response["Location"] == "/account/locked/?saved=1"
    assert "When I stop answering texts" in str(plan_for_owner(alice))


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=30)
def test_other_posts_after_the_lock_do_nothing_but_lock(alice_client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, title="", body="keep me", written_on=timezone.localdate())
    alice_client.get("/")
    _age_session(alice_client, 45 * 60)
    response = alice_client.post(f"/journal/{entry.id}/trash/")
    assert response["Location"] == "/account/locked/"
    entry.refresh_from_db()
    assert entry.trashed_at is None
    assert alice_client.get("/journal/")["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("minutes", "idle"),
    # The shortest lock (a minute) too: a request within it never looks at the setting.
    [(30, 30 * 60 - 1), (30, 30 * 60), (30, 30 * 60 + 1), (1, 59), (1, 60)],
)
def test_the_page_and_the_server_lock_at_the_same_second(
    alice_client: Client, monkeypatch: pytest.MonkeyPatch, settings: Any, minutes: int, idle: int
) -> None:
    # The page locks when idle_status says nothing is left (static/js/waypoint.js). At the exact
    # second the server must lock too, or the page locks while the session lives on a while more.
    settings.SESSION_IDLE_TIMEOUT_MINUTES = minutes
    alice_client.get("/")
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now)
    _age_session(alice_client, idle)
    response = alice_client.get("/account/idle-status/")
    if response.status_code == 302:
        # Locked by this very question: the page reads a redirect as nothing left.
        remaining, server_locks = 0, response["Location"].startswith("/account/locked/")
    else:
        remaining = response.json()["remaining"]
        response = alice_client.get("/journal/")
        server_locks = response.status_code == 302 and response["Location"].startswith("/account/locked/")
    assert remaining == max(minutes * 60 - idle, 0)
    assert server_locks == (remaining == 0) == (idle >= minutes * 60)


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=30)
@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "htmx"])
def test_the_idle_lock_empties_the_browsers_cache_and_this_sites_storage(
    alice_client: Client, headers: dict[str, str]
) -> None:
    # The idle lock ends the session as signing out does: the service worker's caches and the
    # browser's cache go with it, and its answer is never kept. It answered from outside the
    # privacy headers, so a shared computer kept them after the lock.
    alice_client.get("/")
    _age_session(alice_client, 31 * 60)
    response = alice_client.get("/journal/", headers=headers)
    assert response.status_code in (302, 401)
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "no-store" in response["Cache-Control"]

"""The safety plan's choice in the Journal lock card (#17): keep it open (the default) or lock it
too, checked through the settings card, the database and the plan page itself."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from journal import keyring
from journal.models import DataKey
from safety.services import crisis_resources_load, plan_step_save
from tests.journal.lock_helpers import page_text
from tests.journal.test_lock_settings_views import LOCK_NOW, PASSPHRASE, SETTINGS, _turn_on

LOCK_PLAN = "/journal/lock/settings/safety-plan/lock/"
KEEP_OPEN = "/journal/lock/settings/safety-plan/keep-open/"
PLAN = "/safety/plan/"
STEP = "When the house goes quiet I call Sam"
OPEN_WORDS = "Your safety plan and coping list stay open without your passphrase, so they are there in a hard moment."
LOCKED_WORDS = (
    "Your safety plan and coping list are locked too. In a crisis, the crisis lines at the top of every page are "
    "always there."
)


def _plan_key_locked(person: Any) -> bool:
    return DataKey.objects.get(user=person, scope=keyring.PLAN).locked


def _unlock(client: Client) -> None:
    response = client.post("/journal/unlock/", {"passphrase": PASSPHRASE, "next": SETTINGS})
    assert response.status_code == 302


@pytest.fixture
def planned(alice: Any) -> Any:
    crisis_resources_load()
    plan_step_save(owner=alice, section="on_my_own", body=STEP, obstacles="")
    return alice


def _lock_the_plan(client: Client) -> None:
    card = page_text(client.get(SETTINGS))
    assert OPEN_WORDS in card and "Lock my safety plan too" in card
    confirm = client.get(LOCK_PLAN)
    assert confirm.status_code == 200
    assert "If you ever forget your passphrase, that would stand between you and your plan too." in page_text(confirm)
    assert "Lock it too" in page_text(confirm)
    # What it changes in a hard moment: the urge tools still open, without the plan's people.
    assert (
        "Ride the wave still opens without your passphrase, with the crisis lines. Until your journal is open, "
        "it leaves out the people from your plan and your wave count."
    ) in page_text(confirm)
    done = client.post(LOCK_PLAN, follow=True)
    assert "Your safety plan and coping list are locked with your journal now." in page_text(done)
    assert LOCKED_WORDS in page_text(done)
    assert "Keep my safety plan open without the passphrase" in page_text(done)


def test_the_card_says_the_plan_stays_open_by_default(fresh_alice_client: Client, planned: Any) -> None:
    _turn_on(fresh_alice_client)
    assert not _plan_key_locked(planned)
    card = page_text(fresh_alice_client.get(SETTINGS))
    assert OPEN_WORDS in card
    assert "Keep my safety plan open without the passphrase" not in card


def test_locking_the_plan_asks_once_then_the_plan_opens_only_with_the_journal(
    fresh_alice_client: Client, planned: Any
) -> None:
    _turn_on(fresh_alice_client)
    # Opening the confirm page changes nothing yet.
    fresh_alice_client.get(LOCK_PLAN)
    assert not _plan_key_locked(planned)
    _lock_the_plan(fresh_alice_client)
    assert _plan_key_locked(planned)

    fresh_alice_client.post(LOCK_NOW)
    locked = page_text(fresh_alice_client.get(SETTINGS))
    assert "Your safety plan and coping list are locked with it." in locked
    assert "Keep my safety plan open without the passphrase" not in locked
    assert "Lock my safety plan too" not in locked

    keyring.forget_user_keyring(planned)
    response = fresh_alice_client.get(PLAN)  # through the real view: the middleware sends it on
    assert response.status_code == 302
    assert response["Location"] == "/journal/unlock/?next=%2Fsafety%2Fplan%2F"
    unlock_page = page_text(fresh_alice_client.get(response["Location"]))
    assert 'href="/safety/help/"' in unlock_page  # crisis help, without the passphrase
    # Ride the wave opens without it too, so the unlock page leads there as well.
    assert 'href="/safety/ride-the-wave/"' in unlock_page
    assert fresh_alice_client.get("/safety/ride-the-wave/").status_code == 200
    assert "Your safety plan is locked with your journal, so this passphrase opens it too." in unlock_page
    assert 'href="/safety/plan/"' not in unlock_page.split("<main", 1)[1]  # it would only come back here

    opened = fresh_alice_client.post("/journal/unlock/", {"passphrase": PASSPHRASE, "next": PLAN})
    assert opened.status_code == 302 and opened["Location"] == PLAN
    assert STEP in page_text(fresh_alice_client.get(PLAN))


def test_keeping_the_plan_open_again_needs_no_confirming(fresh_alice_client: Client, planned: Any) -> None:
    _turn_on(fresh_alice_client)
    _lock_the_plan(fresh_alice_client)
    done = fresh_alice_client.post(KEEP_OPEN, follow=True)
    assert "Your safety plan and coping list are open without your passphrase again" in page_text(done)
    assert OPEN_WORDS in page_text(done)
    assert not _plan_key_locked(planned)

    fresh_alice_client.post(LOCK_NOW)
    card = page_text(fresh_alice_client.get(SETTINGS))
    assert "Your safety plan and coping list are still open." in card
    assert "Lock my safety plan too" not in card
    keyring.forget_user_keyring(planned)
    page = fresh_alice_client.get(PLAN)
    assert page.status_code == 200 and STEP in page_text(page)


def test_while_the_journal_is_locked_the_choice_waits_for_the_passphrase(
    fresh_alice_client: Client, planned: Any
) -> None:
    _turn_on(fresh_alice_client)
    fresh_alice_client.post(LOCK_NOW)
    for url in (LOCK_PLAN, KEEP_OPEN):
        response = fresh_alice_client.post(url)
        assert response.status_code == 302
        assert response["Location"] == "/journal/unlock/?next=%2Faccount%2Fsettings%2F"
    assert fresh_alice_client.get(LOCK_PLAN)["Location"] == "/journal/unlock/?next=%2Faccount%2Fsettings%2F"
    assert not _plan_key_locked(planned)
    _unlock(fresh_alice_client)
    assert fresh_alice_client.post(LOCK_PLAN).status_code == 302
    assert _plan_key_locked(planned)


def test_someone_else_only_ever_acts_on_their_own_lock(fresh_alice_client: Client, planned: Any, bob: Any) -> None:
    _turn_on(fresh_alice_client)
    bob_client = Client()
    bob_client.force_login(bob)
    # Bob has no lock of his own: the pages send him to settings and change nothing of Alice's.
    for response in (bob_client.get(LOCK_PLAN), bob_client.post(LOCK_PLAN), bob_client.post(KEEP_OPEN)):
        assert response.status_code == 302 and response["Location"] == SETTINGS
    assert not _plan_key_locked(planned)
    _lock_the_plan(fresh_alice_client)
    bob_client.post(KEEP_OPEN)
    assert _plan_key_locked(planned)


def test_signed_out_people_are_sent_to_sign_in(client: Client, db: None) -> None:
    for response in (client.get(LOCK_PLAN), client.post(LOCK_PLAN), client.post(KEEP_OPEN)):
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get(KEEP_OPEN).status_code in (302, 405)


def test_the_confirm_page_writes_nothing_and_is_never_stored(fresh_alice_client: Client, planned: Any) -> None:
    _turn_on(fresh_alice_client)
    fresh_alice_client.get(LOCK_PLAN)  # a first visit may note things (the idle lock's time)
    with CaptureQueriesContext(connection) as queries:
        response = fresh_alice_client.get(LOCK_PLAN)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    writes = [q["sql"] for q in queries.captured_queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.I)]
    assert not writes
    assert fresh_alice_client.get(KEEP_OPEN).status_code == 405


def test_locking_the_plan_says_first_that_losing_both_secrets_loses_the_plan(
    fresh_alice_client: Client, planned: Any
) -> None:
    # Turning the lock on said the plan stays open, and warned only about "what you wrote". Once
    # the plan is locked too, letting a lost lock go deletes it: the person hears that beforehand.
    _turn_on(fresh_alice_client)
    confirm = page_text(fresh_alice_client.get(LOCK_PLAN))
    assert (
        "If both your passphrase and your recovery key are lost, nobody can bring back your plan and coping list: "
        "not you, not us, not anyone."
    ) in confirm

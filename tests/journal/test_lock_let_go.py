"""Letting a locked journal go (#17), for the person who lost both the passphrase and the recovery
key: what is under the lock is deleted with its keys, an empty journal without a lock opens in its
place, and everything outside the lock stays as it was."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from care import services as care_services
from care import suggestions
from care.models import Clinic, PlanSuggestion, SharedItem, ShareEvent
from journal import keyring, lock_services
from journal.models import DataKey, Entry, JournalLock
from journal.selectors import all_entries
from journal.services import entry_create
from progress.models import Victory
from progress.services import victory_mark_entry
from safety.models import PlanStep, SafetyPreferences
from safety.selectors import plan_for_owner
from safety.services import coping_item_add, plan_step_save, preferences_set_gentle_check
from supporters.models import Supporter
from supporters.services import share_entry, supporter_add
from tests.care.conftest import client_for, link_people, member
from tests.journal.lock_helpers import confirmed_note, page_text
from tests.journal.locking import lock_journal, unlock_client
from tests.journal.test_editor import form_data

LET_GO = "/journal/lock/let-go/"


@pytest.fixture
def lost_both(alice: Any) -> Any:
    """Alice wrote, marked a victory, shared with Sam and filled in her plan, then locked her journal,
    and now has neither the passphrase nor the recovery key."""
    entry = entry_create(author=alice, title="Before the lock", body="Words only Alice can open")
    victory_mark_entry(owner=alice, entry=entry)
    share_entry(supporter=supporter_add(owner=alice, name="Sam"), entry=entry)
    plan_step_save(owner=alice, section="warning_signs", body="My sister's laugh", obstacles="")
    lock_journal(alice)
    keyring.forget_user_keyring(alice)
    return alice


def _fresh(user: Any) -> Any:
    return type(user).objects.get(pk=user.pk)


def test_letting_go_deletes_what_is_under_the_lock_and_opens_a_new_journal(
    fresh_alice_client: Client, lost_both: Any, bob: Any
) -> None:
    bobs = entry_create(author=bob, title="", body="Bob's own words")
    page = fresh_alice_client.get(LET_GO)
    text = page_text(page)
    assert page.status_code == 200
    assert "not something you did wrong" in text and "can't be brought back, by anyone" in text
    assert "Your safety plan and coping list, which were never locked." in text
    # What the apps above the journal end with it, or keep, each said in the list it belongs to.
    goes, stays = text.split("What stays")
    assert "The people you added to share with" in goes and "Entries you shared with a therapist" in goes
    assert "A summary you shared with a therapist stays shared" in stays

    refused = fresh_alice_client.post(LET_GO, {"confirmed": confirmed_note(page)})
    assert "Tick the box if that's what you'd like. Nothing has changed yet." in page_text(refused)
    assert JournalLock.objects.filter(user=lost_both).exists() and Entry.objects.filter(owner=lost_both).exists()

    done = fresh_alice_client.post(LET_GO, {"confirmed": confirmed_note(page), "understood": "on"}, follow=True)
    assert done.redirect_chain[-1][0] == "/journal/"
    assert "Your new journal is open, without a lock." in page_text(done)
    assert not JournalLock.objects.filter(user=lost_both).exists()
    assert not Entry.objects.filter(owner=lost_both).exists() and not Victory.objects.filter(owner=lost_both).exists()
    assert not Supporter.objects.filter(owner=lost_both).exists()
    # The locked key is gone; the journal page that opened made a new one, under the server key.
    assert not DataKey.objects.filter(user=lost_both, locked=True).exists()

    # The new journal takes words at once and reads them back, with the server key alone.
    assert fresh_alice_client.post("/journal/new/", form_data(body="A new page")).status_code == 302
    assert [view.body for view in all_entries(user=_fresh(lost_both))] == ["A new page"]
    # Outside the lock, nothing changed: the plan, and everyone else's journal.
    assert plan_for_owner(_fresh(lost_both)).step("warning_signs").body == "My sister's laugh"
    assert [view.body for view in all_entries(user=_fresh(bob))] == ["Bob's own words"] and bobs.pk


def test_a_plan_locked_with_the_journal_goes_with_it_and_the_page_says_so(
    fresh_alice_client: Client, alice: Any
) -> None:
    plan_step_save(owner=alice, section="warning_signs", body="Locked with the journal", obstacles="")
    _recovery, lock_key = lock_journal(alice)
    lock_services.lock_plan_choose(user=alice, lock_key=lock_key, locked=True)
    page = fresh_alice_client.get(LET_GO)
    assert "Your safety plan, coping list and wave count, because they were locked too." in page_text(page)
    fresh_alice_client.post(LET_GO, {"confirmed": confirmed_note(page), "understood": "on"})
    assert not PlanStep.objects.filter(plan__owner=alice).exists()
    assert not DataKey.objects.filter(user=alice).exists()
    plan_step_save(owner=_fresh(alice), section="warning_signs", body="Written again", obstacles="")
    assert plan_for_owner(_fresh(alice)).step("warning_signs").body == "Written again"


def test_with_the_journal_open_here_it_leads_to_turning_the_lock_off_which_keeps_every_word(
    fresh_alice_client: Client, alice: Any
) -> None:
    entry_create(author=alice, title="", body="Kept")
    _recovery, lock_key = lock_journal(alice)
    unlock_client(fresh_alice_client, alice, lock_key)
    response = fresh_alice_client.get(LET_GO)
    assert response.status_code == 302 and response["Location"] == "/journal/lock/settings/turn-off/"
    assert fresh_alice_client.post(LET_GO, {"understood": "on"}).status_code == 302
    assert Entry.objects.filter(owner=alice).exists() and JournalLock.objects.filter(user=alice).exists()


def test_letting_go_asks_to_confirm_its_you_and_changes_nothing_until_then(
    alice_client: Client, lost_both: Any, settings: Any
) -> None:
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    response = alice_client.get(LET_GO)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/")
    sent = alice_client.post(LET_GO, {"understood": "on", "confirmed": "made-up"})
    assert sent.status_code == 302 and sent["Location"].startswith("/accounts/reauthenticate/")
    assert JournalLock.objects.filter(user=lost_both).exists() and Entry.objects.filter(owner=lost_both).exists()


def test_the_recovery_page_leads_here_and_a_second_tap_or_no_lock_goes_to_the_journal(
    fresh_alice_client: Client, lost_both: Any
) -> None:
    recovery = fresh_alice_client.get("/journal/unlock/recovery/")
    assert "If the recovery key is lost too" in page_text(recovery) and f'href="{LET_GO}"' in recovery.content.decode()
    page = fresh_alice_client.get(LET_GO)
    fields = {"confirmed": confirmed_note(page), "understood": "on"}
    fresh_alice_client.post(LET_GO, fields)
    again = fresh_alice_client.post(LET_GO, fields)
    assert again.status_code == 302 and again["Location"] == "/journal/"
    assert fresh_alice_client.get(LET_GO)["Location"] == "/journal/"


# --- What a review found (each failed before its fix) -------------------------------------------


def _let_go(client: Client) -> Any:
    page = client.get(LET_GO)
    assert page.status_code == 200, page.status_code
    return client.post(LET_GO, {"confirmed": confirmed_note(page), "understood": "on"})


def test_a_lock_older_than_the_plans_own_key_takes_the_plan_with_it_and_says_so(
    fresh_alice_client: Client, alice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_step_save(owner=alice, section="warning_signs", body="Old plan words", obstacles="")
    coping_item_add(owner=alice, group="comfort", text="Tea")
    with monkeypatch.context() as older:
        # As a lock turned on before the plan had a key of its own: the plan is under the journal's.
        older.setattr(lock_services, "_plan_split", lambda **kwargs: None)
        lock_journal(alice)
    assert not DataKey.objects.filter(user=alice, scope=keyring.PLAN).exists()
    assert "Your safety plan, coping list and wave count, because they were locked too." in page_text(
        fresh_alice_client.get(LET_GO)
    )
    _let_go(fresh_alice_client)
    for url in ("/safety/plan/", "/safety/coping/", "/safety/coping/edit/", "/safety/"):
        assert fresh_alice_client.get(url).status_code == 200, url
    assert not PlanStep.objects.filter(plan__owner=alice).exists()
    # The coping list shows its starter ideas again, as a new list does.
    assert "Ride the wave with the timer" in page_text(fresh_alice_client.get("/safety/coping/"))


def test_a_locked_plan_goes_but_the_persons_settings_and_their_therapists_words_stay(
    fresh_alice_client: Client, alice: Any
) -> None:
    theo = member(Clinic.objects.create(name="Harbour Clinic", key="harbour"), "theo@example.com")
    link = link_people(theo, alice)
    plan_step_save(owner=alice, section="on_my_own", body="Music", obstacles="")
    item = care_services.share_plan(link=link)
    waiting = suggestions.plan_suggestion_create(
        item=item, section="on_my_own", body="Music, then a walk", therapist=theo
    )
    preferences_set_gentle_check(owner=alice, enabled=False)
    _recovery, lock_key = lock_journal(alice)
    lock_services.lock_plan_choose(user=alice, lock_key=lock_key, locked=True)
    _let_go(fresh_alice_client)
    assert PlanSuggestion.objects.filter(pk=waiting.pk).exists(), "the therapist's suggestion is theirs"
    preferences = SafetyPreferences.objects.get(owner=alice)
    assert preferences.gentle_check is False, "the person's own choice stays"
    assert preferences.waves_ridden is None


def test_an_entry_shared_with_a_therapist_stops_being_shared_with_a_line_in_the_log(
    fresh_alice_client: Client, alice: Any
) -> None:
    theo = member(Clinic.objects.create(name="Harbour Clinic", key="harbour"), "theo@example.com")
    link = link_people(theo, alice)
    item = care_services.share_entry(link=link, entry=entry_create(author=alice, title="Shared", body="Shared words"))
    lock_journal(alice)
    _let_go(fresh_alice_client)
    assert not SharedItem.objects.filter(pk=item.pk).exists()
    assert "stopped" in set(ShareEvent.objects.filter(item_id=item.pk).values_list("action", flat=True))


def test_open_in_another_browser_it_says_so_and_lets_nothing_go_until_that_browser_signs_out(
    fresh_alice_client: Client, alice: Any
) -> None:
    entry_create(author=alice, title="", body="Still open on the laptop")
    _recovery, lock_key = lock_journal(alice)
    fields = {"confirmed": confirmed_note(fresh_alice_client.get(LET_GO)), "understood": "on"}
    laptop = unlock_client(client_for(alice), alice, lock_key)
    assert laptop.get("/journal/").status_code == 200
    text = page_text(fresh_alice_client.get(LET_GO))
    assert "Your journal is still open somewhere else" in text and "turn the lock off there" in text
    assert 'name="understood"' not in text
    # A page sent from before the laptop opened it lets nothing go either.
    refused = fresh_alice_client.post(LET_GO, fields)
    assert refused.status_code == 200 and "Your journal is still open somewhere else" in page_text(refused)
    assert JournalLock.objects.filter(user=alice).exists() and Entry.objects.filter(owner=alice).exists()
    laptop.logout()
    assert fresh_alice_client.post(LET_GO, fields).status_code == 302
    assert not JournalLock.objects.filter(user=alice).exists()


def test_a_second_tap_that_found_the_lock_still_on_gets_the_journal_not_an_error(
    fresh_alice_client: Client, lost_both: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = fresh_alice_client.get(LET_GO)
    fields = {"confirmed": confirmed_note(page), "understood": "on"}
    assert fresh_alice_client.post(LET_GO, fields).status_code == 302
    # The second tap read "the lock is on" before the first one's change was committed.
    monkeypatch.setattr(lock_services, "lock_is_on", lambda user: True)
    second = fresh_alice_client.post(LET_GO, fields)
    assert second.status_code == 302 and second["Location"] == "/journal/"


def test_a_browser_holding_a_key_of_an_older_lock_is_asked_for_the_passphrase_not_shown_an_error(
    alice: Any,
) -> None:
    # The laptop kept the journal open; on the phone the lock was turned off and on again (or let
    # go and locked anew). The laptop's key opens nothing of the new lock.
    entry_create(author=alice, title="", body="Old")
    _recovery, lock_key = lock_journal(alice)
    laptop = unlock_client(client_for(alice), alice, lock_key)
    assert laptop.get("/journal/").status_code == 200
    lock_services.lock_turn_off(user=_fresh(alice), lock_key=lock_key)
    lock_journal(_fresh(alice))
    response = laptop.get("/journal/")
    assert response.status_code == 302 and response["Location"].startswith("/journal/unlock/")
    assert laptop.get(response["Location"]).status_code == 200


def test_a_person_who_lost_both_is_told_their_writing_from_before_the_lock_goes_too(
    fresh_alice_client: Client, lost_both: Any
) -> None:
    # Alice wrote for months, then turned the lock on: the lock closes all of it, not only what
    # came after. Words that said "what you wrote while the lock was on" let her think the months
    # before would stay (found by a walk-through as a person with six months of entries).
    for url in ("/journal/unlock/recovery/", LET_GO):
        text = page_text(fresh_alice_client.get(url))
        assert "That includes what you wrote before you turned the lock on." in text, url
        assert "while the lock was on" not in text, url

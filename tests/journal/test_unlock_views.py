"""Opening a locked journal (#17): the unlock and recovery pages, the answers a locked request
gets, and everything that locks it again."""

from __future__ import annotations

import html
import json
import re
import threading
import time
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.middleware import LAST_SEEN_KEY
from journal import keyring, lock_services, unlock_limits
from journal.lock_keys import WrongSecret
from journal.lock_session import cookie_name
from journal.lock_state import journal_unlocked
from journal.models import Entry
from journal.selectors import entry_texts
from journal.services import entry_create
from tests.factories import PASSWORD as SIGN_IN_PASSWORD
from tests.journal.conftest import sign_in
from tests.journal.lock_helpers import (  # noqa: F401  (fixtures)
    PASSPHRASE,
    Locked,
    journal_is_open,
    locked_alice_fixture,
    page_text,
    page_without_tokens,
    unlock,
    unlock_cookie,
)
from tests.journal.test_editor import HX, form_data
from tests.test_no_writes_on_get import WRITE


@pytest.fixture
def client(locked_alice: Locked) -> Client:
    browser = Client()
    browser.force_login(locked_alice.user)
    return browser


def _raw(response: Any) -> str:
    return response.content.decode()


# --- The unlock page ------------------------------------------------------------------------------


def test_a_locked_journal_sends_a_page_visit_to_the_unlock_page_and_back(client: Client) -> None:
    response = client.get("/journal/")
    assert response.status_code == 302
    assert response["Location"] == "/journal/unlock/?next=%2Fjournal%2F"
    page = client.get(response["Location"])
    text = page_text(page)
    assert "Your journal is locked" in text
    assert "Type your journal passphrase to open it." in text
    assert "Use your recovery key instead" in text
    # The safety plan and crisis help stay one tap away, without the passphrase.
    assert reverse("safety:plan") in text and reverse("safety:help") in text
    assert "no-store" in page["Cache-Control"]

    opened = unlock(client, next="/journal/")
    assert opened.status_code == 302 and opened["Location"] == "/journal/"
    assert journal_is_open(client)


def test_a_wrong_passphrase_is_refused_kindly_and_the_journal_stays_locked(client: Client) -> None:
    response = unlock(client, "the tide goes out", next="/journal/")
    # Answered by redirect, so Back from the journal (opened at the next try) meets no
    # "Confirm Form Resubmission", and a reload sends nothing again.
    assert response.status_code == 302
    assert response["Location"] == "/journal/unlock/?next=%2Fjournal%2F&wrong=1"
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert "That passphrase didn't open your journal" in page_text(response)
    assert 'aria-invalid="true"' in _raw(response)  # the box is marked, so focus starts there
    assert "the tide goes out" not in _raw(response)  # never echoed back
    assert not journal_is_open(client)
    assert unlock(client, "").status_code == 200  # empty: a kind "type your passphrase", no 500


def test_wrong_tries_are_limited_per_person_and_the_wait_holds_even_for_the_right_one(client: Client) -> None:
    for _ in range(5):
        assert unlock(client, "not it at all").status_code == 302
    limited = unlock(client)
    assert limited.status_code == 429
    assert "a lot of tries in a short time" in page_text(limited)
    assert reverse("safety:plan") in page_text(limited)
    assert not journal_is_open(client)
    # The recovery page counts against the same tries.
    recovery = client.post("/journal/unlock/recovery/", {"recovery_key": "0" * 32})
    assert recovery.status_code == 429


def test_wrong_tries_are_limited_per_address_across_people(locked_alice: Locked, bob: Any) -> None:
    lock_services.lock_turn_on(user=bob, passphrase="bobs own passphrase")
    for person in [locked_alice.user, bob] * 10:
        browser = Client()
        browser.force_login(person)
        unlock(browser, "not it at all, again")
    browser = Client()
    browser.force_login(bob)
    assert unlock(browser, "bobs own passphrase").status_code == 429


def test_the_right_passphrase_clears_earlier_wrong_tries(client: Client) -> None:
    for _ in range(4):
        unlock(client, "not it at all")
    assert unlock(client).status_code == 302
    client.post("/journal/lock/")
    for _ in range(4):
        unlock(client, "not it at all")
    assert unlock(client).status_code == 302


def test_when_every_argon2_slot_is_taken_the_page_says_busy_not_500(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(unlock_limits, "_argon2_slots", threading.BoundedSemaphore(1))
    monkeypatch.setattr(unlock_limits, "_WAIT_FOR_A_SLOT_SECONDS", 0.01)
    unlock_limits._argon2_slots.acquire()  # another request is deriving
    response = unlock(client)
    assert response.status_code == 200
    assert "busy" in page_text(response)
    assert not journal_is_open(client)
    unlock_limits._argon2_slots.release()
    assert unlock(client).status_code == 302


@pytest.mark.parametrize(
    "wanted", ["https://elsewhere.example/", "//elsewhere.example/journal/", "javascript:alert(1)", "journal/"]
)
def test_only_a_path_on_this_site_is_followed_after_unlocking(client: Client, wanted: str) -> None:
    assert unlock(client, next=wanted)["Location"] == "/journal/"


def test_a_path_on_this_site_is_followed(client: Client, locked_alice: Locked) -> None:
    wanted = f"/journal/{locked_alice.entry.pk}/"
    assert unlock(client, next=wanted)["Location"] == wanted
    assert client.get(f"/journal/unlock/?next={wanted}")["Location"] == wanted  # already open


def test_without_a_lock_the_unlock_pages_send_the_person_on(alice_client: Client) -> None:
    assert alice_client.get("/journal/unlock/?next=/safety/plan/")["Location"] == "/safety/plan/"
    assert alice_client.get("/journal/unlock/recovery/")["Location"] == "/journal/"


def test_opening_the_unlock_pages_writes_nothing(client: Client) -> None:
    client.get("/")  # the idle lock notes the first page's time; not under test here
    for url in ("/journal/unlock/?next=/journal/", "/journal/unlock/recovery/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        writes = [q["sql"] for q in queries.captured_queries if WRITE.match(q["sql"])]
        assert not writes, writes


def test_the_unlock_pages_ask_for_a_sign_in_first() -> None:
    assert Client().get("/journal/unlock/")["Location"].startswith("/accounts/login/")


# --- The recovery key ---------------------------------------------------------------------------


def _recover(client: Client, recovery_key: str, new: str = "a brand new passphrase", **extra: str) -> Any:
    data = {"recovery_key": recovery_key, "passphrase": new, "passphrase_again": new, **extra}
    return client.post("/journal/unlock/recovery/", data)


def test_the_recovery_key_opens_the_journal_sets_a_new_passphrase_and_gives_a_new_key(
    client: Client, locked_alice: Locked
) -> None:
    page = client.get("/journal/unlock/recovery/")
    assert page.status_code == 200 and reverse("safety:plan") in page_text(page)
    typed = locked_alice.recovery_key.lower().replace("-", " ").replace("1", "l").replace("0", "o")
    response = _recover(client, typed, next=f"/journal/{locked_alice.entry.pk}/")
    assert response.status_code == 200
    text = page_text(response)
    assert "This is the only time it is shown" in text
    assert "no-store" in response["Cache-Control"]
    groups = re.findall(r"<span>([0-9A-Z]{4})</span>", text)
    assert len(groups) == 8
    new_key = "-".join(groups)
    assert new_key != locked_alice.recovery_key
    assert f'href="/journal/{locked_alice.entry.pk}/"' in text
    assert journal_is_open(client)

    user = locked_alice.user
    with pytest.raises(WrongSecret):
        lock_services.lock_open_with_recovery_key(user=user, recovery_key=locked_alice.recovery_key)
    with pytest.raises(WrongSecret):
        lock_services.lock_open_with_passphrase(user=user, passphrase=PASSPHRASE)
    key = lock_services.lock_open_with_passphrase(user=user, passphrase="a brand new passphrase")
    assert lock_services.lock_open_with_recovery_key(user=user, recovery_key=new_key) == key


def test_a_wrong_or_mistyped_recovery_key_is_refused_kindly(client: Client) -> None:
    wrong = _recover(client, "0" * 32)
    assert "That recovery key didn't open your journal" in page_text(wrong)
    short = _recover(client, "ABCD-EFGH")
    assert "doesn't look like a recovery key yet" in page_text(short)
    assert not journal_is_open(client)


def test_an_older_recovery_key_from_paper_is_refused_with_a_word_about_the_newest(
    client: Client, locked_alice: Locked
) -> None:
    # Back after months with two paper copies: the one used (or replaced) before no longer works,
    # and "check each group of four" alone sent the person over the old key again and again.
    replaced = page_text(_recover(client, locked_alice.recovery_key))
    new_key = "-".join(re.findall(r"<span>([0-9A-Z]{4})</span>", replaced))
    assert new_key and new_key != locked_alice.recovery_key
    client.post("/journal/lock/")
    old = page_text(_recover(client, locked_alice.recovery_key, new="another new passphrase"))
    assert "That recovery key didn't open your journal." in old
    assert "If you have more than one written down, only the newest one works." in old
    assert not journal_is_open(client)


def test_the_recovery_page_says_what_is_true_when_the_key_is_lost_too_and_where_to_go(client: Client) -> None:
    page = client.get(reverse("journal:unlock_recovery"))
    text = page_text(page)
    assert "If the recovery key is lost too" in text
    assert "can't be opened again, by you or by anyone running Waypoint" in text
    assert "not something you did wrong" in text
    assert f'href="{reverse("journal:lock_let_go")}"' in _raw(page)


def test_a_weak_or_mismatched_new_passphrase_is_explained_and_nothing_changes(
    client: Client, locked_alice: Locked
) -> None:
    assert "at least 10 characters" in page_text(_recover(client, locked_alice.recovery_key, "short"))
    mismatched = _recover(
        client,
        locked_alice.recovery_key,
        extra_again := "a brand new passphrase",
        passphrase_again=extra_again + "!",
    )
    assert "These two don't match" in page_text(mismatched)
    # The sign-in password can be reset by email: as the new passphrase it would undo the lock.
    assert "This is your sign-in password" in page_text(_recover(client, locked_alice.recovery_key, SIGN_IN_PASSWORD))
    assert not journal_is_open(client)
    assert lock_services.lock_open_with_passphrase(user=locked_alice.user, passphrase=PASSPHRASE)


@pytest.mark.parametrize(
    ("recovery_key", "said"),
    [("0" * 32, "That recovery key didn't open your journal"), ("ABCD-EFGH", "doesn't look like a recovery key yet")],
)
def test_a_recovery_key_that_opens_nothing_never_says_whether_a_guess_is_the_sign_in_password(
    client: Client, recovery_key: str, said: str
) -> None:
    # Otherwise anyone at a signed-in device could try passwords here, without sign-in's limits.
    guessed = _recover(client, recovery_key, SIGN_IN_PASSWORD)
    other = _recover(client, recovery_key, "another long guess at it")
    assert said in page_text(guessed)
    assert "This is your sign-in password" not in page_text(guessed)
    assert (guessed.status_code, page_without_tokens(guessed)) == (other.status_code, page_without_tokens(other))


def test_the_right_recovery_key_with_the_sign_in_password_as_the_new_passphrase_changes_nothing(
    client: Client, locked_alice: Locked
) -> None:
    entry_id = uuid.uuid4()
    fields = _hidden_fields(_raw(client.post("/journal/new/", form_data(entry_id, body="kept while choosing again"))))
    for _ in range(4):
        _recover(client, "0" * 32)
    refused = _recover(client, locked_alice.recovery_key, SIGN_IN_PASSWORD, **fields)
    assert refused.status_code == 200
    assert "This is your sign-in password" in page_text(refused)
    field = re.search(r'<input[^>]*name="passphrase"[^>]*>', _raw(refused))
    assert field and 'aria-invalid="true"' in field.group(0) and "id_passphrase_error" in field.group(0)
    assert _hidden_fields(_raw(refused)) == fields  # the writing is still held
    assert not journal_is_open(client)
    user = locked_alice.user
    lock_services.lock_open_with_passphrase(user=user, passphrase=PASSPHRASE)
    lock_services.lock_open_with_recovery_key(user=user, recovery_key=locked_alice.recovery_key)
    # The right key was no wrong try: after four wrong ones, it still opens the journal.
    shown = _recover(client, locked_alice.recovery_key, **fields)
    assert "This is the only time it is shown" in page_text(shown)


def test_wrong_recovery_keys_are_limited_and_the_wait_holds_even_for_the_right_key(
    client: Client, locked_alice: Locked
) -> None:
    for _ in range(5):
        assert "That recovery key didn't open your journal" in page_text(_recover(client, "0" * 32))
    limited = _recover(client, locked_alice.recovery_key)
    assert limited.status_code == 429
    assert "a lot of tries in a short time" in page_text(limited)
    assert reverse("safety:plan") in page_text(limited)
    assert "This is the only time it is shown" not in page_text(limited)
    assert not journal_is_open(client)
    user = locked_alice.user
    lock_services.lock_open_with_passphrase(user=user, passphrase=PASSPHRASE)  # nothing changed
    lock_services.lock_open_with_recovery_key(user=user, recovery_key=locked_alice.recovery_key)
    # The unlock page counts against the same tries.
    assert unlock(client).status_code == 429


# --- Requests that meet the lock ----------------------------------------------------------------


def test_autosave_meets_the_lock_with_423_and_an_event_and_saves_nothing(client: Client) -> None:
    entry_id = uuid.uuid4()
    headers = {**HX, "HX-Current-URL": "http://testserver/journal/new/"}
    response = client.post("/journal/autosave/", form_data(entry_id, body="words mid-sentence"), headers=headers)
    assert response.status_code == 423
    event = json.loads(response["HX-Trigger"])["waypoint:journal-locked"]
    assert event["unlockUrl"] == "/journal/unlock/?next=%2Fjournal%2Fnew%2F"
    assert event["kept"] is True
    assert "words mid-sentence" not in response["HX-Trigger"]
    assert not Entry.objects.filter(pk=entry_id).exists()
    # The leave-page beacon (no htmx headers) gets the same answer, not a redirect it can't follow.
    assert client.post("/journal/autosave/", form_data(entry_id, body="words")).status_code == 423


def test_an_htmx_page_part_meets_the_lock_with_423_not_a_redirect(client: Client) -> None:
    response = client.get("/journal/", headers=HX)
    assert response.status_code == 423
    assert json.loads(response["HX-Trigger"])["waypoint:journal-locked"]["kept"] is False


def test_a_save_without_javascript_keeps_the_words_through_the_unlock_and_saves_them(
    client: Client, locked_alice: Locked
) -> None:
    entry_id = uuid.uuid4()
    words = 'Line one <b>"and"</b>\nline two & more'
    response = client.post("/journal/new/", form_data(entry_id, title="Evening", body=words, tags="calm, sea"))
    assert response.status_code == 423
    text = page_text(response)
    assert "held on this page" in text
    assert 'name="carried:body"' in text and 'name="resume" value="/journal/new/"' in text
    assert not Entry.objects.filter(pk=entry_id).exists()

    # What the browser sends back: the form's hidden fields as they are on the page.
    fields = _hidden_fields(_raw(response))
    wrong = client.post("/journal/unlock/", {**fields, "passphrase": "not it at all"})
    assert _hidden_fields(_raw(wrong)) == fields  # a wrong try keeps them too
    saved = client.post("/journal/unlock/", {**fields, "passphrase": PASSPHRASE})
    assert saved.status_code == 302 and saved["Location"] == f"/journal/{entry_id}/#messages"
    entry = Entry.objects.get(pk=entry_id)
    view = _read(locked_alice, entry)
    assert (view.title, view.body, sorted(view.tags)) == ("Evening", words, ["calm", "sea"])
    assert not entry.is_draft


def test_the_home_pages_prompt_keeps_its_words_through_the_unlock_and_saves_them(
    client: Client, locked_alice: Locked
) -> None:
    # Right after sign-in the home page shows today's prompt while the journal is still locked.
    words = "Written before I opened my journal"
    response = client.post("/reflections/today/", {"body": words})
    assert response.status_code == 423
    assert 'name="carried:body"' in _raw(response) and words in page_text(response)

    # A wrong passphrase first: the page answers it itself, still holding the words (a redirect,
    # as a wrong passphrase gets without writing, would drop them).
    wrong = client.post("/journal/unlock/", {**_hidden_fields(_raw(response)), "passphrase": "not it at all"})
    assert wrong.status_code == 200 and "That passphrase didn't open your journal" in page_text(wrong)
    assert words in page_text(wrong)

    saved = client.post("/journal/unlock/", {**_hidden_fields(_raw(wrong)), "passphrase": PASSPHRASE})
    assert saved.status_code == 302 and saved["Location"] == "/#messages"
    entry = Entry.objects.filter(owner=locked_alice.user).exclude(pk=locked_alice.entry.pk).get()
    assert _read(locked_alice, entry).body == words


def test_the_recovery_page_carries_the_words_too_and_saves_them_after_the_new_key(
    client: Client, locked_alice: Locked
) -> None:
    entry_id = uuid.uuid4()
    page = client.post("/journal/new/", form_data(entry_id, body="kept through recovery"))
    fields = _hidden_fields(_raw(page))
    switched = client.post("/journal/unlock/recovery/", {**fields, "switch": "1"})
    assert switched.status_code == 200 and 'class="field-errors"' not in page_text(switched)
    assert _hidden_fields(_raw(switched)) == fields
    back = client.post("/journal/unlock/", {**fields, "switch": "1"})
    assert 'class="field-errors"' not in _raw(back) and _hidden_fields(_raw(back)) == fields
    shown = _recover(client, locked_alice.recovery_key, **fields)
    assert "This is the only time it is shown" in page_text(shown)
    # The page's own form posts the words, as the editor sent them, to the editor.
    form = re.search(r'<form method="post" action="/journal/new/".*?</form>', _raw(shown), re.S)
    assert form is not None
    saved = client.post("/journal/new/", _hidden_fields(form.group(0)))
    assert saved["Location"] == f"/journal/{entry_id}/#messages"


def test_carried_words_can_only_go_to_a_view_that_keeps_text_and_to_ones_own_entries(client: Client, bob: Any) -> None:
    bobs = entry_create(author=bob, body="bob's words")
    data = {"passphrase": PASSPHRASE, "resume": "/journal/trash/empty/", "carried:x": "1"}
    assert client.post("/journal/unlock/", data)["Location"] == "/journal/"  # not resumed
    assert Entry.objects.filter(pk=bobs.pk).exists()
    client.post("/journal/lock/")
    fields = {"resume": f"/journal/{bobs.pk}/edit/"} | {f"carried:{k}": v for k, v in form_data(bobs.pk, 1).items()}
    assert client.post("/journal/unlock/", {**fields, "passphrase": PASSPHRASE}).status_code == 404


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=30)
def test_writing_held_on_the_unlock_page_is_saved_even_when_the_idle_lock_comes_first(
    client: Client, locked_alice: Locked
) -> None:
    entry_id = uuid.uuid4()
    client.get("/")
    fields = _hidden_fields(_raw(client.post("/journal/new/", form_data(entry_id, body="left on the unlock page"))))
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.post("/journal/unlock/", {**fields, "passphrase": PASSPHRASE})
    assert response["Location"] == "/account/locked/?saved=1"
    assert _read(locked_alice, Entry.objects.get(pk=entry_id)).body == "left on the unlock page"


def test_carried_writing_is_never_sent_on_to_the_unlock_pages(client: Client) -> None:
    data = {"passphrase": PASSPHRASE, "resume": "/journal/unlock/", "carried:passphrase": "x"}
    assert client.post("/journal/unlock/", data)["Location"] == "/journal/"


# --- Locking again ------------------------------------------------------------------------------


def test_lock_my_journal_now_locks_it_and_keeps_the_person_signed_in(client: Client) -> None:
    unlock(client)
    assert client.get("/journal/lock/").status_code == 405
    response = client.post("/journal/lock/")
    # At "Your journal is locked" (#messages takes focus), not Settings' top, many tab stops above.
    assert response["Location"] == "/account/settings/#messages"
    assert unlock_cookie(client) is None
    assert not journal_is_open(client)
    assert client.get("/").status_code == 200


def test_signing_out_locks_it_and_deletes_the_cookie_half(locked_alice: Locked) -> None:
    browser = Client()
    sign_in(browser, locked_alice.user.email)
    unlock(browser)
    assert unlock_cookie(browser) and journal_is_open(browser)
    browser.post("/accounts/logout/")
    assert unlock_cookie(browser) is None
    sign_in(browser, locked_alice.user.email)
    assert not journal_is_open(browser)


def test_leaving_quickly_locks_it(client: Client, locked_alice: Locked) -> None:
    unlock(client)
    client.get("/safety/leave/")
    assert unlock_cookie(client) is None
    client.cookies.pop("wp_away", None)
    assert client.get("/journal/")["Location"].startswith("/accounts/login/")
    client.force_login(locked_alice.user)
    assert not journal_is_open(client)


def test_the_leave_quickly_beacon_locks_it(client: Client) -> None:
    unlock(client)
    assert client.post("/safety/leave/beacon/").status_code == 204
    assert unlock_cookie(client) is None


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=30)
def test_the_idle_lock_locks_it_and_the_stale_cookie_goes_on_the_next_page(
    client: Client, locked_alice: Locked
) -> None:
    unlock(client)
    cookie = unlock_cookie(client)
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    locked = client.get("/journal/")
    assert locked["Location"].startswith("/account/locked/")
    client.get(locked["Location"])
    assert unlock_cookie(client) is None
    client.force_login(locked_alice.user)
    client.cookies[cookie_name()] = cookie or ""
    assert not journal_is_open(client)  # the old cookie opens nothing in a new session


def test_signing_out_other_sessions_locks_the_journal_there(locked_alice: Locked) -> None:
    phone, laptop = Client(), Client()
    sign_in(phone, locked_alice.user.email)
    sign_in(laptop, locked_alice.user.email)
    unlock(phone)
    unlock(laptop)
    laptop.post(reverse("usersessions_list"))
    assert journal_is_open(laptop)
    assert phone.get("/journal/")["Location"].startswith("/accounts/login/")
    sign_in(phone, locked_alice.user.email)
    assert not journal_is_open(phone)


# --- Helpers ---------------------------------------------------------------------------------------


def _hidden_fields(page: str) -> dict[str, str]:
    found = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    return {
        html.unescape(name): html.unescape(value)
        for name, value in found
        if name not in {"csrfmiddlewaretoken", "next"}
    }


def _read(locked: Locked, entry: Entry) -> Any:
    key = lock_services.lock_open_with_passphrase(user=locked.user, passphrase=PASSPHRASE)
    keyring.forget_user_keyring(locked.user)
    with journal_unlocked(locked.user.pk, key):
        return entry_texts(user=locked.user, entry=entry)


# --- The home page ---------------------------------------------------------------------------------


def test_the_home_page_says_the_journal_is_locked_until_this_browser_opens_it(
    client: Client, locked_alice: Locked, bob: Any
) -> None:
    notice = "Your journal is locked. What you write here is held until you open it with your passphrase."
    locked = client.get("/")
    assert locked.status_code == 200
    assert notice in page_text(locked)
    assert 'href="/journal/unlock/?next=%2F">Open my journal</a>' in _raw(locked)

    unlock(client)
    assert notice not in page_text(client.get("/"))

    # Someone without the lock never sees it, for one query at most.
    without = Client()
    without.force_login(bob)
    with CaptureQueriesContext(connection) as with_the_check:
        page = without.get("/")
    assert notice not in page_text(page)
    assert sum("journal_journallock" in q["sql"] for q in with_the_check.captured_queries) == 1

"""The journal lock's settings pages (journal/lock_views.py): turning it on, changing its secrets,
locking now and turning it off, checked through what the person sees and what the database holds."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from journal import keyring, lock_services
from journal.lock_keys import WrongSecret
from journal.lock_session import SESSION_KEY
from journal.models import DataKey, JournalLock
from journal.selectors import entry_texts
from journal.services import entry_create
from tests.factories import PASSWORD
from tests.journal.conftest import reauthenticate
from tests.journal.lock_helpers import confirmed_note, page_text, page_without_tokens

PASSPHRASE = "the tide comes back in"
NEW_PASSPHRASE = "lanterns along the harbour"
SETTINGS = "/account/settings/"
TURN_ON = "/journal/lock/settings/turn-on/"
PASSPHRASE_PAGE = "/journal/lock/settings/passphrase/"
RECOVERY = "/journal/lock/settings/recovery-key/"
TURN_OFF = "/journal/lock/settings/turn-off/"
LOCK_NOW = "/journal/lock/"


def _shown_key(response: Any) -> str:
    found = re.search(r"data-recovery-key>(.*?)</p>", response.content.decode(), re.DOTALL)
    assert found, "no recovery key on the page"
    return "-".join(re.findall(r"<span>([0-9A-Z]{4})</span>", found.group(1)))


def _turn_on(client: Client, passphrase: str = PASSPHRASE) -> tuple[str, Any]:
    page = client.get(TURN_ON)
    assert page.status_code == 200
    response = client.post(
        TURN_ON,
        {
            "confirmed": confirmed_note(page),
            "understood": "on",
            "passphrase": passphrase,
            "passphrase_again": passphrase,
        },
    )
    assert response.status_code == 200
    return _shown_key(response), response


def _fresh(user: Any) -> Any:
    keyring.forget_user_keyring(user)
    return user


def _session_text(client: Client) -> str:
    return json.dumps(dict(client.session.items()))


@pytest.fixture
def written(alice: Any) -> Any:
    return entry_create(author=alice, title="Tuesday", body="I rang Sam before it got worse")


# --- Turning it on -------------------------------------------------------------------------------


def test_turning_it_on_asks_to_confirm_its_you_first(alice_client: Client, alice: Any) -> None:
    response = alice_client.get(TURN_ON)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/?next=%2Fjournal%2Flock%2Fsettings%2Fturn-on%2F")
    # A POST without a confirmed page goes the same way, and keeps no passphrase anywhere.
    response = alice_client.post(
        TURN_ON, {"understood": "on", "passphrase": PASSPHRASE, "passphrase_again": PASSPHRASE}
    )
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    assert not JournalLock.objects.filter(user=alice).exists()
    assert PASSPHRASE not in _session_text(alice_client)


def test_turning_it_on_locks_the_journal_shows_the_key_once_and_keeps_it_readable_here(
    fresh_alice_client: Client, alice: Any, written: Any
) -> None:
    page = fresh_alice_client.get(TURN_ON)
    assert "nobody can bring back what you wrote" in page_text(page)
    assert "Getting a new sign-in password by email can't open your journal." in page_text(page)
    # Honest about its limit (docs/encryption.md's threat model): it guards what is stored only.
    assert "It can't guard against someone who changes the server itself while you use it." in page_text(page)
    # Nor does it close what was shared: a copy has its own key, which the server's key opens.
    # The page said only "not for a clinic's admin, not for whoever hosts" about everything.
    assert (
        "What you share with a therapist or someone you trust is a copy with its own key, outside the lock. "
        "They can still read it, and so can whoever hosts Waypoint, until you stop sharing it."
    ) in page_text(page)
    recovery_key, response = _turn_on(fresh_alice_client)

    # The key is on the page that answered the POST, and nowhere the server keeps things.
    assert re.fullmatch(r"([0-9A-Z]{4}-){7}[0-9A-Z]{4}", recovery_key)
    assert "This is the only time it is shown." in page_text(response)
    assert "no-store" in response["Cache-Control"]
    assert recovery_key.replace("-", "") not in _session_text(fresh_alice_client).replace("-", "")

    # In the database: the lock exists and every data key is sealed under it.
    assert JournalLock.objects.filter(user=alice).exists()
    # The journal key is sealed; the safety plan keeps its own key, outside the lock.
    assert dict(DataKey.objects.filter(user=alice).values_list("scope", "locked")) == {"journal": True, "plan": False}
    with pytest.raises(keyring.JournalLocked):
        keyring.user_keyring(_fresh(alice))
    # The passphrase and the recovery key it showed open the same lock.
    by_passphrase = lock_services.lock_open_with_passphrase(user=alice, passphrase=PASSPHRASE)
    assert lock_services.lock_open_with_recovery_key(user=alice, recovery_key=recovery_key) == by_passphrase

    # This browser keeps the journal open: the entry still reads.
    entry_page = fresh_alice_client.get(f"/journal/{written.pk}/")
    assert entry_page.status_code == 200 and "I rang Sam before it got worse" in page_text(entry_page)

    # Sending the form again (a reload) shows no key, new or old, and changes nothing.
    stored = bytes(JournalLock.objects.get(user=alice).by_recovery)
    again = fresh_alice_client.post(
        TURN_ON,
        {
            "confirmed": confirmed_note(page),
            "understood": "on",
            "passphrase": PASSPHRASE,
            "passphrase_again": PASSPHRASE,
        },
        follow=True,
    )
    assert "data-recovery-key" not in page_text(again) and recovery_key not in page_text(again)
    assert "Your journal is already locked with a passphrase." in page_text(again)
    # Sent twice by a second tap, the browser shows this answer, never the key: say where a new one is.
    assert "If your recovery key didn't show, you could make a new one below, under Journal lock." in page_text(again)
    assert "Make a new recovery key" in page_text(again)
    assert bytes(JournalLock.objects.get(user=alice).by_recovery) == stored
    # Only visiting the page again, nothing was sent twice: nothing to say about the key.
    visit = page_text(fresh_alice_client.get(TURN_ON, follow=True))
    assert "Your journal is already locked with a passphrase." in visit and "didn't show" not in visit


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"passphrase": PASSPHRASE, "passphrase_again": PASSPHRASE}, "Tick the box when you're ready."),
        (
            {"understood": "on", "passphrase": PASSPHRASE, "passphrase_again": "the tide goes out"},
            "These two don't match.",
        ),
        ({"understood": "on", "passphrase": "tide in", "passphrase_again": "tide in"}, "a little short"),
        (
            {"understood": "on", "passphrase": "qwertyuiop", "passphrase_again": "qwertyuiop"},
            "Many people use this passphrase",
        ),
        ({"understood": "on", "passphrase": PASSWORD, "passphrase_again": PASSWORD}, "This is your sign-in password."),
        ({"understood": "on", "passphrase": "", "passphrase_again": ""}, "Type the passphrase you'd like to use."),
    ],
)
def test_a_passphrase_it_cannot_use_gets_a_kind_word_and_nothing_changes(
    fresh_alice_client: Client, alice: Any, form: dict[str, str], error: str
) -> None:
    page = fresh_alice_client.get(TURN_ON)
    response = fresh_alice_client.post(TURN_ON, {"confirmed": confirmed_note(page), **form})
    assert response.status_code == 200
    assert error in page_text(response)
    assert "At least 10 characters." in page_text(response)  # the help stays beside the field
    assert not JournalLock.objects.filter(user=alice).exists()
    assert not DataKey.objects.filter(user=alice, locked=True).exists()
    # The box ticked stays ticked; secrets are never sent back into the page.
    if form.get("understood"):
        assert re.search(r'id="id_understood" required checked', response.content.decode())
    for secret in {form["passphrase"], form["passphrase_again"]} - {""}:
        assert f'value="{secret}"' not in page_text(response)
    # The same confirmed page can be sent again after fixing it.
    assert confirmed_note(response) == confirmed_note(page)


def test_guessing_the_sign_in_password_on_the_turn_on_page_is_counted_and_paused(
    fresh_alice_client: Client, alice: Any
) -> None:
    # "Confirm it's you" can be a passkey or a code, which proves no password: each answer to
    # "is this the sign-in password?" counts as a try, as on the unlock page.
    page = fresh_alice_client.get(TURN_ON)
    sent = {"confirmed": confirmed_note(page), "understood": "on", "passphrase": PASSWORD, "passphrase_again": PASSWORD}
    for _try in range(5):
        assert "This is your sign-in password." in page_text(fresh_alice_client.post(TURN_ON, sent))
    paused = fresh_alice_client.post(TURN_ON, sent)
    assert paused.status_code == 429
    assert "That was a lot of tries in a row" in page_text(paused)
    assert "This is your sign-in password." not in page_text(paused)
    # Paused for any passphrase, so the pause itself tells nothing; nothing was locked.
    other = {**sent, "passphrase": PASSPHRASE, "passphrase_again": PASSPHRASE}
    assert fresh_alice_client.post(TURN_ON, other).status_code == 429
    assert not JournalLock.objects.filter(user=alice).exists()


def test_an_old_confirmation_asks_again_rather_than_lock(
    fresh_alice_client: Client, alice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = fresh_alice_client.get(TURN_ON)
    monkeypatch.setattr("journal.lock_views.CONFIRMED_FOR_SECONDS", -1)  # the page was confirmed long ago
    response = fresh_alice_client.post(
        TURN_ON,
        {
            "confirmed": confirmed_note(page),
            "understood": "on",
            "passphrase": PASSPHRASE,
            "passphrase_again": PASSPHRASE,
        },
    )
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    assert not JournalLock.objects.filter(user=alice).exists()


def test_the_recovery_key_reads_left_to_right_on_a_right_to_left_page(fresh_alice_client: Client) -> None:
    # Its groups are boxes of their own (inline-block): on a page in Arabic or Hebrew they lined up
    # right to left, the last group first, and a key copied down in the order it reads would not
    # open the journal. The key is letters and digits, left to right in every language.
    _, response = _turn_on(fresh_alice_client)
    key = re.search(r"<p ([^>]*)data-recovery-key>", response.content.decode())
    assert key and 'dir="ltr"' in key.group(1)


# --- While it is on ---------------------------------------------------------------------------------


def test_changing_the_passphrase_needs_the_one_of_today(fresh_alice_client: Client, alice: Any, written: Any) -> None:
    recovery_key, _ = _turn_on(fresh_alice_client)
    wrong = fresh_alice_client.post(
        PASSPHRASE_PAGE, {"current": "not it at all", "passphrase": NEW_PASSPHRASE, "passphrase_again": NEW_PASSPHRASE}
    )
    assert wrong.status_code == 200
    assert "That isn't the passphrase that opens your journal." in page_text(wrong)
    assert 'aria-invalid="true" aria-describedby="id_current_error"' in wrong.content.decode()
    assert '<label for="id_passphrase">New journal passphrase</label>' in wrong.content.decode()
    assert NEW_PASSPHRASE not in page_text(wrong)
    lock_services.lock_open_with_passphrase(user=alice, passphrase=PASSPHRASE)  # unchanged

    mismatched = fresh_alice_client.post(
        PASSPHRASE_PAGE, {"current": PASSPHRASE, "passphrase": NEW_PASSPHRASE, "passphrase_again": "lanterns"}
    )
    assert "These two don't match." in page_text(mismatched)
    weak = fresh_alice_client.post(
        PASSPHRASE_PAGE, {"current": PASSPHRASE, "passphrase": "short", "passphrase_again": "short"}
    )
    assert "a little short" in page_text(weak)
    lock_services.lock_open_with_passphrase(user=alice, passphrase=PASSPHRASE)  # still unchanged

    done = fresh_alice_client.post(
        PASSPHRASE_PAGE,
        {"current": PASSPHRASE, "passphrase": NEW_PASSPHRASE, "passphrase_again": NEW_PASSPHRASE},
        follow=True,
    )
    assert "Your journal passphrase is changed." in page_text(done)
    assert done.redirect_chain[-1][0] == "/account/settings/#messages"  # focus lands on those words
    with pytest.raises(WrongSecret):
        lock_services.lock_open_with_passphrase(user=alice, passphrase=PASSPHRASE)
    by_new = lock_services.lock_open_with_passphrase(user=alice, passphrase=NEW_PASSPHRASE)
    assert lock_services.lock_open_with_recovery_key(user=alice, recovery_key=recovery_key) == by_new
    # The journal key is sealed; the safety plan keeps its own key, outside the lock.
    assert dict(DataKey.objects.filter(user=alice).values_list("scope", "locked")) == {"journal": True, "plan": False}
    assert "I rang Sam before it got worse" in page_text(fresh_alice_client.get(f"/journal/{written.pk}/"))


def test_wrong_passphrases_pause_after_a_few_tries_like_sign_in(fresh_alice_client: Client, alice: Any) -> None:
    _turn_on(fresh_alice_client)
    for _try in range(5):
        response = fresh_alice_client.post(
            PASSPHRASE_PAGE, {"current": "a guess", "passphrase": NEW_PASSPHRASE, "passphrase_again": NEW_PASSPHRASE}
        )
        assert "That isn't the passphrase" in page_text(response)
    # Now even the right one waits, and it says why; still a page, never an error.
    paused = fresh_alice_client.post(
        PASSPHRASE_PAGE, {"current": PASSPHRASE, "passphrase": NEW_PASSPHRASE, "passphrase_again": NEW_PASSPHRASE}
    )
    assert paused.status_code == 200
    assert "paused for a few minutes" in page_text(paused)
    with pytest.raises(WrongSecret):
        lock_services.lock_open_with_passphrase(user=alice, passphrase=NEW_PASSPHRASE)


def _change(client: Client, current: str, new: str) -> Any:
    return client.post(PASSPHRASE_PAGE, {"current": current, "passphrase": new, "passphrase_again": new})


@pytest.mark.parametrize(
    ("current", "said"),
    [("", "Type the passphrase that opens your journal today."), ("not it at all", "That isn't the passphrase")],
)
def test_a_current_passphrase_that_opens_nothing_never_says_whether_a_guess_is_the_sign_in_password(
    fresh_alice_client: Client, current: str, said: str
) -> None:
    # Otherwise anyone at a signed-in device could try passwords here, without sign-in's limits.
    _turn_on(fresh_alice_client)
    guessed = _change(fresh_alice_client, current, PASSWORD)
    other = _change(fresh_alice_client, current, NEW_PASSPHRASE)
    assert said in page_text(guessed)
    assert "This is your sign-in password" not in page_text(guessed)
    assert (guessed.status_code, page_without_tokens(guessed)) == (other.status_code, page_without_tokens(other))


def test_once_paused_no_guess_is_compared_with_the_sign_in_password(fresh_alice_client: Client, alice: Any) -> None:
    _turn_on(fresh_alice_client)
    for _try in range(5):
        _change(fresh_alice_client, "a guess", NEW_PASSPHRASE)
    guessed = _change(fresh_alice_client, PASSPHRASE, PASSWORD)
    other = _change(fresh_alice_client, PASSPHRASE, NEW_PASSPHRASE)
    assert "paused for a few minutes" in page_text(guessed)
    assert "This is your sign-in password" not in page_text(guessed)
    assert (guessed.status_code, page_without_tokens(guessed)) == (other.status_code, page_without_tokens(other))
    lock_services.lock_open_with_passphrase(user=alice, passphrase=PASSPHRASE)  # unchanged


def test_the_right_passphrase_with_the_sign_in_password_as_the_new_one_changes_nothing(
    fresh_alice_client: Client, alice: Any
) -> None:
    _turn_on(fresh_alice_client)
    refused = _change(fresh_alice_client, PASSPHRASE, PASSWORD)
    assert refused.status_code == 200
    assert "This is your sign-in password." in page_text(refused)
    assert "At least 10 characters." in page_text(refused)  # the help stays beside the field
    field = re.search(r'<input[^>]*name="passphrase"[^>]*>', refused.content.decode())
    assert field and 'aria-invalid="true"' in field.group(0) and "id_passphrase_error" in field.group(0)
    assert PASSWORD not in page_text(refused)
    lock_services.lock_open_with_passphrase(user=alice, passphrase=PASSPHRASE)  # unchanged
    with pytest.raises(WrongSecret):
        lock_services.lock_open_with_passphrase(user=alice, passphrase=PASSWORD)


def test_a_new_recovery_key_needs_confirming_and_is_shown_once(
    fresh_alice_client: Client, alice: Any, settings: Any
) -> None:
    old_key, _ = _turn_on(fresh_alice_client)
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0  # the confirmation from before has run out
    response = fresh_alice_client.get(RECOVERY)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/")
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
    reauthenticate(fresh_alice_client)

    page = fresh_alice_client.get(RECOVERY)
    assert page.status_code == 200
    made = fresh_alice_client.post(RECOVERY, {"confirmed": confirmed_note(page)})
    assert made.status_code == 200 and "no-store" in made["Cache-Control"]
    new_key = _shown_key(made)
    assert new_key and new_key != old_key
    assert "Your old recovery key doesn't open anything any more." in page_text(made)
    with pytest.raises(WrongSecret):
        lock_services.lock_open_with_recovery_key(user=alice, recovery_key=old_key)
    lock_services.lock_open_with_recovery_key(user=alice, recovery_key=new_key)
    assert new_key.replace("-", "") not in _session_text(fresh_alice_client).replace("-", "")

    # Resending that form makes no second key that would undo the one just written down.
    again = fresh_alice_client.post(RECOVERY, {"confirmed": confirmed_note(page)}, follow=True)
    assert "data-recovery-key" not in page_text(again)
    assert "shown once, when it was made, and isn't shown again" in page_text(again)
    lock_services.lock_open_with_recovery_key(user=alice, recovery_key=new_key)


def test_a_new_recovery_key_page_left_open_a_long_time_asks_to_confirm_again(
    fresh_alice_client: Client, alice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_key, _ = _turn_on(fresh_alice_client)
    page = fresh_alice_client.get(RECOVERY)
    monkeypatch.setattr("journal.lock_views.CONFIRMED_FOR_SECONDS", -1)
    response = fresh_alice_client.post(RECOVERY, {"confirmed": confirmed_note(page)})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/")
    lock_services.lock_open_with_recovery_key(user=alice, recovery_key=old_key)  # still the one written down


def test_lock_now_locks_this_browser_and_settings_says_so(fresh_alice_client: Client, alice: Any) -> None:
    _turn_on(fresh_alice_client)
    unlocked = page_text(fresh_alice_client.get(SETTINGS))
    assert "Only your passphrase or recovery key opens your journal." in unlocked
    assert "Lock my journal now" in unlocked

    assert fresh_alice_client.get(LOCK_NOW).status_code == 405
    done = fresh_alice_client.post(LOCK_NOW, follow=True)
    assert "Your journal is locked. Your passphrase opens it again whenever you like." in page_text(done)
    assert SESSION_KEY not in fresh_alice_client.session
    assert "Your journal is locked right now." in page_text(done)
    assert 'href="/journal/unlock/?next=/account/settings/"' in done.content.decode()
    assert "Lock my journal now" not in page_text(done)
    # The lock itself is untouched: only this session forgot the key.
    assert JournalLock.objects.filter(user=alice).exists()
    assert DataKey.objects.filter(user=alice, locked=True).exists()

    # Pages that need the journal open send the person to open it first, and come back after.
    for url in (RECOVERY, TURN_OFF):
        response = fresh_alice_client.get(url)
        assert (
            response.status_code == 302 and response["Location"] == f"/journal/unlock/?next={url.replace('/', '%2F')}"
        )
    assert fresh_alice_client.post(TURN_OFF, {}).status_code == 302
    assert JournalLock.objects.filter(user=alice).exists()


def test_turning_it_off_needs_it_open_and_puts_the_server_key_back(
    fresh_alice_client: Client, alice: Any, written: Any
) -> None:
    _turn_on(fresh_alice_client)
    page = fresh_alice_client.get(TURN_OFF)
    assert "Someone with both this server's database and its key file could read it." in page_text(page)
    done = fresh_alice_client.post(TURN_OFF, {"confirmed": confirmed_note(page)}, follow=True)
    assert "The lock is off." in page_text(done)
    assert "Your writing is encrypted. Someone with both this server's database and its key file could read it." in (
        page_text(done)
    )
    assert not JournalLock.objects.filter(user=alice).exists()
    assert not DataKey.objects.filter(user=alice, locked=True).exists()
    assert SESSION_KEY not in fresh_alice_client.session
    # The server key alone reads it again, with no lock key anywhere in this process.
    assert entry_texts(user=_fresh(alice), entry=written).body == "I rang Sam before it got worse"


def test_turning_it_off_asks_to_confirm_its_you(fresh_alice_client: Client, alice: Any, settings: Any) -> None:
    _turn_on(fresh_alice_client)
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    response = fresh_alice_client.get(TURN_OFF)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/")
    response = fresh_alice_client.post(TURN_OFF, {})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/")
    assert JournalLock.objects.filter(user=alice).exists()


# --- Everyone else --------------------------------------------------------------------------------


def test_another_persons_session_cannot_touch_your_lock(fresh_alice_client: Client, alice: Any, bob: Any) -> None:
    _turn_on(fresh_alice_client)
    alices_page = fresh_alice_client.get(TURN_OFF)
    before = JournalLock.objects.get(user=alice)
    bob_client = Client()
    bob_client.force_login(bob)
    reauthenticate(bob_client)
    # Bob has no lock: every page of it is about his own journal, and sends him back to settings.
    for url in (RECOVERY, TURN_OFF, PASSPHRASE_PAGE):
        assert (
            bob_client.post(url, {"confirmed": confirmed_note(alices_page), "current": PASSPHRASE}).status_code == 302
        )
    # Alice's page, sent from Bob's session, turns on nothing of his with her confirmation either.
    response = bob_client.post(
        TURN_ON,
        {
            "confirmed": confirmed_note(alices_page),
            "understood": "on",
            "passphrase": PASSPHRASE,
            "passphrase_again": PASSPHRASE,
        },
    )
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    assert not JournalLock.objects.filter(user=bob).exists()
    after = JournalLock.objects.get(user=alice)
    assert (bytes(after.by_passphrase), bytes(after.by_recovery)) == (
        bytes(before.by_passphrase),
        bytes(before.by_recovery),
    )
    assert DataKey.objects.filter(user=alice, locked=True).exists()


def _opens_without_writing(client: Client, url: str) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    assert "no-store" in response["Cache-Control"], url
    writes = [q["sql"] for q in queries.captured_queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.I)]
    assert not writes, f"{url}: {writes}"


def test_the_pages_write_nothing_on_get_and_are_never_stored(fresh_alice_client: Client) -> None:
    fresh_alice_client.get(SETTINGS)  # a first visit may make the person's data key
    for url in (SETTINGS, TURN_ON):
        _opens_without_writing(fresh_alice_client, url)
    _turn_on(fresh_alice_client)
    for url in (SETTINGS, PASSPHRASE_PAGE, RECOVERY, TURN_OFF, "/journal/lock/settings/safety-plan/lock/"):
        _opens_without_writing(fresh_alice_client, url)
    fresh_alice_client.post(LOCK_NOW)
    _opens_without_writing(fresh_alice_client, SETTINGS)

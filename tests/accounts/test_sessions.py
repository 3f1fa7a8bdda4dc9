"""A copy of the database (or of a backup) signs nobody in; signing out other sessions still ends them.

The attacker here holds every value the database stores and sends each one back as a session
cookie, exactly as a local user with a copy of var/db.sqlite3 did in issue 11.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.browser_names import browser_name
from accounts.middleware import LAST_SEEN_KEY
from accounts.models import User
from accounts.sessions import SessionStore, session_id_for
from journal.lock_session import SESSION_KEY as UNLOCKED_KEY
from tests.journal.conftest import sign_in

PRIVATE_PAGE = "/journal/"


def _signed_in(client: Client) -> bool:
    return client.get(PRIVATE_PAGE).status_code == 200


def _every_stored_value() -> str:
    """Everything the database holds, as text: what someone with a copy of the file can read."""
    values: list[str] = []
    for model in apps.get_models():
        for row in model._default_manager.values_list():
            values.extend(str(value) for value in row)
    return "\n".join(values)


def _with_cookie(value: str) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = value  # set directly, as an attacker would
    return client


def test_a_copy_of_the_database_opens_no_session(alice: User) -> None:
    browser = Client()
    sign_in(browser, alice.email)
    assert _signed_in(browser)
    cookie = browser.cookies[settings.SESSION_COOKIE_NAME].value

    assert cookie not in _every_stored_value()
    stored = [*Session.objects.values_list("session_key", flat=True)]
    stored += UserSession.objects.values_list("session_key", flat=True)
    assert stored, "the sign-in left no session in the database"
    for value in stored:
        assert not _signed_in(_with_cookie(value))

    assert _signed_in(browser)  # the real cookie still works


def test_a_session_past_its_expiry_opens_nothing_and_one_a_moment_from_it_still_does(alice: User) -> None:
    # The session is read with SQL written out (accounts/sessions.py), not the ORM's: it keeps
    # Django's own check that the session has not expired, to the second.
    browser = Client()
    sign_in(browser, alice.email)
    key = session_id_for(browser.cookies[settings.SESSION_COOKIE_NAME].value)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(seconds=30))
    assert _signed_in(browser)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert not _signed_in(browser)
    assert browser.get(PRIVATE_PAGE)["Location"].startswith(reverse("account_login"))


def test_signing_in_gives_a_new_cookie_so_one_planted_beforehand_opens_nothing(alice: User) -> None:
    browser = Client()
    session = browser.session  # a session from before sign-in, as a shared computer's browser may hold
    session["planted"] = True
    session.save()
    before = browser.cookies[settings.SESSION_COOKIE_NAME].value
    sign_in(browser, alice.email)
    assert browser.cookies[settings.SESSION_COOKIE_NAME].value != before
    assert not _signed_in(_with_cookie(before))


def test_signing_out_of_other_sessions_ends_them_and_keeps_this_one(alice: User) -> None:
    phone, laptop = Client(), Client()
    sign_in(phone, alice.email)
    sign_in(laptop, alice.email)
    assert _signed_in(phone) and _signed_in(laptop)
    assert UserSession.objects.filter(user=alice).count() == 2

    page = laptop.get(reverse("usersessions_list"))
    assert page.status_code == 200
    assert page.context["session_count"] == 2
    laptop.post(reverse("usersessions_list"))

    assert not _signed_in(phone)
    assert _signed_in(laptop)
    assert list(UserSession.objects.filter(user=alice).values_list("session_key", flat=True)) == [
        laptop.session.session_key
    ]


def test_the_sessions_list_shows_this_device_first_then_the_newest_sign_in(alice: User) -> None:
    laptop, phone, tablet = Client(), Client(), Client()
    for browser in (laptop, phone, tablet):
        sign_in(browser, alice.email)
    page = phone.get(reverse("usersessions_list"))
    keys = [row.session_key for row in page.context["sessions"]]
    assert keys == [phone.session.session_key, tablet.session.session_key, laptop.session.session_key]
    html = page.content.decode()
    assert html.index("This device") < html.index("Signed in")


def test_the_sessions_list_hides_an_ended_session_without_deleting_it_on_reading(alice: User) -> None:
    phone, laptop = Client(), Client()
    sign_in(phone, alice.email)
    sign_in(laptop, alice.email)
    Session.objects.filter(session_key=phone.session.session_key).delete()  # the phone's browser closed

    page = laptop.get(reverse("usersessions_list"))
    assert page.context["session_count"] == 1
    assert [s.session_key for s in page.context["sessions"]] == [laptop.session.session_key]
    assert UserSession.objects.filter(user=alice).count() == 2, "housekeeping deletes it, not a page view"


def test_reading_pages_leaves_last_active_alone_and_a_post_notes_it_at_most_every_five_minutes(
    alice: User, monkeypatch: Any
) -> None:
    browser = Client()
    sign_in(browser, alice.email)
    row = UserSession.objects.get(user=alice)
    long_ago = row.last_seen_at - timedelta(hours=1)
    UserSession.objects.filter(pk=row.pk).update(last_seen_at=long_ago)

    browser.get("/journal/")
    assert UserSession.objects.get(pk=row.pk).last_seen_at == long_ago

    # Signing in noted it; a POST four minutes on adds nothing; one past five minutes notes it again.
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 240)
    browser.post(reverse("accounts:still_here"))
    assert UserSession.objects.get(pk=row.pk).last_seen_at == long_ago, "within five minutes: no write"
    monkeypatch.setattr(time, "time", lambda: now + 301)
    browser.post(reverse("accounts:still_here"))
    assert UserSession.objects.get(pk=row.pk).last_seen_at > long_ago


def test_a_session_begun_outside_allauth_is_listed_so_signing_out_everywhere_else_ends_it(alice: User) -> None:
    admin_computer, laptop = Client(), Client()
    admin_computer.force_login(alice)  # as the admin's own sign-in page does: no allauth sign-in
    assert _signed_in(admin_computer)
    sign_in(laptop, alice.email)
    assert laptop.get(reverse("usersessions_list")).context["session_count"] == 2
    laptop.post(reverse("usersessions_list"))
    assert not _signed_in(admin_computer)
    assert _signed_in(laptop)


ANDROID_FIREFOX = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"
WINDOWS_EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)


def test_the_list_names_each_browser_and_device_in_plain_words(alice: User) -> None:
    # The page asks people to look for a place they don't recognise; "Mozilla/5.0 (Windows NT
    # 10.0; Win64; x64) AppleWebKit/537.36 …" hid the browser and the device they would know.
    phone, laptop = Client(HTTP_USER_AGENT=ANDROID_FIREFOX), Client(HTTP_USER_AGENT=WINDOWS_EDGE)
    sign_in(phone, alice.email)
    sign_in(laptop, alice.email)
    page = laptop.get(reverse("usersessions_list")).content.decode()
    assert "Firefox on Android" in page and "Edge on Windows" in page
    assert "Mozilla/5.0" not in page


@pytest.mark.parametrize(
    ("user_agent", "name"),
    [
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/18.1 Mobile/15E148 Safari/604.1",
            "Safari on iPhone",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/18.1 Safari/605.1.15",
            "Safari on Mac",
        ),
        ("curl/8.5.0", "curl/8.5.0"),
        ("", ""),
    ],
)
def test_a_browser_name_reads_plainly_or_as_it_was_sent(user_agent: str, name: str) -> None:
    assert browser_name(user_agent) == name


def _signed_in_client(alice: User) -> Client:
    client = Client()
    sign_in(client, alice.email)
    return client


def _stored_session(client: Client) -> str:
    return session_id_for(client.cookies[settings.SESSION_COOKIE_NAME].value)


def test_a_still_here_read_before_unlocking_does_not_lock_the_journal_again(alice: User) -> None:
    """Typing sends "still here" while the form typed in is sent: two requests of one person at
    once. Django saved the whole session as each had read it, so the later "still here" wrote the
    journal's unlocked key half away and the person was asked for the passphrase again."""
    client = _signed_in_client(alice)
    key = _stored_session(client)
    still_here = SessionStore(key)
    still_here.get(LAST_SEEN_KEY)  # read as "still here" began

    unlocking = SessionStore(key)
    unlocking.get(LAST_SEEN_KEY)
    unlocking[UNLOCKED_KEY] = "sealed-half"
    unlocking.save()

    still_here[LAST_SEEN_KEY] = 123
    still_here.save()

    stored = SessionStore(key).load()
    assert stored[UNLOCKED_KEY] == "sealed-half"
    assert stored[LAST_SEEN_KEY] == 123


def test_what_another_request_removed_from_the_session_stays_removed(alice: User) -> None:
    """Locking the journal again (its key half removed) is not undone by a request read before."""
    client = _signed_in_client(alice)
    key = _stored_session(client)
    unlocking = SessionStore(key)
    unlocking.get(LAST_SEEN_KEY)
    unlocking[UNLOCKED_KEY] = "sealed-half"
    unlocking.save()

    still_here = SessionStore(key)
    still_here.get(LAST_SEEN_KEY)
    locking = SessionStore(key)
    locking.get(LAST_SEEN_KEY)
    del locking[UNLOCKED_KEY]
    locking.save()

    still_here[LAST_SEEN_KEY] = 123
    still_here.save()

    assert UNLOCKED_KEY not in SessionStore(key).load()


def test_a_session_ended_meanwhile_is_not_brought_back_by_a_late_save(alice: User) -> None:
    client = _signed_in_client(alice)
    key = _stored_session(client)
    still_here = SessionStore(key)
    still_here.get(LAST_SEEN_KEY)
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()

    still_here[LAST_SEEN_KEY] = 123
    with pytest.raises(UpdateError):
        still_here.save()
    assert not Session.objects.filter(session_key=key).exists()


def test_what_a_request_removes_after_its_session_got_a_new_key_stays_removed(alice: User) -> None:
    """cycle_key() (signing in, a new password) writes the whole session under a new key in the
    middle of a request. The save at the end compared the request's changes with the session as
    read under the old key, so a key half set before the new key and removed after it was kept."""
    client = _signed_in_client(alice)
    session = SessionStore(_stored_session(client))
    session.get(LAST_SEEN_KEY)
    session[UNLOCKED_KEY] = "sealed-half"
    session.cycle_key()
    del session[UNLOCKED_KEY]
    session.save()

    assert UNLOCKED_KEY not in SessionStore(session.session_key).load()


def test_a_session_begun_after_flush_is_compared_with_itself_not_the_one_that_ended(alice: User) -> None:
    """After flush() (someone else signing in on that browser), what the request sets equal to a
    value of the session that ended was taken for unchanged, and not written to the new one."""
    client = _signed_in_client(alice)
    ended = SessionStore(_stored_session(client))
    ended[LAST_SEEN_KEY] = 100
    ended.save()

    session = SessionStore(ended.session_key)
    session.get(LAST_SEEN_KEY)
    session.flush()
    session[LAST_SEEN_KEY] = 200
    session.save()  # a new session, as allauth saves one to list it
    session[LAST_SEEN_KEY] = 100
    session.save()

    assert SessionStore(session.session_key).load()[LAST_SEEN_KEY] == 100


def _signed_in_on(alice: User, devices: int) -> Client:
    """alice signed in on this many devices; the browser of the last, to open the list on."""
    browsers = [Client() for _ in range(devices)]
    for browser in browsers:
        browser.force_login(alice)
        assert _signed_in(browser)  # the first page after signing in puts the device on the list
    return browsers[-1]


def test_the_sessions_list_costs_the_same_with_six_devices_as_with_two(alice: User, bob: User) -> None:
    counts: list[int] = []
    for person, devices in ((alice, 2), (bob, 6)):
        browser = _signed_in_on(person, devices)
        with CaptureQueriesContext(connection) as queries:
            page = browser.get(reverse("usersessions_list"))
        assert page.context["session_count"] == devices
        counts.append(len(queries))
    assert counts[0] == counts[1], f"{counts[0]} queries with two devices, {counts[1]} with six"


def test_the_sessions_list_leaves_off_a_device_signed_in_before_the_password_changed(alice: User) -> None:
    old_phone = Client()
    old_phone.force_login(alice)
    assert _signed_in(old_phone)
    alice.set_password("another calm long password 43")
    alice.save()
    laptop = _signed_in_on(alice, 1)
    page = laptop.get(reverse("usersessions_list"))
    assert [row.session_key for row in page.context["sessions"]] == [laptop.session.session_key]
    assert not _signed_in(old_phone)

"""The operator's admin pages for people: their sign-in apps, their sessions, deleting an account."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.deletion import account_delete
from accounts.models import InviteCode, User
from journal.models import DataKey
from journal.services import entry_create
from tests.factories import PASSWORD, UserFactory
from tests.totp import totp_turn_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_step_alice(alice: User, alice_client: Client) -> User:
    totp_turn_on(alice_client)
    return alice


def _signed_in(client: Client) -> bool:
    return client.get("/account/settings/").status_code == 200


def test_an_authenticator_page_shows_no_sealed_secret_and_cannot_be_rewritten(
    operator_client: Client, two_step_alice: User, bob: User
) -> None:
    app = Authenticator.objects.get(user=two_step_alice, type=Authenticator.Type.TOTP)
    page = operator_client.get(f"/admin/mfa/authenticator/{app.pk}/change/").content.decode()
    assert "alice@example.com" in page
    assert app.data["secret"] not in page and "wp2$" not in page
    # Moving it to another person, or changing what it holds, would lock alice out.
    operator_client.post(
        f"/admin/mfa/authenticator/{app.pk}/change/", {"user": str(bob.pk), "type": "totp", "data": "{}"}
    )
    app.refresh_from_db()
    assert app.user_id == two_step_alice.pk and app.data["secret"].startswith("wp2$")
    assert operator_client.get("/admin/mfa/authenticator/add/").status_code == 403


def test_removing_someones_app_turns_two_step_sign_in_off_for_them(
    operator_client: Client, two_step_alice: User
) -> None:
    # They lost their phone and their codes, and asked whoever runs the server.
    app = Authenticator.objects.get(user=two_step_alice, type=Authenticator.Type.TOTP)
    operator_client.post(f"/admin/mfa/authenticator/{app.pk}/delete/", {"post": "yes"})
    assert not Authenticator.objects.filter(user=two_step_alice).exists(), "no recovery codes left for nothing"
    client = Client()
    response = client.post("/accounts/login/", {"login": two_step_alice.email, "password": PASSWORD})
    assert response.status_code == 302 and "2fa" not in response["Location"]
    assert _signed_in(client)


def test_the_operator_finds_someones_sessions_by_their_email(operator_client: Client, alice_client: Client) -> None:
    assert _signed_in(alice_client)
    response = operator_client.get("/admin/usersessions/usersession/", {"q": "alice@"})
    assert response.status_code == 200
    assert "alice@example.com" in response.content.decode()


def test_removing_a_session_in_the_admin_signs_that_device_out(
    operator_client: Client, alice: User, alice_client: Client
) -> None:
    assert _signed_in(alice_client)
    lost_phone = UserSession.objects.get(user=alice)
    operator_client.post(f"/admin/usersessions/usersession/{lost_phone.pk}/delete/", {"post": "yes"})
    assert not _signed_in(alice_client)


def test_a_session_cannot_be_edited_in_the_admin(operator_client: Client, alice: User, alice_client: Client) -> None:
    assert _signed_in(alice_client)
    row = UserSession.objects.get(user=alice)
    operator_client.post(
        f"/admin/usersessions/usersession/{row.pk}/change/",
        {
            "user": str(alice.pk),
            "created_at_0": "2026-01-01",
            "created_at_1": "10:00:00",
            "last_seen_at_0": "2026-01-01",
            "last_seen_at_1": "10:00:00",
            "ip": "10.0.0.1",
            "user_agent": "x",
            "data": '{"a": 1}',
        },
    )
    row.refresh_from_db()
    assert row.ip != "10.0.0.1" and row.data == {}


@pytest.mark.parametrize("how", ["page", "list"])
def test_deleting_a_person_in_the_admin_ends_their_sessions_and_their_keys(
    operator_client: Client, alice: User, alice_client: Client, how: str
) -> None:
    entry_create(author=alice, body="words")
    assert _signed_in(alice_client)
    session_key = UserSession.objects.get(user=alice).session_key
    if how == "page":
        operator_client.post(f"/admin/accounts/user/{alice.pk}/delete/", {"post": "yes"})
    else:
        operator_client.post(
            "/admin/accounts/user/", {"action": "delete_selected", "_selected_action": [alice.pk], "post": "yes"}
        )
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not DataKey.objects.filter(user_id=alice.pk).exists()
    # Their session row held their id (and, with the journal locked, half of its key).
    assert not Session.objects.filter(session_key=session_key).exists()


def _add_person(operator_client: Client, email: str) -> Any:
    password = "a long pass phrase 123"
    return operator_client.post(
        "/admin/accounts/user/add/",
        {"email": email, "password1": password, "password2": password},
    )


def test_a_person_added_in_the_admin_signs_in_once_they_confirm_their_address(
    operator_client: Client, mailoutbox: list[Any]
) -> None:
    response = _add_person(operator_client, "New.Person@Example.com")
    assert response.status_code == 302
    assert User.objects.filter(email="new.person@example.com").exists(), "stored as sign-up stores it"
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": "new.person@example.com", "password": "a long pass phrase 123"}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert [message.to for message in mailoutbox] == [["new.person@example.com"]]


def test_an_address_someone_already_has_is_refused_in_any_case(operator_client: Client, alice: User) -> None:
    response = _add_person(operator_client, "ALICE@Example.com")
    assert response.status_code == 200
    assert "Someone already has an account with this address." in response.content.decode()
    assert User.objects.count() == 2


def test_a_persons_address_is_theirs_to_change(operator_client: Client, alice: User) -> None:
    # Changed here, their sign-in address (allauth's) stayed the old one: the page and the account disagreed.
    page = operator_client.get(f"/admin/accounts/user/{alice.pk}/change/").content.decode()
    assert 'name="email"' not in page
    assert "They change it themselves under Settings" in page
    operator_client.post(
        f"/admin/accounts/user/{alice.pk}/change/",
        {"email": "THEO@example.com", "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "10:00"},
    )
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


def test_an_address_is_confirmed_by_hand_but_never_rewritten_in_the_admin(
    operator_client: Client, alice: User, bob: User
) -> None:
    # The confirming email never arrived: the operator marks the address confirmed.
    address = EmailAddress.objects.get(user=alice)
    EmailAddress.objects.filter(pk=address.pk).update(verified=False)
    operator_client.post("/admin/account/emailaddress/", {"action": "make_verified", "_selected_action": [address.pk]})
    address.refresh_from_db()
    assert address.verified
    # Moved to bob, or changed without confirming, it signed alice in nowhere and bob in as her.
    operator_client.post(
        f"/admin/account/emailaddress/{address.pk}/change/",
        {"user": str(bob.pk), "email": "someone@example.com", "verified": "on"},
    )
    address.refresh_from_db()
    assert (address.user_id, address.email) == (alice.pk, "alice@example.com")
    assert operator_client.get("/admin/account/emailaddress/add/").status_code == 403


@pytest.mark.parametrize("how", ["admin", "themselves"])
def test_the_admins_log_keeps_no_address_of_a_deleted_person(
    operator_client: Client, alice: User, alice_client: Client, how: str
) -> None:
    assert _signed_in(alice_client)
    # The operator once confirmed her address by hand, and later removed it: both logged by the address.
    address = EmailAddress.objects.get(user=alice)
    EmailAddress.objects.filter(pk=address.pk).update(verified=False)
    operator_client.post("/admin/account/emailaddress/", {"action": "make_verified", "_selected_action": [address.pk]})
    operator_client.post(f"/admin/account/emailaddress/{address.pk}/delete/", {"post": "yes"})
    assert "alice@example.com" in operator_client.get("/admin/").content.decode(), "the log names her while she is here"
    if how == "admin":
        operator_client.post(f"/admin/accounts/user/{alice.pk}/delete/", {"post": "yes"})
    else:
        alice_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
        alice_client.post("/account/delete/", {"confirm": "on"})
    assert not User.objects.filter(pk=alice.pk).exists()
    operator_client.get("/admin/")  # "The person … was deleted", said once to the operator who did it
    index = operator_client.get("/admin/").content.decode()
    assert "alice@example.com" not in index


def test_a_new_invite_code_that_would_already_have_expired_is_refused(operator_client: Client) -> None:
    response = operator_client.post(
        "/admin/accounts/invitecode/add/", {"note": "for sam", "expires_at_0": "2020-01-01", "expires_at_1": "10:00"}
    )
    page = response.content.decode()
    assert "A new code needs a time after now to expire, or it would never work." in page
    assert "The invite code is" not in page and not InviteCode.objects.exists()


def test_the_admins_log_keeps_no_ip_address_or_browser_of_a_deleted_person(
    operator_client: Client, alice: User, alice_client: Client
) -> None:
    assert _signed_in(alice_client)
    UserSession.objects.filter(user=alice).update(ip="203.0.113.7", user_agent="Firefox on Alice's Pixel")
    lost_phone = UserSession.objects.get(user=alice)
    operator_client.post(f"/admin/usersessions/usersession/{lost_phone.pk}/delete/", {"post": "yes"})
    operator_client.get("/admin/")  # "The user session … was deleted", said once to the operator who did it
    index = operator_client.get("/admin/").content.decode()
    assert "alice@example.com" in index, "the log says whose session it was while she is here"

    account_delete(user=alice)

    index = operator_client.get("/admin/").content.decode()
    # A session was logged by where and on what it was signed in, kept for good after she was gone.
    assert "203.0.113.7" not in index and "Alice&#x27;s Pixel" not in index
    assert not LogEntry.objects.filter(object_repr__contains="203.0.113.7").exists()


def _sessions_of_people(count: int) -> list[int]:
    people: list[Any] = [UserFactory() for _ in range(count)]
    return [
        UserSession.objects.create(user=person, ip="203.0.113.7", session_key=f"key-{person.pk}").pk
        for person in people
    ]


def _remove_selected(operator_client: Client, model: str, ids: list[Any]) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = operator_client.post(
            f"/admin/{model}/",
            {"action": "delete_selected", "post": "yes", "_selected_action": [str(pk) for pk in ids]},
        )
    assert response.status_code == 302
    return sum('"django_admin_log"' in query["sql"] or '"accounts_user"' in query["sql"] for query in queries)


def test_removing_many_sessions_at_once_logs_them_in_as_few_queries_as_two(operator_client: Client) -> None:
    # The log's part of a "delete selected": the rows' owners and the log's rows, read and written
    # together, not once for each row the operator ticked.
    two = _remove_selected(operator_client, "usersessions/usersession", _sessions_of_people(2))
    ten = _remove_selected(operator_client, "usersessions/usersession", _sessions_of_people(10))
    assert ten == two
    assert LogEntry.objects.filter(action_flag=DELETION).count() == 12
    logged = set(LogEntry.objects.values_list("object_repr", flat=True))
    assert logged == set(User.objects.exclude(email="op@example.com").values_list("email", flat=True))


def _devices(count: int) -> list[Client]:
    browsers: list[Client] = []
    for _ in range(count):
        browser = Client()
        person: Any = UserFactory()
        browser.force_login(person)
        assert _signed_in(browser)  # the first page puts the device on the sessions list
        browsers.append(browser)
    return browsers


def test_signing_out_many_devices_at_once_costs_the_same_as_two(operator_client: Client) -> None:
    operator_client.get("/admin/")  # the operator's own first page notes their session
    counts: list[int] = []
    for count in (2, 10):
        browsers = _devices(count)
        ids = list(UserSession.objects.filter(user__email__startswith="person").values_list("pk", flat=True))
        with CaptureQueriesContext(connection) as queries:
            operator_client.post(
                "/admin/usersessions/usersession/",
                {"action": "delete_selected", "post": "yes", "_selected_action": [str(pk) for pk in ids]},
            )
        counts.append(len(queries))
        assert not any(_signed_in(browser) for browser in browsers), "every device chosen is signed out"
        assert not UserSession.objects.filter(pk__in=ids).exists()
    assert counts[0] == counts[1], f"{counts[0]} queries for two devices, {counts[1]} for ten"


def test_a_password_page_for_an_id_that_is_no_one_is_not_found(operator_client: Client) -> None:
    # A mistyped address (an id cut short when copied): a server error, where any other admin page says not found.
    assert operator_client.get("/admin/accounts/user/not-an-id/password/").status_code == 404

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from accounts.invites import invite_code_hash, invite_create
from accounts.models import InviteCode, User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("invite_mode")]

SIGNUP = {"email": "new@example.com", "password1": "a long gentle password 9", "password2": "a long gentle password 9"}


@pytest.fixture
def invite_mode() -> Iterator[None]:
    with override_settings(SIGNUP_MODE="invite"):
        yield


def test_open_sign_up_is_hidden_and_closed_in_invite_mode(client: Client) -> None:
    home = client.get("/").content.decode()
    assert "Create an account" not in home
    assert "I have an invite code" in home
    response = client.post("/accounts/signup/", SIGNUP)
    assert not User.objects.filter(email="new@example.com").exists()
    assert "new accounts start with an invite" in response.content.decode()


def test_a_valid_code_opens_sign_up_once(client: Client) -> None:
    invite = invite_create(note="for a client")
    response = client.post("/account/invite/", {"code": invite.code.lower()})
    assert response.status_code == 302
    client.post("/accounts/signup/", SIGNUP)
    person = User.objects.get(email="new@example.com")
    invite.refresh_from_db()
    assert invite.used_by == person
    assert invite.used_at is not None

    someone_else = Client()
    response = someone_else.post("/account/invite/", {"code": invite.code})
    assert "didn&#x27;t work" in response.content.decode()


def test_an_expired_code_is_refused_kindly(client: Client) -> None:
    invite = invite_create(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post("/account/invite/", {"code": invite.code})
    assert response.status_code == 200
    assert "It may have expired or been used already." in response.content.decode()
    client.post("/accounts/signup/", SIGNUP)
    assert not User.objects.filter(email="new@example.com").exists()


def test_the_admin_sees_a_new_code_once_and_the_database_keeps_only_its_hash(admin_client: Client) -> None:
    made = admin_client.post(
        "/admin/accounts/invitecode/add/",
        {"note": "for a client", "expires_at_0": "2099-01-01", "expires_at_1": "12:00:00"},
        follow=True,
    )
    shown = re.search(r"The invite code is ([A-Z0-9]{10})\.", made.content.decode())
    assert shown is not None
    invite = InviteCode.objects.get()
    assert invite.code_hash == invite_code_hash(shown.group(1))
    assert shown.group(1) not in str(InviteCode.objects.values().get())
    assert shown.group(1) not in admin_client.get("/admin/accounts/invitecode/").content.decode()
    # The code shown works once; what the database holds does not work at all.
    for stored in (invite.code_hash, invite.code_hash[:10].upper()):
        assert Client().post("/account/invite/", {"code": stored}).status_code == 200  # asked again, not let in
    assert Client().post("/account/invite/", {"code": shown.group(1)}).status_code == 302


def test_the_session_keeps_which_invite_was_typed_not_its_code(client: Client) -> None:
    invite = invite_create(note="for a client")
    assert client.post("/account/invite/", {"code": invite.code})["Location"] == "/accounts/signup/"
    # Sessions are rows in the database as well: what they hold must not be a code that works.
    assert invite.code not in str(dict(client.session.items()))
    client.post("/accounts/signup/", SIGNUP)
    invite.refresh_from_db()
    assert invite.used_by == User.objects.get(email="new@example.com")


def test_a_pasted_code_with_more_than_the_code_is_answered_kindly_and_kept(client: Client) -> None:
    pasted = "Here is your code: ABCD-EFGH-JK from the clinic front desk"
    page = client.get("/account/invite/").content.decode()
    assert 'name="code"' in page and "maxlength" not in page, "a browser would cut the paste silently"
    response = client.post("/account/invite/", {"code": pasted})
    html = response.content.decode()
    assert response.status_code == 200
    assert "longer than an invite code" in html
    assert "Ensure this value" not in html
    assert f'value="{pasted}"' in html


def test_an_empty_code_asks_for_it_in_waypoints_words(client: Client) -> None:
    html = client.post("/account/invite/", {"code": ""}).content.decode()
    assert "Type or paste the code your clinic gave you." in html
    assert "This field is required" not in html


def test_an_address_longer_than_an_account_holds_is_refused_and_the_invite_still_works(client: Client) -> None:
    # The form's box takes 320 characters, an account's address 254: sign-up made the account for
    # the first 254 (an address nobody has, so its link never came) and used up the invite.
    invite = invite_create(note="for a client")
    client.post("/account/invite/", {"code": invite.code})
    too_long = "a" * 300 + "@example.com"

    page = client.post("/accounts/signup/", {**SIGNUP, "email": too_long}).content.decode()

    assert "That is longer than an email address can be. Could you check it?" in page
    assert not User.objects.exists()
    invite.refresh_from_db()
    assert invite.used_at is None
    client.post("/accounts/signup/", SIGNUP)
    assert User.objects.filter(email="new@example.com").exists()

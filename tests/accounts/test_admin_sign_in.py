"""The admin is reached through Waypoint's own sign-in, with its limits and two-step sign-in.

Django's admin has a sign-in form of its own that knows nothing of allauth: a staff account's
password alone opened the admin there, even with an authenticator app turned on, and wrong
passwords could be tried there without end.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from tests.factories import PASSWORD, UserFactory
from tests.totp import totp_turn_on


@pytest.fixture
def operator(db: None) -> Any:
    return UserFactory(email="operator@example.com", is_staff=True, is_superuser=True)


def test_the_admins_own_form_does_not_open_the_admin_with_a_password_alone(operator: Any) -> None:
    setup = Client()
    setup.force_login(operator)
    totp_turn_on(setup)

    client = Client()
    response = client.post("/admin/login/?next=/admin/", {"username": operator.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert client.get("/admin/").status_code == 302, "still signed out"


def test_opening_the_admin_signed_out_leads_to_waypoints_sign_in_and_back(operator: Any) -> None:
    client = Client()
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2F"
    response = client.post("/accounts/login/?next=%2Fadmin%2F", {"login": operator.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_someone_signed_in_without_admin_rights_gets_a_plain_refusal(alice_client: Client) -> None:
    response = alice_client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "Waypoint" in response.content.decode()


@pytest.mark.django_db
def test_an_operator_made_at_the_console_signs_in_without_a_confirming_email(mailoutbox: list[Any]) -> None:
    User.objects.create_superuser(email="op@example.com", password=PASSWORD)
    client = Client()
    response = client.post("/accounts/login/?next=%2Fadmin%2F", {"login": "op@example.com", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert mailoutbox == []
    assert client.get("/admin/").status_code == 200


def test_the_admins_change_password_is_waypoints_own_page_which_sends_the_notice(
    operator: Any, mailoutbox: list[Any]
) -> None:
    # The admin's header offers "Change password": Django's own form changed the operator's
    # password with no email at all, so a taken-over operator account went unseen, though every
    # other way a password changes sends its notice.
    client = Client()
    client.force_login(operator)
    new = "a-different-pass-phrase-7"
    response = client.post(
        "/admin/password_change/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/password/change/"
    operator.refresh_from_db()
    assert operator.check_password(PASSWORD), "nothing changed without the notice"
    assert client.get("/admin/password_change/")["Location"] == "/accounts/password/change/"
    response = client.post("/accounts/password/change/", {"oldpassword": PASSWORD, "password1": new, "password2": new})
    assert response.status_code == 302
    operator.refresh_from_db()
    assert operator.check_password(new)
    assert [message.to for message in mailoutbox] == [[operator.email]]


def test_admin_tabs_say_only_the_sites_name_and_signing_out_says_so_in_its_words(operator: Any) -> None:
    # A change page's tab was "alice@example.com | Change user | Django site admin": the address stayed
    # in the operator's browser history. Signing out thanked them "for spending some quality time
    # with the web site today".
    UserFactory(email="alice@example.com")
    client = Client()
    client.force_login(operator)
    alice = User.objects.get(email="alice@example.com")
    html = client.get(f"/admin/accounts/user/{alice.pk}/change/").content.decode()
    assert "<title>Waypoint administration</title>" in html
    assert "Django" not in html.split("<body", 1)[1].split('id="content"', 1)[0], "the header names Waypoint"
    signed_out = client.post("/admin/logout/").content.decode()
    assert "<h1>You're signed out.</h1>" in signed_out and 'href="/accounts/login/"' in signed_out
    assert "quality time" not in signed_out and "<title>Waypoint administration</title>" in signed_out
    assert client.get("/admin/").status_code == 302, "signed out for real"

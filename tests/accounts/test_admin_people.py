"""The operator's admin pages for people: their sign-in apps, their sessions, deleting an account."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client

from accounts.models import User
from tests.factories import UserFactory
from tests.totp import totp_turn_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client(db: None) -> Client:
    operator: Any = UserFactory(email="op@example.com", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(operator)
    return client


@pytest.fixture
def two_step_alice(alice: User, alice_client: Client) -> User:
    totp_turn_on(alice_client)
    return alice


def _signed_in(client: Client) -> bool:
    return client.get("/account/settings/").status_code == 200


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

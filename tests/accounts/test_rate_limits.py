from __future__ import annotations

from django.test import Client

from accounts.models import User
from tests.factories import PASSWORD


def test_repeated_wrong_passwords_pause_sign_in_for_that_account(client: Client, alice: User) -> None:
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": alice.email, "password": "not it"})
        assert "That email and password don&#x27;t match an account here." in response.content.decode()
    response = client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert "a lot of tries in a row, so this is paused for a few minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session

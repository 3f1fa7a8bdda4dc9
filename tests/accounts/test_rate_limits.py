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


def test_repeated_wrong_codes_while_setting_up_the_app_pause_it_kindly(client: Client, alice: User) -> None:
    # allauth's own words here were "Be patient, you are sending too many requests.": a person
    # fumbling with a new app was told off, and not told what happens next.
    client.force_login(alice)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    for _ in range(5):
        response = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
        assert "That code didn&#x27;t work." in response.content.decode()
    text = client.post("/accounts/2fa/totp/activate/", {"code": "000000"}).content.decode()
    assert "Be patient" not in text and "too many requests" not in text
    assert "a lot of tries in a row, so this is paused for a few minutes. You could try again after that." in text

from __future__ import annotations

import re
from html import unescape

from django.core import mail
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


def _emailed_code() -> str:
    code = re.search(r"\n\n(\S+)\n\n", str(mail.outbox[-1].body))
    assert code is not None, mail.outbox[-1].body
    return code.group(1)


def test_an_emailed_code_tried_three_times_says_a_new_one_works_now_not_to_wait(alice_client: Client) -> None:
    # allauth drops the code after its third wrong try and sends the person back to ask for one.
    # The page said "this is paused for a few minutes", though a new code could be sent at once
    # and worked: someone confirming it's you at night waited for nothing.
    alice_client.post("/accounts/reauthenticate/code/", {"recipient": "alice@example.com"})
    for _ in range(2):
        alice_client.post("/accounts/reauthenticate/code/confirm/", {"code": "WRONG-CODE"})
    response = alice_client.post("/accounts/reauthenticate/code/confirm/", {"code": "WRONG-CODE"}, follow=True)
    text = unescape(response.content.decode())
    assert response.redirect_chain[-1][0].startswith("/accounts/reauthenticate/code/")
    assert "That code stopped working after a few tries. You could ask for a new one now." in text
    assert "paused" not in text

    alice_client.post("/accounts/reauthenticate/code/", {"recipient": "alice@example.com"})
    alice_client.post("/accounts/reauthenticate/code/confirm/", {"code": _emailed_code()})
    assert alice_client.get("/accounts/2fa/totp/activate/").status_code == 200  # it's them: no asking again

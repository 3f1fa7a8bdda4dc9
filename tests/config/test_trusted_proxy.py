"""Sign-in limits behind a reverse proxy: one attacker's tries never lock everyone else out.

Behind nginx every request arrives from the proxy's address; X-Forwarded-For carries the
client's. The header is believed only as far as the operator says proxies of theirs wrote it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from tests.factories import PASSWORD

PROXY = "127.0.0.1"
ATTACKER = "203.0.113.66"
ALICE_AT_HOME = "198.51.100.7"
PAUSED = "a lot of tries in a row, so this is paused for a few minutes"


def _sign_in(client: Client, email: str, password: str, forwarded_for: str) -> str:
    response = client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )
    return response.content.decode()


def _ten_wrong_passwords(client: Client, forwarded_for: Any) -> None:
    # Ten different accounts, so only the per-address limit (10 a minute) comes into play.
    for i in range(10):
        _sign_in(client, f"someone{i}@example.com", "guessing", forwarded_for(i))


def test_behind_one_proxy_an_attackers_wrong_passwords_do_not_lock_out_anyone_else(settings: Any, alice: User) -> None:
    settings.TRUSTED_PROXY_HOPS = 1
    attacker = Client()
    # What nginx sends on: whatever the client claimed, then the address it really came from.
    _ten_wrong_passwords(attacker, lambda i: f"10.0.0.{i}, {ATTACKER}")
    assert PAUSED in _sign_in(attacker, "someone@example.com", "guessing", f"10.9.9.9, {ATTACKER}")

    alice_client = Client()
    _sign_in(alice_client, alice.email, PASSWORD, ALICE_AT_HOME)
    assert alice_client.session.get("_auth_user_id") == str(alice.pk)


def test_without_a_trusted_proxy_a_made_up_forwarded_for_header_changes_nothing(settings: Any, alice: User) -> None:
    settings.TRUSTED_PROXY_HOPS = 0
    attacker = Client()
    # A new invented address every time would dodge the limit if the header were believed.
    _ten_wrong_passwords(attacker, lambda i: f"192.0.2.{i}")
    assert PAUSED in _sign_in(attacker, "someone@example.com", "guessing", "192.0.2.200")


@pytest.mark.parametrize("header", ["not-an-address", "", " , "])
def test_a_broken_forwarded_for_header_is_a_normal_sign_in_not_an_error(
    settings: Any, alice: User, header: str
) -> None:
    settings.TRUSTED_PROXY_HOPS = 2
    client = Client()
    _sign_in(client, alice.email, PASSWORD, header)
    assert client.session.get("_auth_user_id") == str(alice.pk)

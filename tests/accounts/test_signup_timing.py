"""Sign-up answers the same, in the same time, whether or not the address has an account here."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.hashers import get_hasher
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase 7"


def _hashes_while_signing_up(client: Client, email: str) -> int:
    hasher: Any = type(get_hasher())
    with mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as encode:
        response = client.post("/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    return encode.call_count


def test_an_address_in_use_costs_the_same_password_work_as_a_new_one(client: Client) -> None:
    UserFactory(email="alice@example.com")
    # The hashing is most of the time a sign-up takes: skipping it for an address in use told
    # anyone with a stopwatch which addresses have an account.
    new = _hashes_while_signing_up(Client(), "someone.new@example.com")
    in_use = _hashes_while_signing_up(client, "alice@example.com")
    assert new >= 1
    assert in_use == new

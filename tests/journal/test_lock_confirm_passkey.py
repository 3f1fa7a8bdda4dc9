"""A lock page confirmed a while ago asks again in the account's own way: an account that signs in
with a passkey is not sent to a password box it has nothing to type into."""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from journal.models import JournalLock
from tests.journal.lock_helpers import confirmed_note

TURN_ON = "/journal/lock/settings/turn-on/"
PASSPHRASE = "the tide comes back in"


def test_an_old_confirmation_asks_a_passkey_account_for_its_passkey(
    alice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice.set_unusable_password()
    alice.save()
    Authenticator.objects.create(user=alice, type=Authenticator.Type.WEBAUTHN, data={"name": "Phone"})
    client = Client()
    client.force_login(alice)
    # Confirmed with the passkey just now, as allauth's passkey page notes it in the session.
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        *session[AUTHENTICATION_METHODS_SESSION_KEY],
        {"method": "mfa", "type": "webauthn", "reauthenticated": True, "at": time.time()},
    ]
    session.save()
    page = client.get(TURN_ON)
    monkeypatch.setattr("journal.lock_views.CONFIRMED_FOR_SECONDS", -1)  # the page was confirmed long ago
    sent = {"confirmed": confirmed_note(page), "understood": "on", "passphrase": PASSPHRASE}
    response = client.post(TURN_ON, {**sent, "passphrase_again": PASSPHRASE})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate_webauthn") + "?next=")
    assert not JournalLock.objects.filter(user=alice).exists()

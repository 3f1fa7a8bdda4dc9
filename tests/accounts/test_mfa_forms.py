"""A passkey's name has a limit: 5,000 characters filled the list of keys and every button on it."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.test import Client
from django.utils.html import escape

from accounts.mfa_forms import PASSKEY_NAME_CHARS, PasskeyAddForm
from accounts.models import User
from tests.factories import PASSWORD

LONG = "My phone, the one in the blue case " * 150  # 5,250 characters, pasted


def test_renaming_a_key_to_a_long_name_is_turned_back_with_the_words_still_there(
    alice_client: Client, alice: User
) -> None:
    key = Authenticator.objects.create(user=alice, type=Authenticator.Type.WEBAUTHN, data={"name": "Passkey"})
    alice_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    url = f"/accounts/2fa/webauthn/keys/{key.pk}/edit/"
    assert f'maxlength="{PASSKEY_NAME_CHARS}"' in alice_client.get(url).content.decode()

    response = alice_client.post(url, {"name": LONG})
    assert response.status_code == 200
    html = response.content.decode()
    assert "A key&#x27;s name holds up to 60 characters. Could you shorten it?" in html
    assert f'value="{escape(LONG)}"' in html  # what was typed, to shorten rather than type again
    key.refresh_from_db()
    assert key.data["name"] == "Passkey"

    assert alice_client.post(url, {"name": "x" * PASSKEY_NAME_CHARS}).status_code == 302
    key.refresh_from_db()
    assert key.data["name"] == "x" * PASSKEY_NAME_CHARS


def test_a_new_key_with_a_long_name_keeps_the_key_and_the_start_of_its_name(alice: User) -> None:
    # The browser has made the key by the time the name arrives: turning it back would leave the
    # key on the phone and not here. The box stops at the limit; past it, the name is shortened.
    form = PasskeyAddForm(data={"name": LONG}, user=alice)
    assert f'maxlength="{PASSKEY_NAME_CHARS}"' in str(form["name"])
    form.is_valid()
    assert form.cleaned_data["name"] == LONG[:PASSKEY_NAME_CHARS].rstrip()
    # Shortened to the name of a key they have, it takes a number and still fits.
    Authenticator.objects.create(
        user=alice, type=Authenticator.Type.WEBAUTHN, data={"name": LONG[:PASSKEY_NAME_CHARS].rstrip()}
    )
    form = PasskeyAddForm(data={"name": LONG}, user=alice)
    form.is_valid()
    assert form.cleaned_data["name"] == LONG[: PASSKEY_NAME_CHARS - 2].rstrip() + " 2"
    assert len(form.cleaned_data["name"]) <= PASSKEY_NAME_CHARS

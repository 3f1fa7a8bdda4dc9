"""Two-step codes on a phone: the number pad for the code, and after a recovery code, how many are left."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client

from accounts.mfa_adapter import MFAAdapter
from accounts.models import User
from tests.factories import PASSWORD
from tests.totp import totp_code, totp_turn_on

pytestmark = pytest.mark.django_db


def _codes(user: User) -> RecoveryCodes:
    return RecoveryCodes(Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES))


def _sign_in_with(client: Client, user: User, code: str) -> str:
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": code}, follow=True)
    assert response.wsgi_request.user == user
    return response.content.decode()


@pytest.fixture
def two_step_alice(alice: User) -> User:
    setup = Client()
    setup.force_login(alice)
    totp_turn_on(setup)
    return alice


def test_a_recovery_code_says_how_many_are_left_and_where_to_make_more(client: Client, two_step_alice: User) -> None:
    unused = _codes(two_step_alice).get_unused_codes()
    page = _sign_in_with(client, two_step_alice, unused[0])
    left = len(unused) - 1
    assert f"You used a recovery code, so it won&#x27;t work again. You have {left} left." in page
    assert "make a new set in Settings, under Two-step sign-in and passkeys" in page
    assert len(_codes(two_step_alice).get_unused_codes()) == left


def test_the_last_recovery_code_says_so_kindly(client: Client, two_step_alice: User) -> None:
    codes = _codes(two_step_alice)
    unused = codes.get_unused_codes()
    for code in unused[:-1]:
        codes.validate_code(code)
    page = _sign_in_with(client, two_step_alice, unused[-1])
    assert "You used your last recovery code. You could make a new set in Settings" in page
    assert "You have 0 left" not in page


def test_the_app_code_says_nothing_about_recovery_codes(client: Client, two_step_alice: User) -> None:
    app = Authenticator.objects.get(user=two_step_alice, type=Authenticator.Type.TOTP)
    client.post("/accounts/login/", {"login": two_step_alice.email, "password": PASSWORD})
    code = totp_code(MFAAdapter().decrypt(app.data["secret"]))
    page = client.post("/accounts/2fa/authenticate/", {"code": code}, follow=True).content.decode()
    assert "recovery code" not in page


def test_every_two_step_code_box_opens_the_number_pad(client: Client, two_step_alice: User) -> None:
    # Both kinds of code are digits; a phone's full keyboard puts letters first.
    client.post("/accounts/login/", {"login": two_step_alice.email, "password": PASSWORD})
    assert 'inputmode="numeric"' in client.get("/accounts/2fa/authenticate/").content.decode()
    signed_in = Client()
    signed_in.force_login(two_step_alice)
    assert 'inputmode="numeric"' in signed_in.get("/accounts/2fa/reauthenticate/").content.decode()


def test_the_code_box_that_turns_the_app_on_opens_the_number_pad(alice_client: Client) -> None:
    alice_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = alice_client.get("/accounts/2fa/totp/activate/").content.decode()
    assert 'inputmode="numeric"' in page


def _setup_key(page: str) -> str:
    found = re.search(r'id="authenticator_secret"[^>]*>([A-Z2-7]{16,})<', page)
    assert found is not None
    return found.group(1)


def test_the_setup_key_stays_the_same_when_the_page_is_opened_again(alice_client: Client, alice: User) -> None:
    # On a phone the tab reloads after a visit to the authenticator app, and Back reloads it too.
    # A new key each time left the app holding one the server had dropped: no code could work.
    alice_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    first = _setup_key(alice_client.get("/accounts/2fa/totp/activate/").content.decode())
    again = _setup_key(alice_client.get("/accounts/2fa/totp/activate/").content.decode())
    assert again == first
    response = alice_client.post("/accounts/2fa/totp/activate/", {"code": totp_code(first)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).exists()


def test_a_new_setup_key_after_turning_the_app_off_and_on_again(alice_client: Client, alice: User) -> None:
    alice_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    first = _setup_key(alice_client.get("/accounts/2fa/totp/activate/").content.decode())
    alice_client.post("/accounts/2fa/totp/activate/", {"code": totp_code(first)})
    alice_client.post("/accounts/2fa/totp/deactivate/")
    assert not Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).exists()
    second = _setup_key(alice_client.get("/accounts/2fa/totp/activate/").content.decode())
    assert second != first


def test_a_code_typed_after_the_sign_in_waited_too_long_says_why_it_asks_again(
    client: Client, two_step_alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Someone went to find their phone. allauth drops a sign-in left waiting for its code for 15
    # minutes and went back to an empty sign-in form without a word, as if nothing had happened.
    client.post("/accounts/login/", {"login": two_step_alice.email, "password": PASSWORD})
    later = time.time() + 16 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post("/accounts/2fa/authenticate/", {"code": "123456"}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    page = response.content.decode()
    assert "That sign-in waited more than 15 minutes for its code, so for your privacy it ended." in page
    assert "You could sign in again, then type a fresh code." in page
    assert not response.wsgi_request.user.is_authenticated


def test_the_code_page_says_nothing_of_waiting_when_no_sign_in_was_begun(client: Client) -> None:
    response = client.get("/accounts/2fa/authenticate/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "waited more than" not in response.content.decode()


def test_back_to_the_set_up_page_once_the_app_is_on_shows_the_two_step_page(alice_client: Client, alice: User) -> None:
    # Back from the recovery codes (pages are never cached, so it asks again), or a second tab
    # still on the set-up page: allauth sent it to "Turn off your authenticator app?".
    totp_turn_on(alice_client)
    response = alice_client.get("/accounts/2fa/totp/activate/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/2fa/"
    page = response.content.decode()
    assert "Turn off your authenticator app?" not in page
    assert "On. When you sign in, you type a code from the app on your phone." in page
    stale_tab = alice_client.post("/accounts/2fa/totp/activate/", {"code": "123456"}, follow=True)
    assert stale_tab.redirect_chain[-1][0] == "/accounts/2fa/"
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).count() == 1


CODES_END = "Your recovery codes stop working too, including any you printed or saved."
LAST_KEY_CODES_END = "It is your last way of two-step sign-in, so your recovery codes stop working too"


def test_turning_the_app_off_says_first_that_the_recovery_codes_stop_working(alice_client: Client, alice: User) -> None:
    # Someone moving the app to a new phone turned it off and kept their printed codes as a way in.
    # allauth deletes the codes with the last two-step method, and the page never said so.
    totp_turn_on(alice_client)
    page = alice_client.get("/accounts/2fa/totp/deactivate/").content.decode()
    assert CODES_END in page and "you get a new set to keep" in page
    alice_client.post("/accounts/2fa/totp/deactivate/")
    assert not Authenticator.objects.filter(user=alice).exists()


def test_turning_the_app_off_beside_a_passkey_keeps_the_codes_and_says_nothing_of_them(
    alice_client: Client, alice: User
) -> None:
    totp_turn_on(alice_client)
    Authenticator.objects.create(user=alice, type=Authenticator.Type.WEBAUTHN, data={"name": "My phone"})
    assert CODES_END not in alice_client.get("/accounts/2fa/totp/deactivate/").content.decode()
    alice_client.post("/accounts/2fa/totp/deactivate/")
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.RECOVERY_CODES).exists()


def test_removing_the_last_passkey_says_first_that_the_recovery_codes_stop_working(
    alice_client: Client, alice: User
) -> None:
    alice_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    key = Authenticator.objects.create(user=alice, type=Authenticator.Type.WEBAUTHN, data={"name": "My phone"})
    RecoveryCodes.activate(alice)
    page = alice_client.get(f"/accounts/2fa/webauthn/keys/{key.pk}/remove/").content.decode()
    assert LAST_KEY_CODES_END in page
    second = Authenticator.objects.create(user=alice, type=Authenticator.Type.WEBAUTHN, data={"name": "Laptop"})
    page = alice_client.get(f"/accounts/2fa/webauthn/keys/{second.pk}/remove/").content.decode()
    assert LAST_KEY_CODES_END not in page


def test_the_code_step_says_the_way_on_without_the_phone_or_the_codes(client: Client, two_step_alice: User) -> None:
    # A lost phone and used-up codes: the page offered only Cancel, and a password reset asks for
    # the same step again. The admin can remove the app (allauth's Authenticator admin).
    client.post("/accounts/login/", {"login": two_step_alice.email, "password": PASSWORD})
    page = client.get("/accounts/2fa/authenticate/").content.decode()
    assert "No phone and no codes?" in page
    assert "whoever runs Waypoint can turn two-step sign-in off for your account" in page


def test_confirming_its_you_with_a_code_says_a_recovery_code_works_too(two_step_alice: User) -> None:
    # Without the phone, "Type the code from your authenticator app" read as a dead end, though
    # the box takes a recovery code, as the sign-in step says.
    signed_in = Client()
    signed_in.force_login(two_step_alice)
    page = signed_in.get("/accounts/2fa/reauthenticate/").content.decode()
    assert "One of your recovery codes works too." in page
    code = _codes(two_step_alice).get_unused_codes()[0]
    response = signed_in.post("/accounts/2fa/reauthenticate/", {"code": code, "next": "/account/settings/"})
    assert response.status_code == 302 and response["Location"] == "/account/settings/"


def test_the_downloaded_codes_say_where_they_work_when_and_what_ends_them(
    alice_client: Client, two_step_alice: User
) -> None:
    # Found in a downloads folder months later, allauth's file was ten bare numbers.
    alice_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = alice_client.get("/accounts/2fa/recovery-codes/download/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert text.startswith("Waypoint recovery codes, for testserver\nDownloaded ")
    assert "Making new codes stops all of these from working. So does turning two-step sign-in off altogether." in text
    lines = text.splitlines()
    assert all(code in lines for code in _codes(two_step_alice).get_unused_codes())


def test_a_sign_in_that_waits_for_one_minute_says_one_minute(
    client: Client, two_step_alice: User, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.ACCOUNT_LOGIN_TIMEOUT = 60
    client.post("/accounts/login/", {"login": two_step_alice.email, "password": PASSWORD})
    later = time.time() + 2 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    page = client.post("/accounts/2fa/authenticate/", {"code": "123456"}, follow=True).content.decode()
    assert "That sign-in waited more than 1 minute for its code" in page

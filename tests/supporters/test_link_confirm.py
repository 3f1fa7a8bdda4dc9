"""A new private link is the one way someone starts reading what a person shares: it asks "confirm
it's you" unless the person signed in or confirmed a few minutes ago. Everyday actions do not ask."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse

from journal.services import entry_create
from supporters.models import Supporter, SupporterLink
from tests.reauth_helpers import asked_to_confirm, confirm_with_password, signed_in_an_hour_ago, text
from tests.share_helpers import as_shown
from tests.supporters.test_supporters import _add, _make_link

WHY = "We ask so nobody else using this device can give someone a way to read what you share."


@pytest.fixture
def robin(alice_client: Client) -> Supporter:
    return _add(alice_client, name="Robin", email="robin@example.com")


def test_a_browser_left_signed_in_is_asked_before_a_link_is_made_and_nothing_is_sent(
    alice_client: Client, robin: Supporter
) -> None:
    signed_in_an_hour_ago(alice_client)
    link_page = reverse("supporters:link_make", args=[robin.id])
    response = alice_client.post(link_page, {"days": 30, "send_email": "on", "once": "a"})
    # Back to the form with the choices made (never a name or an address in it).
    chosen = f"{link_page}?days=30&send_email=on"
    assert asked_to_confirm(response) == chosen
    assert not SupporterLink.objects.exists() and mail.outbox == []
    # The page says why it asks.
    assert WHY in text(alice_client.get(response["Location"]))
    # The form's own page asks too, before showing anything.
    assert asked_to_confirm(alice_client.get(link_page)) == link_page

    confirm_with_password(alice_client, chosen)
    form = alice_client.get(chosen)
    assert form.status_code == 200 and "Nothing has changed yet." in text(form) and "Robin" in text(form)
    assert re.search(r'<input type="radio" name="days" value="30"[^>]* checked', text(form))
    assert re.search(r'<input type="checkbox" name="send_email"[^>]* checked', text(form))
    assert not re.search(r'name="with_code"[^>]* checked', text(form))
    made = alice_client.post(link_page, {"days": 30, "send_email": "on", "once": "b"})
    assert made.status_code == 200 and "Their link is ready" in text(made)
    assert SupporterLink.objects.filter(supporter=robin).count() == 1 and len(mail.outbox) == 1


def test_back_from_confirming_focus_is_on_the_button_and_it_says_what_it_ends(
    alice_client: Client, robin: Supporter
) -> None:
    _make_link(alice_client, robin)  # a link that still works: a new one ends it
    signed_in_an_hour_ago(alice_client)
    link_page = reverse("supporters:link_make", args=[robin.id])
    chosen = asked_to_confirm(alice_client.post(link_page, {"days": 7, "once": "h"}))
    confirm_with_password(alice_client, chosen)
    button = re.search(r"<button [^>]*>Make a new link</button>", text(alice_client.get(chosen)))
    assert button is not None and " autofocus" in button.group()
    assert 'aria-describedby="link-new-next link-new-before"' in button.group()
    # Their own page opens at its top, as every page does: only the page confirming leads to moves it.
    assert " autofocus" not in text(alice_client.get(reverse("supporters:person", args=[robin.id])))


def test_everyday_sharing_with_someone_already_trusted_does_not_ask(
    alice: Any, alice_client: Client, robin: Supporter
) -> None:
    signed_in_an_hour_ago(alice_client)
    entry = entry_create(author=alice, body="a long day, and an okay evening")
    # Making their link still asks (the one thing here that lets someone start reading)...
    link_page = reverse("supporters:link_make", args=[robin.id])
    asked_to_confirm(alice_client.post(link_page, {"days": 7, "once": "c"}))
    # ...while their page, adding someone (who reads nothing without a link) and sharing one more
    # entry with them do not.
    assert alice_client.get(reverse("supporters:person", args=[robin.id])).status_code == 200
    assert alice_client.post(reverse("supporters:people"), {"name": "Sam"}).status_code == 302
    share = reverse("supporters:share_entry", args=[entry.id])
    shared = alice_client.post(share, as_shown(alice_client, share, supporter=str(robin.id)))
    assert shared.status_code == 302 and robin.copies.count() == 1


def test_signed_in_just_now_makes_the_link_without_asking_again(alice_client: Client, robin: Supporter) -> None:
    link_page = reverse("supporters:link_make", args=[robin.id])
    signed_in_an_hour_ago(alice_client)
    asked_to_confirm(alice_client.post(link_page, {"days": 7, "once": "d"}))
    alice_client.force_login(robin.owner)  # signing in again, as after the idle lock
    made = alice_client.post(link_page, {"days": 7, "once": "e"})
    assert made.status_code == 200 and "Their link is ready" in text(made)


def test_an_account_that_signs_in_with_a_passkey_is_asked_for_its_passkey(alice: Any, robin: Supporter) -> None:
    alice.set_unusable_password()
    alice.save()
    Authenticator.objects.create(user=alice, type=Authenticator.Type.WEBAUTHN, data={"name": "Phone"})
    client = Client()
    client.force_login(alice)
    signed_in_an_hour_ago(client)
    link_page = reverse("supporters:link_make", args=[robin.id])
    response = client.post(link_page, {"days": 7, "once": "f"})
    assert asked_to_confirm(response) == f"{link_page}?days=7"
    # Its passkey first (allauth would open on a code sent to the inbox), never a password it has not got.
    assert response["Location"].startswith(reverse("mfa_reauthenticate_webauthn") + "?")
    assert not SupporterLink.objects.exists()
    # Confirmed with the passkey (noted in the session as allauth's passkey page notes it), the link is made.
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        *records,
        {"method": "mfa", "type": "webauthn", "reauthenticated": True, "at": time.time()},
    ]
    session.save()
    made = client.post(link_page, {"days": 7, "once": "g"})
    assert made.status_code == 200 and "Their link is ready" in text(made)

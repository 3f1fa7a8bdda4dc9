"""Linking with a therapist makes someone new a person can share with in a tap, so saying yes asks
"confirm it's you" unless the person signed in or confirmed a few minutes ago. Never with the
invitation's code in an address; sharing with a therapist already linked does not ask."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from care import services
from care.models import Invitation, Link, Membership
from journal.services import entry_create
from tests.care.conftest import as_shown, link_people
from tests.care.test_invitation_session import _assert_no_session_holds
from tests.reauth_helpers import asked_to_confirm, confirm_with_password, signed_in_an_hour_ago, text

pytestmark = pytest.mark.django_db

PENDING = reverse("care:accept_pending")
WHY = "We ask so nobody else using this device can link your account with someone."


@pytest.fixture
def invitation(theo: Any) -> Invitation:
    return services.invitation_create(membership=Membership.objects.get(user=theo))


def _says_yes_after_confirming(client: Client, person: Any) -> None:
    confirm_with_password(client, PENDING)
    question = client.get(PENDING)
    assert question.status_code == 200 and "Link with <bdi>Theo Park</bdi>?" in question.content.decode()
    assert client.post(PENDING).status_code == 302
    assert Link.objects.filter(person=person, ended_at__isnull=True).count() == 1


def test_the_therapists_link_asks_a_browser_left_signed_in_before_the_question_and_the_yes(
    alice: Any, alice_client: Client, invitation: Invitation
) -> None:
    signed_in_an_hour_ago(alice_client)
    accept = reverse("care:accept", args=[invitation.code])
    for response in (alice_client.get(accept), alice_client.post(accept)):
        assert asked_to_confirm(response) == PENDING
        assert invitation.code not in response["Location"]
    assert not Link.objects.exists()
    _assert_no_session_holds(invitation.code)  # only the invitation's id waits there
    assert WHY in text(alice_client.get(alice_client.get(accept)["Location"]))
    # Saying yes on the page that reads the invitation from the session asks too.
    assert asked_to_confirm(alice_client.post(PENDING)) == PENDING
    assert not Link.objects.exists()
    _says_yes_after_confirming(alice_client, alice)


def test_a_code_typed_on_the_care_page_asks_before_the_question(
    alice: Any, alice_client: Client, invitation: Invitation
) -> None:
    signed_in_an_hour_ago(alice_client)
    typed = alice_client.post(reverse("care:accept_code"), {"code": invitation.code}, follow=True)
    assert typed.redirect_chain[-1][0].startswith("/accounts/reauthenticate/?next=%2Fcare%2Finvitation%2F")
    assert WHY in text(typed)
    assert not Link.objects.exists()
    _says_yes_after_confirming(alice_client, alice)


def test_signed_in_just_now_the_question_and_the_yes_do_not_ask_again(
    alice: Any, alice_client: Client, invitation: Invitation
) -> None:
    accept = reverse("care:accept", args=[invitation.code])
    signed_in_an_hour_ago(alice_client)
    asked_to_confirm(alice_client.get(accept))
    alice_client.force_login(alice)  # signing in again, as after the idle lock
    assert alice_client.get(accept).status_code == 200
    assert alice_client.post(accept).status_code == 302
    assert Link.objects.filter(person=alice, ended_at__isnull=True).count() == 1


def test_sharing_with_a_therapist_already_linked_does_not_ask(
    alice: Any, alice_client: Client, theo: Any, invitation: Invitation
) -> None:
    signed_in_an_hour_ago(alice_client)
    # A new therapist asks first...
    asked_to_confirm(alice_client.get(reverse("care:accept", args=[invitation.code])))
    # ...one already linked is shared with as before.
    link = link_people(theo, alice)
    entry = entry_create(author=alice, body="for the session on Thursday")
    url = reverse("care:share_entry", args=[entry.id])
    shared = alice_client.post(url, as_shown(alice_client, url, link=str(link.id)))
    assert shared.status_code == 302 and link.shared_items.count() == 1

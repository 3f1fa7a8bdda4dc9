"""Deleting an account with a link: what the page says before, and what the therapist reads after."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.deletion import account_delete
from care.models import Link, SharedItem
from care.services import share_entry
from tests.care.conftest import client_for, write
from tests.journal.conftest import reauthenticate

pytestmark = pytest.mark.django_db

SHARED = "The evening walk helped more than I expected"


@pytest.fixture
def shared(link: Link, alice: Any) -> SharedItem:
    return share_entry(link=link, entry=write(alice, SHARED))


# --- Before deleting ----------------------------------------------------------------------------


def test_before_deleting_the_therapist_reads_that_their_clients_links_end(
    theo_client: Client, link: Link, alice_client: Client
) -> None:
    # The page spoke only of their journal: nothing said that their clients would lose the link.
    reauthenticate(theo_client)
    page = theo_client.get(reverse("accounts:delete")).content.decode()
    assert (
        "You are a therapist at <bdi>Harbour Clinic</bdi>. Your link with your client there ends too: "
        "what they shared with you is deleted, and they are told why."
    ) in page
    reauthenticate(alice_client)
    page = alice_client.get(reverse("accounts:delete")).content.decode()
    assert "Your link with <bdi>Theo Park</bdi> ends, and the copies you shared with them are deleted." in page
    # As the note on the people you trust says whether they are emailed: the therapist is not told why.
    assert "Waypoint doesn't tell them you deleted your account." in page
    assert "You are a therapist" not in page


# --- The person deletes their account while their therapist's page is open ---------------------

NOTE = "Something for you to try this week, if it feels okay"
GONE = "This is no longer shared with you"


def test_the_therapist_reads_that_it_is_no_longer_shared_not_a_mistyped_link(
    library: None, theo_client: Client, tess: Any, shared: SharedItem, link: Link, alice: Any
) -> None:
    client_page = reverse("care:client", args=[link.id])
    item_page = reverse("care:shared_item", args=[link.id, shared.id])
    assert theo_client.get(client_page).status_code == 200
    account_delete(user=alice)

    # "We couldn't find that page. It may have moved, or it may no longer be here."
    for url in (client_page, item_page):
        response = theo_client.get(url)
        assert response.status_code == 404 and GONE in response.content.decode(), url
    # With htmx, "Suggest it" did nothing at all (htmx swaps no 404), and the note was lost on leaving.
    from prompts.models import Sequence

    sequence = Sequence.objects.get(clinic_key="", slug="pause-for-kindness")
    response = theo_client.post(
        reverse("care:assign", args=[link.id]), {"sequence": sequence.id, "note": NOTE}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response["HX-Retarget"] == "#main" and GONE in body and NOTE in body
    # Someone who never had that client learns nothing from the id.
    other = client_for(tess).get(client_page)
    assert other.status_code == 404 and GONE not in other.content.decode()


def test_a_therapist_who_only_opened_the_item_from_their_clients_list_reads_it_is_no_longer_shared(
    theo_client: Client, tess: Any, shared: SharedItem, link: Link, alice: Any
) -> None:
    # Opened from the clients list, never the client's page: "We couldn't find that page" followed.
    item_page = reverse("care:shared_item", args=[link.id, shared.id])
    assert SHARED in theo_client.get(item_page).content.decode()
    account_delete(user=alice)
    response = theo_client.get(item_page)
    page = response.content.decode()
    assert response.status_code == 404 and GONE in page
    assert "They chose to stop sharing it, or to end the link." in page
    assert SHARED not in page
    # Another therapist at the clinic, who never had it, learns nothing from the ids.
    other = client_for(tess).get(item_page)
    assert other.status_code == 404 and GONE not in other.content.decode()


def test_after_their_only_client_deletes_their_account_the_therapist_is_not_welcomed_as_new(
    theo_client: Client, shared: SharedItem, alice: Any
) -> None:
    # The link goes with the account, and with it what said they had a client: "Welcome" again.
    account_delete(user=alice)
    page = theo_client.get(reverse("care:dashboard")).content.decode()
    assert "Welcome, <bdi>Theo Park</bdi>" not in page
    assert "Nobody yet." not in page and "Nothing has been shared with you yet." not in page
    assert "Nobody is linked with you right now." in page
    assert "Nothing is shared with you right now." in page

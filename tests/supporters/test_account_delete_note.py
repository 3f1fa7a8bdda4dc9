from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from supporters.services import link_make, supporter_add
from tests.journal.conftest import reauthenticate

NOTE = "The people you trust lose their private pages too"


def test_before_deleting_a_person_reads_that_the_people_they_trust_lose_their_pages(
    alice: Any, alice_client: Client
) -> None:
    # The page named the therapist's link ending, but not Sam's: his page just went blank.
    reauthenticate(alice_client)
    assert NOTE not in alice_client.get(reverse("accounts:delete")).content.decode()
    link_make(supporter=supporter_add(owner=alice, name="Sam"), days=30, with_code=False)
    page = alice_client.get(reverse("accounts:delete")).content.decode()
    assert (
        f"{NOTE}: their links stop working, and what you shared with them and their replies are deleted. "
        "Waypoint doesn't email them about it."
    ) in page

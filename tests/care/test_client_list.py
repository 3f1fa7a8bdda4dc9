"""The therapist's list of clients, as read on a phone between sessions."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.care.conftest import link_people
from tests.factories import UserFactory


@pytest.mark.django_db
def test_clients_are_listed_by_address_so_one_is_quick_to_find(theo: Any, theo_client: Client) -> None:
    for email in ("zoe@example.com", "amir@example.com", "mina@example.com"):
        link_people(theo, UserFactory(email=email))
    page = theo_client.get(reverse("care:dashboard")).content.decode()
    positions = [page.index(email) for email in ("amir@example.com", "mina@example.com", "zoe@example.com")]
    assert positions == sorted(positions)

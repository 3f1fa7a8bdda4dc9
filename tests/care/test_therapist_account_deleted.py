"""A therapist's account deleted (by the operator in the admin, or by themselves): their clients
read that the link ended and why, as when a therapist leaves the clinic, and keep their log."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.deletion import account_delete
from care.models import AuditEvent, Clinic, Link, SharedItem, ShareEvent
from care.services import share_entry
from tests.care.conftest import client_for, write
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SHARED = "The evening walk helped more than I expected"


@pytest.fixture
def shared(link: Link, alice: Any) -> SharedItem:
    return share_entry(link=link, entry=write(alice, SHARED))


@pytest.mark.parametrize("how", ["admin", "themselves"])
def test_the_person_reads_that_the_link_ended_when_the_therapists_account_goes(
    clinic: Clinic, theo: Any, link: Link, shared: SharedItem, alice_client: Client, how: str
) -> None:
    if how == "admin":
        operator: Any = UserFactory(email="op@example.com", is_staff=True, is_superuser=True)
        response = client_for(operator).post(f"/admin/accounts/user/{theo.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302
    else:
        account_delete(user=theo)

    page = alice_client.get(reverse("care:index")).content.decode()
    assert "Your link with <bdi>Theo Park</bdi> at <bdi>Harbour Clinic</bdi> has ended" in page
    assert "The copies you shared with them are deleted." in page
    assert "<td>Theo Park</td>" in page, "the sharing log still says who it was"
    assert not SharedItem.objects.filter(pk=shared.pk).exists()
    assert ShareEvent.objects.filter(link=link).exists()
    assert AuditEvent.objects.filter(clinic=clinic, action=AuditEvent.Action.LINK_ENDED_MEMBER_LEFT).exists()

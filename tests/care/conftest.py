from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from care import services
from care.models import Clinic, Link, Membership
from journal.services import entry_create

# The browser helpers live with the end-to-end tests; the care browser test uses them too.
from tests.e2e.conftest import signed_in_page  # noqa: F401
from tests.factories import UserFactory

# The Share form as its page sends it: shared with the supporters' tests, so it lives beside both.
from tests.share_helpers import as_shown as as_shown


@pytest.fixture
def library(db: None) -> None:
    call_command("prompts_load", verbosity=0)


@pytest.fixture
def clinic(db: None) -> Clinic:
    return Clinic.objects.create(name="Harbour Clinic", key="harbour")


@pytest.fixture
def other_clinic(db: None) -> Clinic:
    return Clinic.objects.create(name="Hillside Practice", key="hillside")


def member(clinic: Clinic, email: str, role: str = Membership.Role.THERAPIST, name: str = "Theo Park") -> Any:
    user: Any = UserFactory(email=email)
    Membership.objects.create(clinic=clinic, user=user, role=role, display_name=name)
    return user


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def theo(clinic: Clinic) -> Any:
    """A therapist at the Harbour Clinic."""
    return member(clinic, "theo@example.com")


@pytest.fixture
def tess(clinic: Clinic) -> Any:
    """Another therapist at the same clinic."""
    return member(clinic, "tess@example.com", name="Tess Lin")


@pytest.fixture
def uma(other_clinic: Clinic) -> Any:
    """A therapist at another clinic."""
    return member(other_clinic, "uma@example.com", name="Uma Reyes")


@pytest.fixture
def ada(clinic: Clinic) -> Any:
    """The Harbour Clinic's admin."""
    return member(clinic, "ada@example.com", role=Membership.Role.ADMIN, name="Ada")


@pytest.fixture
def theo_client(theo: Any) -> Client:
    return client_for(theo)


def link_people(therapist: Any, person: Any) -> Link:
    membership = Membership.objects.get(user=therapist, role=Membership.Role.THERAPIST)
    invitation = services.invitation_create(membership=membership)
    return services.invitation_accept(code=invitation.code, person=person)


def therapist_of(link: Link) -> Any:
    """The link's therapist (empty only once their account is deleted, never in these tests)."""
    assert link.therapist is not None
    return link.therapist


@pytest.fixture
def link(theo: Any, alice: Any) -> Link:
    return link_people(theo, alice)


def write(author: Any, body: str, title: str = "") -> Any:
    return entry_create(author=author, title=title, body=body)

"""A clinic chooses sign-up, the quick-exit site and the idle lock in the admin, and pages follow."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings

from accounts.middleware import LAST_SEEN_KEY
from accounts.models import User
from care import services
from care.models import AuditEvent, Clinic, Link, Membership
from tests.care.conftest import client_for, link_people
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SERVER_EXIT = "https://server.example/weather"
CLINIC_EXIT = "https://clinic.example/weather"
SIGNUP = {"email": "new@example.com", "password1": "a long gentle password 9", "password2": "a long gentle password 9"}


@pytest.fixture(autouse=True)
def _server_defaults() -> Any:
    with override_settings(QUICK_EXIT_URL=SERVER_EXIT, SESSION_IDLE_TIMEOUT_MINUTES=30, SIGNUP_MODE="open"):
        yield


def _clinic_form(clinic: Clinic, **changes: str) -> dict[str, str]:
    return {
        "name": clinic.name,
        "key": clinic.key,
        "quick_exit_url": "",
        "idle_timeout_minutes": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "staff_invites-TOTAL_FORMS": "0",
        "staff_invites-INITIAL_FORMS": "0",
        **changes,
    }


def _exit_url_on_page(client: Client) -> str:
    match = re.search(r'data-exit-url="([^"]+)"', client.get("/safety/help/").content.decode())
    assert match is not None
    return match.group(1)


def _idle_for(client: Client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def test_the_admin_saves_the_clinics_own_settings_and_audits_it(operator_client: Client, clinic: Clinic) -> None:
    response = operator_client.post(
        f"/admin/care/clinic/{clinic.pk}/change/",
        _clinic_form(clinic, invite_only="on", quick_exit_url=CLINIC_EXIT, idle_timeout_minutes="10"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    clinic.refresh_from_db()
    assert (clinic.invite_only, clinic.quick_exit_url, clinic.idle_timeout_minutes) == (True, CLINIC_EXIT, 10)
    assert AuditEvent.objects.filter(clinic=clinic, action="clinic_changed").exists()


def test_the_admin_explains_a_setting_it_cannot_take(operator_client: Client, clinic: Clinic) -> None:
    response = operator_client.post(
        f"/admin/care/clinic/{clinic.pk}/change/",
        _clinic_form(clinic, quick_exit_url="http://clinic.example/", idle_timeout_minutes="1"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    # Says what it takes, where "Enter a valid URL." called an everyday http:// address invalid.
    assert "Quick exit needs an address that starts with https://" in page
    assert "Enter a valid URL." not in page
    assert "Ensure this value is greater than or equal to 2." in page
    clinic.refresh_from_db()
    assert (clinic.quick_exit_url, clinic.idle_timeout_minutes) == ("", None)


def test_the_admin_shows_what_the_server_sets_when_the_clinic_leaves_a_setting_empty(
    operator_client: Client, clinic: Clinic
) -> None:
    page = operator_client.get(f"/admin/care/clinic/{clinic.pk}/change/").content.decode()
    assert SERVER_EXIT in page
    assert "lock after 30 minutes" in page


def test_a_clinics_own_server_sends_quick_exit_to_the_clinics_site(client: Client, alice: Any) -> None:
    assert _exit_url_on_page(client) == SERVER_EXIT
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour", quick_exit_url=CLINIC_EXIT)
    assert _exit_url_on_page(client) == CLINIC_EXIT, "changes show at once, whatever was cached"
    signed_in = client_for(alice)
    assert _exit_url_on_page(signed_in) == CLINIC_EXIT
    response = signed_in.get("/safety/leave/")
    assert f'content="0; url={CLINIC_EXIT}"' in response.content.decode()
    assert "_auth_user_id" not in signed_in.session
    clinic.delete()
    assert _exit_url_on_page(client) == SERVER_EXIT


def test_a_clinics_own_server_locks_after_the_clinics_idle_time(alice: Any) -> None:
    Clinic.objects.create(name="Harbour Clinic", key="harbour", idle_timeout_minutes=5)
    client = client_for(alice)
    page = client.get("/journal/").content.decode()
    assert 'data-idle-timeout="300"' in page
    _idle_for(client, 4 * 60)
    assert client.get("/journal/").status_code == 200
    _idle_for(client, 6 * 60)
    response = client.get("/journal/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/locked/")


def test_a_clinic_can_allow_a_longer_lock_than_the_servers(alice: Any) -> None:
    Clinic.objects.create(name="Harbour Clinic", key="harbour", idle_timeout_minutes=45)
    client = client_for(alice)
    _idle_for(client, 40 * 60)
    assert client.get("/journal/").status_code == 200


def test_invite_only_closes_open_sign_up_until_the_clinic_opens_it_again(client: Client) -> None:
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour", invite_only=True)
    home = client.get("/").content.decode()
    assert "I have an invite code" in home
    assert "Create an account" not in home
    client.post("/accounts/signup/", SIGNUP)
    assert not User.objects.filter(email="new@example.com").exists()

    clinic.invite_only = False
    clinic.save()
    assert "Create an account" in client.get("/").content.decode()
    client.post("/accounts/signup/", SIGNUP)
    assert User.objects.filter(email="new@example.com").exists()


def test_a_therapists_link_opens_sign_up_on_an_invite_only_server_and_leads_back_to_it(client: Client) -> None:
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour", invite_only=True)
    theo: Any = UserFactory(email="theo@example.com")
    membership = Membership.objects.create(clinic=clinic, user=theo, role="therapist", display_name="Theo Park")
    invitation = services.invitation_create(membership=membership)

    response = client.get(f"/care/accept/{invitation.code}/")
    assert response.status_code == 200
    assert "Create an account" in response.content.decode()
    client.post("/accounts/signup/", SIGNUP)
    person = User.objects.get(email="new@example.com")
    assert not Link.objects.filter(person=person).exists(), "nothing is linked until the person says yes"

    confirm_url = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", str(mail.outbox[-1].body))
    assert confirm_url is not None
    response = client.post(confirm_url.group(1))
    assert response.status_code == 302
    # Back to the invitation the session names, with no code in the address.
    assert response["Location"] == "/care/invitation/"
    assert "Theo Park" in client.get(response["Location"]).content.decode()
    client.post(response["Location"])
    assert Link.objects.filter(person=person, therapist=theo, ended_at__isnull=True).exists()


def test_a_used_therapists_link_does_not_open_sign_up(client: Client, alice: Any) -> None:
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour", invite_only=True)
    theo: Any = UserFactory(email="theo@example.com")
    Membership.objects.create(clinic=clinic, user=theo, role="therapist", display_name="Theo Park")
    link = link_people(theo, alice)
    invitation = clinic.invitations.get(therapist=theo)
    assert invitation.used_at is not None and link.person == alice
    client.get(f"/care/accept/{invitation.code}/")
    client.post("/accounts/signup/", SIGNUP)
    assert not User.objects.filter(email="new@example.com").exists()


def test_on_a_shared_server_each_person_follows_their_own_clinic(alice: Any, bob: Any) -> None:
    harbour = Clinic.objects.create(
        name="Harbour Clinic", key="harbour", quick_exit_url=CLINIC_EXIT, idle_timeout_minutes=10
    )
    hillside = Clinic.objects.create(name="Hillside Practice", key="hillside", idle_timeout_minutes=5)
    theo: Any = UserFactory(email="theo@example.com")
    Membership.objects.create(clinic=harbour, user=theo, role="therapist", display_name="Theo Park")
    uma: Any = UserFactory(email="uma@example.com")
    Membership.objects.create(clinic=hillside, user=uma, role="therapist", display_name="Uma Reyes")
    link_people(theo, alice)

    alice_client, bob_client = client_for(alice), client_for(bob)
    assert _exit_url_on_page(alice_client) == CLINIC_EXIT
    assert _exit_url_on_page(bob_client) == SERVER_EXIT, "someone with no clinic keeps the server's settings"
    assert 'data-idle-timeout="600"' in alice_client.get("/journal/").content.decode()
    assert 'data-idle-timeout="1800"' in bob_client.get("/journal/").content.decode()

    link_people(uma, alice)
    assert 'data-idle-timeout="300"' in alice_client.get("/journal/").content.decode(), "the shorter lock wins"
    assert _exit_url_on_page(Client()) == SERVER_EXIT


def test_a_one_minute_idle_lock_reads_as_one_minute(operator_client: Client, clinic: Clinic, settings: Any) -> None:
    # Marked as a plural, so "1 minute" here and every language's own forms in a translation.
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 1
    page = operator_client.get(f"/admin/care/clinic/{clinic.pk}/change/").content.decode()
    assert "lock after 1 minute (SESSION_IDLE_TIMEOUT_MINUTES)" in page

"""The page clinics hand out: what Waypoint is and is not, readable by anyone, linked where it is needed."""

from __future__ import annotations

from typing import Any

from django.test import Client

from care.models import Clinic, Membership
from tests.factories import UserFactory


def test_anyone_can_read_what_waypoint_is_and_is_not_without_signing_in(client: Client, db: None) -> None:
    response = client.get("/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "What Waypoint is, and what it is not" in html
    for plain_words in (
        "Not monitoring.",
        "Not treatment.",
        "No alerts.",
        "but nobody else is told.",
        "never contacts your therapist, your clinic or emergency services",
        "may not read it before your next session",
    ):
        assert plain_words in html
    assert "no-store" in response["Cache-Control"]


def test_it_gives_the_emergency_number_for_the_readers_country(client: Client, db: None) -> None:
    html = client.get("/about/", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    assert '<a class="button" href="tel:999"><span>Call <bdi dir="ltr">999</bdi></span></a>' in html
    assert 'href="/safety/help/"' in html


def test_every_page_links_it_from_the_footer(client: Client, alice_client: Client, db: None) -> None:
    footer_link = '<a href="/about/">What Waypoint is and is not</a>'
    assert footer_link in client.get("/").content.decode()
    assert footer_link in client.get("/accounts/login/").content.decode()
    assert footer_link in alice_client.get("/journal/").content.decode()


def test_a_clinic_admin_finds_it_beside_the_audit_log(db: None) -> None:
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    ada: Any = UserFactory(email="ada@example.com")
    Membership.objects.create(clinic=clinic, user=ada, role=Membership.Role.ADMIN, display_name="Ada")
    client = Client()
    client.force_login(ada)
    html = client.get("/care/audit/").content.decode()
    assert '<a href="/about/">A page to print for your clients: what Waypoint is and is not</a>' in html


def test_only_reading_is_allowed(client: Client, db: None) -> None:
    assert client.post("/about/").status_code == 405


def test_it_says_who_could_open_what_with_and_without_the_journal_lock(client: Client, db: None) -> None:
    html = client.get("/about/").content.decode()
    assert "Who could open what you write" in html
    assert "Without the journal lock, whoever runs this site holds the key the encryption needs" in html
    assert "opens only with your passphrase or your recovery key" in html
    assert "Your safety plan and coping list stay outside the lock" in html
    assert "can read it while your journal is locked" in html
    # The lock guards what is stored, not a server changed while the person uses it: it says so.
    assert "guard against someone who changes the site itself while you use it." in html


def test_no_welcome_promises_more_than_the_encryption_gives(client: Client, alice_client: Client, db: None) -> None:
    # "Nobody reads it but you" was untrue for whoever holds the database and the key file.
    for page in (client.get("/").content.decode(), client.get("/accounts/signup/").content.decode()):
        assert "nobody reads it but you" not in page.lower()
        assert "With the optional journal lock, only you can open it." in page
    home = alice_client.get("/").content.decode()
    assert "with the optional journal lock, only you can open it" in home
    assert "Nobody reads your journal but you" not in alice_client.get("/journal/").content.decode()

from __future__ import annotations

from typing import Any

from django.test import Client

from accounts.models import User
from config import settings as production_settings
from tests.factories import PASSWORD, UserFactory


def test_a_person_picks_their_country_for_crisis_lines(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/account/settings/", {"region": "NZ"}, follow=True)
    alice.refresh_from_db()
    assert alice.region == "NZ"
    assert "Saved." in response.content.decode()


def test_an_unknown_country_is_refused_and_nothing_changes(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/account/settings/", {"region": "XX"})
    alice.refresh_from_db()
    assert alice.region == ""
    html = response.content.decode()
    assert "Waypoint has nothing listed for that country yet. You could choose one from the list." in html
    assert "Select a valid choice" not in html


def test_passwords_are_stored_with_argon2(settings: Any, db: None) -> None:
    # The suite signs people in with a quick hasher (tests/conftest.py); this is the real list.
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    person: Any = UserFactory(email="argon@example.com")
    assert person.password.startswith("argon2")
    assert Client().login(email="argon@example.com", password=PASSWORD)


def test_a_person_can_sign_out_of_every_other_session(alice_client: Client, alice: User) -> None:
    library_computer = Client()
    library_computer.force_login(alice)
    assert library_computer.get("/journal/").status_code == 200
    alice_client.get("/")

    page = alice_client.get("/accounts/sessions/")
    assert "Sign out everywhere else" in page.content.decode()
    alice_client.post("/accounts/sessions/")

    assert library_computer.get("/journal/")["Location"].startswith("/accounts/login/")
    assert alice_client.get("/journal/").status_code == 200

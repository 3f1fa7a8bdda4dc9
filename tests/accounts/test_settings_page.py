from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from accounts.models import User
from accounts.regions import REGIONS, region_choices
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


def test_the_country_list_offers_every_country_in_the_page_language_with_the_persons_marked(
    alice_client: Client, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The list is written out without Django's option templates (config.forms.InlineSelect): every
    # country is still there, in order, named in the page's language, the person's own selected.
    alice.region = "NZ"
    alice.save(update_fields=["region"])
    # A translation of one country's name, read when the page is drawn as a catalogue's would be.
    translated = {"Germany": "Allemagne"}
    monkeypatch.setattr(translation._trans, "gettext", lambda words: translated.get(words, words))  # type: ignore[attr-defined]
    html = alice_client.get("/account/settings/").content.decode()
    select = html[html.index('<select name="region"') : html.index("</select>")]
    options = re.findall(r'<option value="([A-Z]{2})"( selected)?>([^<]+)</option>', select)
    assert [code for code, _selected, _name in options] == [code for code, _name in region_choices()]
    assert {code for code, _selected, _name in options} == set(REGIONS)
    assert [code for code, selected, _name in options if selected] == ["NZ"]
    assert ("DE", "", "Allemagne") in options and ("NZ", " selected", "New Zealand") in options
    assert select.count("<option") == len(REGIONS)

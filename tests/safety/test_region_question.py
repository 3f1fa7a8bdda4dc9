"""After a first sign-in, Waypoint asks once, gently, which country's crisis lines to show."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from playwright.sync_api import Page, expect

from care.models import Clinic
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory

STRIP = 'id="crisis-strip"'


def _strip(html: str) -> str:
    return html[html.index(STRIP) : html.index("</aside>", html.index(STRIP))]


@pytest.mark.django_db
def test_a_guessed_country_offers_the_worldwide_directory_in_the_strip(crisis_resources: None) -> None:
    person: Any = UserFactory(region_asked=False)
    client = Client()
    client.force_login(person)
    strip = _strip(client.get("/").content.decode())
    assert "Not in the United States?" in strip
    assert 'href="https://findahelpline.com/"' in strip
    client.post("/account/where/", {"region": "GB", "next": "/"})
    strip = _strip(client.get("/").content.decode())
    assert 'href="tel:999"' in strip
    assert "Not in" not in strip


@pytest.mark.django_db
def test_the_question_says_where_the_worldwide_directory_stays(crisis_resources: None) -> None:
    # It said the help at the top of every page links to it until a country is chosen: on a phone
    # that top is Help now, the plan and Leave, and once chosen the strip drops it. Get help now
    # keeps it, whatever was chosen.
    person: Any = UserFactory(region_asked=False)
    client = Client()
    client.force_login(person)
    question = client.get("/account/where/", {"next": "/"}).content.decode()
    assert (
        "The help page, one tap from the top of every page, also lists worldwide directories of helplines" in question
    )
    assert "Until you choose" not in question
    client.post("/account/where/", {"region": "GB", "next": "/"})
    help_page = client.get("/safety/help/").content.decode()
    assert "Not listed here, or not sure?" in help_page and 'href="https://findahelpline.com/"' in help_page


@pytest.mark.django_db
def test_a_clinics_country_sets_the_lines_until_the_person_chooses(crisis_resources: None) -> None:
    Clinic.objects.create(name="Harbour Clinic", key="harbour", region="AU")
    person: Any = UserFactory()
    client = Client()
    client.force_login(person)
    strip = _strip(client.get("/").content.decode())
    assert 'href="tel:000"' in strip  # Australia's emergency number, from the clinic's choice
    assert "Not in" not in strip
    client.post("/account/settings/", {"region": "NZ"})
    assert 'href="tel:111"' in _strip(client.get("/").content.decode())


@pytest.mark.django_db
def test_skipping_is_remembered_and_the_question_is_not_asked_again(client: Client) -> None:
    person: Any = UserFactory(region_asked=False)
    first = client.post("/accounts/login/", {"login": person.email, "password": "a calm long password 42"})
    assert first["Location"].startswith("/account/where/")
    assert client.post("/account/where/", {"skip": "1", "next": "/"})["Location"] == "/"
    person.refresh_from_db()
    assert person.region_asked and person.region == ""
    client.logout()
    again = client.post("/accounts/login/", {"login": person.email, "password": "a calm long password 42"})
    assert again["Location"] == "/"


@pytest.mark.django_db
def test_the_question_only_goes_on_to_pages_of_this_site(client: Client) -> None:
    person: Any = UserFactory(region_asked=False)
    client.force_login(person)
    response = client.post("/account/where/", {"region": "IE", "next": "https://elsewhere.example/"})
    assert response["Location"] == "/"
    person.refresh_from_db()
    assert person.region == "IE"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", [{"width": 1280, "height": 900}, {"width": 375, "height": 812}])
def test_first_sign_in_asks_for_the_country_then_shows_its_lines(
    page: Page, live_server: Any, crisis_resources: None, size: Any
) -> None:
    page.set_viewport_size(size)
    person: Any = UserFactory(region_asked=False)
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill("a calm long password 42")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator("main h1")).to_have_text("One question before you start")
    wide = size["width"] > 640
    if wide:
        # The strip is already there, with the worldwide directory beside the guessed country's lines.
        expect(page.locator("#crisis-strip").get_by_role("link", name="Find A Helpline")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Which country are you in?").select_option("GB")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{base}/")
    if not wide:
        # On a phone the pinned bar's "Get help now" holds the lines.
        page.locator("#crisis-strip").get_by_role("link", name="Get help now").click()
    expect(page.get_by_role("link", name="999").first).to_be_visible()
    if not wide:
        page.get_by_text("Menu", exact=True).click()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, person.email)  # asked once only: the second sign-in goes straight home


@pytest.mark.django_db
def test_an_odd_next_address_goes_home_or_stays_on_this_site(client: Client) -> None:
    # Found by the fuzz suite: a "next" that is neither a path nor a view name was a server error.
    person: Any = UserFactory(region_asked=False)
    client.force_login(person)
    response = client.post("/account/where/", {"skip": "1", "next": "^ÎÁ\x1e"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_saving_with_no_country_chosen_asks_kindly_and_nothing_is_saved(client: Client) -> None:
    person: Any = UserFactory(region_asked=False)
    client.force_login(person)
    page = client.post("/account/where/", {"region": "", "next": "/"}).content.decode()
    assert "Choose a country from the list, or skip this for now." in page
    assert "This field is required." not in page
    person.refresh_from_db()
    assert person.region_asked is False


@pytest.mark.django_db
def test_a_country_the_list_does_not_have_is_answered_in_waypoints_words(client: Client) -> None:
    person: Any = UserFactory(region_asked=False)
    client.force_login(person)
    page = client.post("/account/where/", {"region": "XX", "next": "/"}).content.decode()
    assert "Waypoint has nothing listed for that country yet. You could choose one from the list." in page
    assert "Select a valid choice" not in page
    person.refresh_from_db()
    assert person.region == ""


@pytest.mark.django_db
def test_a_site_name_with_a_percent_sign_is_said_as_it_is_when_a_country_is_not_listed(client: Client) -> None:
    person: Any = UserFactory(region_asked=False)
    client.force_login(person)
    with override_settings(SITE_NAME="100% Notes"):
        response = client.post("/account/where/", {"region": "XX", "next": "/"})
    assert response.status_code == 200
    assert "100% Notes has nothing listed for that country yet. You could choose one from the list." in (
        response.content.decode()
    )

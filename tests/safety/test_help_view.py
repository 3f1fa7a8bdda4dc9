from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from safety.models import CrisisResource

pytestmark = pytest.mark.usefixtures("crisis_resources")


@pytest.mark.django_db
def test_help_is_open_to_visitors_with_every_line_and_the_directory(client: Client) -> None:
    response = client.get("/safety/help/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "988 Suicide &amp; Crisis Lifeline" in html and "Crisis Text Line" in html
    assert 'href="https://findahelpline.com/"' in html
    assert "IASP" in html
    assert "Checked on 3 December 2026" in html
    assert 'href="https://www.samhsa.gov/find-help/988/faqs"' in html


@pytest.mark.django_db
def test_a_visitor_can_pick_another_country_and_the_strip_follows(client: Client) -> None:
    html = client.get("/safety/help/?region=NL").content.decode()
    assert "113 Zelfmoordpreventie" in html
    assert 'href="tel:112"' in html
    assert 'href="tel:113"' in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_an_unconfirmed_country_shows_the_emergency_number_and_the_directory(client: Client) -> None:
    from safety.crisis_selectors import resources_cache_clear

    CrisisResource.objects.filter(country="ZA", kind="crisis_line").update(status="unverified")
    resources_cache_clear()
    html = client.get("/safety/help/?region=ZA").content.decode()
    assert 'href="tel:10111"' in html
    assert "We haven&#x27;t confirmed a crisis line here yet" in html or "We haven't confirmed" in html
    assert "SADAG" not in html
    assert "findahelpline.com" in html


@pytest.mark.django_db
def test_south_africa_shows_sadags_suicide_crisis_line_with_its_own_page(client: Client) -> None:
    lines = _section(client.get("/safety/help/?region=ZA").content.decode(), "lines-heading")
    assert "SADAG Suicide Crisis Helpline" in lines and 'href="tel:0800567567"' in lines
    assert 'href="https://www.sadag.org/index.php?' in lines
    assert "Checked on 3 December 2026" in lines
    assert "We haven" not in lines


def test_a_signed_in_person_sees_their_own_country(alice: Any, alice_client: Client) -> None:
    alice.region = "DE"
    alice.save()
    html = alice_client.get("/safety/help/").content.decode()
    assert "TelefonSeelsorge" in html


@pytest.mark.django_db
def test_a_resource_past_its_review_date_still_shows_with_when_it_was_checked(client: Client) -> None:
    CrisisResource.objects.filter(key="gb-samaritans").update(review_due="2020-01-01", verified_on="2019-07-01")
    from safety.crisis_selectors import resources_cache_clear

    resources_cache_clear()
    html = client.get("/safety/help/?region=GB").content.decode()
    assert "Samaritans" in html and "Checked on 1 July 2019" in html


@pytest.mark.django_db
def test_clinic_services_are_labelled(client: Client) -> None:
    CrisisResource.objects.create(country="US", name="Riverside crisis team", clinic_order=1)
    html = client.get("/safety/help/").content.decode()
    assert "Riverside crisis team" in html
    assert "added locally" in html  # no clinic runs this server


@pytest.mark.django_db
def test_an_unknown_country_choice_gets_a_kind_message(client: Client) -> None:
    response = client.get("/safety/help/?region=QQ")
    assert response.status_code == 200
    html = response.content.decode()
    assert "911" in html
    # In our words, with a way on; never Django's "Select a valid choice. QQ is not one of…".
    assert "Waypoint has nothing listed for that country yet. You could choose one from the list." in html
    assert "Select a valid choice" not in html and "not one of the available choices" not in html
    empty = client.get("/safety/help/?region=").content.decode()
    assert "Could you choose a country from the list?" in empty
    assert "This field is required" not in empty


@pytest.mark.django_db
def test_a_lines_languages_are_named_not_coded(client: Client) -> None:
    lines = _section(client.get("/safety/help/?region=US").content.decode(), "lines-heading")
    assert "Languages: English, Spanish" in lines
    assert "Languages: en" not in lines and "Languages: es" not in lines


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


@pytest.mark.django_db
def test_the_number_comes_first_then_reassurance_then_lines_then_the_country_picker(client: Client) -> None:
    html = client.get("/safety/help/?region=GB").content.decode()
    order = [
        'id="emergency-heading"',
        "You don't have to be in danger to call",
        'id="lines-heading"',
        'id="youth-heading"',
        'id="non-urgent-heading"',
        'id="region-pick"',
        'id="directory-heading"',
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert 'href="#region-pick"' in _section(html, "emergency-heading")


@pytest.mark.django_db
def test_an_unconfirmed_emergency_number_still_shows_but_without_a_checked_date(client: Client) -> None:
    from safety.crisis_selectors import resources_cache_clear

    CrisisResource.objects.filter(key="gb-emergency").update(status="unverified")
    resources_cache_clear()
    emergency = _section(client.get("/safety/help/?region=GB").content.decode(), "emergency-heading")
    assert 'href="tel:999"' in emergency
    assert "Not yet confirmed" in emergency
    assert "Checked on" not in emergency


@pytest.mark.django_db
def test_a_confirmed_line_says_when_it_was_checked_and_links_the_page_that_states_it(client: Client) -> None:
    lines = _section(client.get("/safety/help/?region=GB").content.decode(), "lines-heading")
    assert "Checked on 2 December 2026" in lines
    assert 'href="https://www.samaritans.org/how-we-can-help/contact-samaritan/"' in lines
    assert "Not yet confirmed" not in lines


@pytest.mark.django_db
def test_youth_lines_say_who_they_are_for(client: Client) -> None:
    youth = _section(client.get("/safety/help/?region=AU").content.decode(), "youth-heading")
    assert "Kids Helpline" in youth
    assert "For people aged 5 to 25" in youth
    assert 'href="tel:1800551800"' in youth


@pytest.mark.django_db
def test_non_urgent_routes_start_with_the_persons_own_doctor(client: Client) -> None:
    non_urgent = _section(client.get("/safety/help/?region=GB").content.decode(), "non-urgent-heading")
    assert "Your GP or family doctor" in non_urgent
    assert "NHS 111" in non_urgent and 'href="tel:111"' in non_urgent
    # A country with no shipped route still gets the doctor, and no empty list.
    other = _section(client.get("/safety/help/?region=FR").content.decode(), "non-urgent-heading")
    assert "Your GP or family doctor" in other and "resource-list" not in other


@pytest.mark.django_db
def test_the_us_text_line_offers_its_spanish_keyword(client: Client) -> None:
    lines = _section(client.get("/safety/help/?region=US").content.decode(), "lines-heading")
    assert "Crisis Text Line en español" in lines
    assert 'href="sms:741741?&amp;body=AYUDA"' in lines
    assert 'Text AYUDA to <bdi dir="ltr">741741</bdi>' in lines


@pytest.mark.django_db
def test_a_line_without_known_hours_or_cost_shows_no_empty_facts(client: Client) -> None:
    html = client.get("/safety/help/?region=NZ").content.decode()
    healthline = html[html.index("Healthline") :]
    facts = healthline[healthline.index('class="resource-meta resource-facts"') :]
    assert facts.split("</p>")[0].endswith('resource-facts">')


@pytest.mark.django_db
def test_the_help_page_leads_to_the_first_minutes_after_self_harm_and_grounding(client: Client) -> None:
    html = client.get("/safety/help/").content.decode()
    assert 'href="/safety/after/"' in html
    assert 'href="/safety/grounding/"' in html


def test_the_help_page_says_once_that_nothing_is_monitored(client: Client, alice_client: Client) -> None:
    # The footer says it on every page; the help page used to say it again just above, word for word.
    for page in (client, alice_client):
        html = page.get("/safety/help/").content.decode()
        assert html.count("It is not monitored and it is not treatment.") == 1


def _more(html: str) -> str:
    """The "Other things that might help" card."""
    start = html.index('aria-labelledby="more-heading"')
    return html[start : html.index("</section>", start)]


@pytest.mark.django_db
def test_a_visitor_is_offered_nothing_in_the_list_that_needs_an_account(client: Client, alice_client: Client) -> None:
    visitor = _more(client.get("/safety/help/").content.decode())
    listed = visitor[: visitor.index("</ul>")]
    assert "My safety plan" not in listed and 'href="/safety/plan/"' not in listed
    # Said plainly instead, for someone whose account this is, signed out on this device.
    assert "A safety plan is for people with an account here." in visitor
    assert 'href="/accounts/login/?next=/safety/plan/"' in visitor

    signed_in = _more(alice_client.get("/safety/help/").content.decode())
    assert 'href="/safety/plan/">My safety plan</a>' in signed_in
    assert "people with an account" not in signed_in

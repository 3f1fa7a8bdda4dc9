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
    assert "Checked on 20 November 2026" in html


@pytest.mark.django_db
def test_a_visitor_can_pick_another_country_and_the_strip_follows(client: Client) -> None:
    html = client.get("/safety/help/?region=NL").content.decode()
    assert "113 Zelfmoordpreventie" in html
    assert 'href="tel:112"' in html
    assert 'href="tel:113"' in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_an_unconfirmed_country_shows_the_emergency_number_and_the_directory(client: Client) -> None:
    html = client.get("/safety/help/?region=ZA").content.decode()
    assert 'href="tel:10111"' in html
    assert "We haven&#x27;t confirmed a crisis line here yet" in html or "We haven't confirmed" in html
    assert "SADAG" not in html
    assert "findahelpline.com" in html


def test_a_signed_in_person_sees_their_own_country(alice: Any, alice_client: Client) -> None:
    alice.region = "DE"
    alice.save()
    html = alice_client.get("/safety/help/").content.decode()
    assert "TelefonSeelsorge" in html


@pytest.mark.django_db
def test_a_resource_past_its_review_date_still_shows_with_when_it_was_checked(client: Client) -> None:
    CrisisResource.objects.filter(key="gb-samaritans").update(review_due="2020-01-01", verified_on="2019-07-01")
    from safety.selectors import resources_cache_clear

    resources_cache_clear()
    html = client.get("/safety/help/?region=GB").content.decode()
    assert "Samaritans" in html and "Checked on 1 July 2019" in html


@pytest.mark.django_db
def test_clinic_services_are_labelled(client: Client) -> None:
    CrisisResource.objects.create(country="US", name="Riverside crisis team", clinic_order=1)
    html = client.get("/safety/help/").content.decode()
    assert "Riverside crisis team" in html
    assert "added by your clinic" in html


@pytest.mark.django_db
def test_an_unknown_country_choice_gets_a_kind_message(client: Client) -> None:
    response = client.get("/safety/help/?region=QQ")
    assert response.status_code == 200
    assert "911" in response.content.decode()

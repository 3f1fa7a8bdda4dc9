"""Every country reads naturally inside a sentence: "in the United Kingdom", never "in United Kingdom"."""

from __future__ import annotations

import html as html_lib

import pytest
from django.test import Client, override_settings

from accounts.regions import IN_REGIONS, REGIONS, in_region
from safety.shipped import shipped_peer_support, shipped_regions

# How each country reads after "in", in English. A new country needs a line here and its own
# phrase in accounts/regions.py.
IN_ENGLISH = {
    "AU": "in Australia",
    "BR": "in Brazil",
    "CA": "in Canada",
    "FR": "in France",
    "DE": "in Germany",
    "IN": "in India",
    "IE": "in Ireland",
    "NL": "in the Netherlands",
    "NZ": "in New Zealand",
    "ZA": "in South Africa",
    "ES": "in Spain",
    "GB": "in the United Kingdom",
    "US": "in the United States",
}


def _text(response: object) -> str:
    return html_lib.unescape(response.content.decode())  # type: ignore[attr-defined]


def test_every_country_has_its_own_phrase_for_a_sentence() -> None:
    assert set(IN_REGIONS) == set(REGIONS) == set(IN_ENGLISH)
    countries = {entry["country"] for entry in shipped_peer_support()} - {"INT"}
    assert shipped_regions() <= set(IN_REGIONS) and countries <= set(IN_REGIONS)
    assert {code: in_region(code) for code in REGIONS} == IN_ENGLISH


def test_a_country_without_a_phrase_still_reads_as_a_place() -> None:
    assert in_region("XX") == "in XX"


@pytest.mark.django_db
@pytest.mark.usefixtures("crisis_resources")
@pytest.mark.parametrize("code", sorted(IN_ENGLISH))
def test_the_help_page_names_every_country_as_english_says_it(client: Client, code: str) -> None:
    page = _text(client.get(f"/safety/help/?region={code}"))
    where = IN_ENGLISH[code]
    assert f"Emergency number {where}<" in page
    assert f"Not {where}? Choose your country" in page


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(IN_ENGLISH))
def test_the_peer_support_page_names_every_country_as_english_says_it(client: Client, code: str) -> None:
    where = IN_ENGLISH[code]
    page = _text(client.get(f"/safety/peer-support/?region={code}"))
    assert f">{where[0].upper()}{where[1:]}</h2>" in page
    assert f"We haven't listed peer support {where} yet." in page
    assert f"Not {where}? Choose your country" in page
    family = _text(client.get(f"/safety/peer-support/?for=family&region={code}"))
    assert f"We haven't listed a group for family and friends {where} yet." in family


@pytest.mark.django_db
@pytest.mark.usefixtures("crisis_resources")
@pytest.mark.parametrize("code", ["GB", "NL", "US", "FR"])
def test_the_strip_and_the_page_after_harm_name_the_country_as_english_says_it(client: Client, code: str) -> None:
    where = IN_ENGLISH[code]
    with override_settings(DEFAULT_CRISIS_REGION=code, DEFAULT_CRISIS_REGION_CHOSEN=True):
        page = _text(client.get("/safety/after/"))
    assert f"Not {where}?" in page, "the strip offers the worldwide directory beside a guessed country"
    assert f"The emergency number {where}." in page

"""One region per request: the strip, "Get help now" and "If you have hurt yourself" agree on it."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest
from django.test import Client, RequestFactory, override_settings

from care.models import Clinic
from safety import language_countries, person_region
from safety.person_region import RegionFrom, region_default_register, request_region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("crisis_resources")]


def _strip(html: str) -> str:
    return html[html.index('id="crisis-strip"') : html.index("</aside>")]


def _main(html: str) -> str:
    return html[html.index("<main") :]


def test_a_visitors_choice_on_the_help_page_wins_over_their_clinics_country(client: Client) -> None:
    # The page said "Emergency number in the Netherlands" while the strip beside it said "Call 000".
    Clinic.objects.create(name="Harbour Clinic", key="harbour", region="AU")
    html = client.get("/safety/help/?region=NL").content.decode()
    assert "Emergency number in the Netherlands" in _main(html)
    assert 'href="tel:113"' in _strip(html) and 'href="tel:000"' not in _strip(html)
    after = _strip(client.get("/safety/after/").content.decode())
    assert 'href="tel:113"' in after and 'href="tel:000"' not in after


def test_without_a_choice_the_clinics_country_still_sets_the_lines(client: Client) -> None:
    Clinic.objects.create(name="Harbour Clinic", key="harbour", region="AU")
    assert 'href="tel:000"' in _strip(client.get("/safety/help/", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode())


@pytest.mark.parametrize("url", ["/safety/help/", "/safety/after/", "/accounts/login/"])
def test_the_region_is_worked_out_once_per_page(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[HttpRequest] = []

    def counting(request: HttpRequest) -> str:
        asked.append(request)
        return ""

    monkeypatch.setattr(person_region, "_region_defaults", [])
    region_default_register(counting)
    html = Client(HTTP_ACCEPT_LANGUAGE="ja-JP").get(url).content.decode()
    assert "No lines for your country here yet." in _strip(html)
    assert len(asked) == 1


def _request(accept_language: str) -> HttpRequest:
    return RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE=accept_language)


def test_the_browsers_first_country_is_the_persons_even_with_lines_for_a_later_one() -> None:
    # Japanese phones often list English second: "ja-JP, en-US" is Japan, not the United States's 988.
    assert request_region(_request("ja-JP, en-US")) == person_region.RequestRegion("US", RegionFrom.GUESSED, "JP")
    assert request_region(_request("zh-TW, en-US")) == person_region.RequestRegion("US", RegionFrom.GUESSED, "TW")
    assert request_region(_request("zh-Hant-TW,zh;q=0.9,en-US;q=0.8")).no_lines_for == "TW"


@pytest.mark.parametrize(
    ("header", "region"),
    [
        ("fr-CA, en-US", "CA"),
        ("pt-BR, en", "BR"),
        ("en, en-US", "US"),
        ("en-US, ja-JP", "US"),
        ("en-GB,en;q=0.9", "GB"),
        ("de-DE-u-co-phonebk, en-US", "DE"),
    ],
)
def test_the_first_language_that_names_a_country_decides(header: str, region: str) -> None:
    here = request_region(_request(header))
    assert (here.region, here.no_lines_for, here.may_be_elsewhere) == (region, "", False)


def test_the_browsers_order_of_preference_is_its_q_values_not_the_headers_order() -> None:
    assert request_region(_request("en-US;q=0.5, ja-JP")).no_lines_for == "JP"


@pytest.mark.parametrize(
    "header", ["fr, en-US", "es,en-US;q=0.9,en;q=0.8", "es-419, en-US", "en", "pt", "ar", "de", "nl", "zh", ""]
)
def test_without_a_clear_country_the_default_lines_are_named_as_the_default_countrys(header: str) -> None:
    # A first choice in another language than the country's ("fr" then "en-US"), a continent, or a
    # language of many countries, is no sign the person is in the United States, nor anywhere in
    # particular: the lines say whose they are, no "no lines" notice.
    here = request_region(_request(header))
    assert (here.region, here.source, here.no_lines_for, here.may_be_elsewhere) == ("US", RegionFrom.GUESSED, "", True)


@pytest.mark.parametrize("header", ["ja", "ja, en-US", "ja,en-US;q=0.9,en;q=0.8", "ja;q=0.9, en-US;q=0.5"])
def test_a_language_spoken_mainly_in_one_country_without_lines_names_that_country(header: str) -> None:
    # "ja" alone is almost surely Japan, where the United States' 988 reaches nobody: as for "ja-JP".
    assert request_region(_request(header)) == person_region.RequestRegion("US", RegionFrom.GUESSED, "JP")
    assert request_region(_request(header.replace("ja", "pl", 1))).no_lines_for == "PL"


def test_a_language_alone_never_picks_a_countrys_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    # Were Japanese spoken mainly in a country with lines here, "ja" would still be only a guess.
    monkeypatch.setitem(language_countries.SPOKEN_MAINLY_IN, "ja", "NZ")
    here = request_region(_request("ja"))
    assert (here.region, here.no_lines_for, here.may_be_elsewhere) == ("US", "", True)


def test_a_browser_country_without_lines_is_named_beside_the_default() -> None:
    assert request_region(_request("ja-JP,ja;q=0.9")) == person_region.RequestRegion("US", RegionFrom.GUESSED, "JP")
    assert request_region(_request("es-419")).no_lines_for == ""


def test_the_operators_country_is_not_a_choice_and_names_no_other_country() -> None:
    with override_settings(DEFAULT_CRISIS_REGION="IE", DEFAULT_CRISIS_REGION_CHOSEN=True):
        here = request_region(_request("ja-JP"))
    assert (here.region, here.source, here.is_guess, here.no_lines_for) == ("IE", RegionFrom.OPERATOR, True, "")
    # A Japanese browser on an Irish server reads whose lines these are; an Irish one reads them as its own.
    assert here.may_be_elsewhere
    with override_settings(DEFAULT_CRISIS_REGION="IE", DEFAULT_CRISIS_REGION_CHOSEN=True):
        assert not request_region(_request("en-IE, en")).may_be_elsewhere


def test_a_chosen_country_is_not_a_guess_whatever_the_browser_says(alice: Any) -> None:
    alice.region = "NZ"
    request = _request("ja-JP")
    request.user = alice
    here = request_region(request)
    assert (here.region, here.is_guess, here.no_lines_for, here.may_be_elsewhere) == ("NZ", False, "", False)


def test_a_broken_region_hook_falls_back_to_the_default_guess(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(request: HttpRequest) -> str:
        raise RuntimeError("the clinic's data could not be read")

    monkeypatch.setattr(person_region, "_region_defaults", [broken])
    html = Client(HTTP_ACCEPT_LANGUAGE="en-GB").get("/safety/help/").content.decode()
    assert 'href="tel:911"' in _main(html) and 'href="tel:911"' in _strip(html)

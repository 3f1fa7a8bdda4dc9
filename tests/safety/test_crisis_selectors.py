from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.test import RequestFactory, override_settings

from safety import crisis_selectors
from safety.crisis_lines import RegionResources
from safety.crisis_selectors import fallback_resources, region_resources, strip_for_request
from safety.models import CrisisResource, ResourceContact
from safety.person_region import region_for_request

pytestmark = pytest.mark.django_db


def _names(resources: RegionResources) -> list[str]:
    return [r.name for r in resources.talk_lines]


def test_a_region_shows_its_emergency_number_and_lines_in_order(crisis_resources: None) -> None:
    gb = region_resources("GB")
    assert [c.display for c in gb.emergency_contacts] == ["999", "112"]
    assert _names(gb) == ["Samaritans", "Shout", "NHS 111, mental health option"]
    assert gb.talk_lines[0].contacts[0].href == "tel:116123"
    assert gb.talk_lines[1].contacts[0].href == "sms:85258?&body=SHOUT"
    assert [r.name for r in gb.youth_lines] == ["Childline"]
    assert [r.name for r in gb.non_urgent_lines] == ["NHS 111"]


def test_unconfirmed_lines_are_left_out_but_the_emergency_number_stays(crisis_resources: None) -> None:
    CrisisResource.objects.filter(country="ZA", kind="crisis_line").update(status="unverified")
    crisis_selectors.resources_cache_clear()
    za = region_resources("ZA")
    assert za.talk_lines == ()
    assert [r.name for r in za.youth_lines] == ["Childline South Africa"]
    assert [c.display for c in za.emergency_contacts] == ["10111"]
    assert "Find A Helpline" in [d.name for d in za.directory]
    ie = region_resources("IE")
    assert ie.youth_lines == (), "Childline (ISPCC) waits for a page that gives its number"
    assert _names(ie) == ["Samaritans", "50808", "Pieta"]
    assert ie.talk_lines[1].contacts[0].href == "sms:50808?&body=HELLO"


def test_south_africa_offers_sadags_suicide_crisis_line_first(crisis_resources: None) -> None:
    za = region_resources("ZA")
    assert _names(za) == ["SADAG Suicide Crisis Helpline", "SADAG Mental Health Helpline (Cipla)"]
    assert za.talk_lines[0].contacts[0].href == "tel:0800567567"
    assert [c.href for c in za.talk_lines[1].contacts] == ["tel:0800456789", "sms:31393"]


def test_a_clinic_can_reorder_and_hide_lines(crisis_resources: None) -> None:
    shout = CrisisResource.objects.get(key="gb-shout")
    shout.clinic_order = 1
    shout.save()
    assert _names(region_resources("GB")) == ["Shout", "Samaritans", "NHS 111, mental health option"]
    CrisisResource.objects.filter(key="gb-shout").update(hidden=True)
    crisis_selectors.resources_cache_clear()
    assert _names(region_resources("GB")) == ["Samaritans", "NHS 111, mental health option"]


def test_the_last_24_7_line_comes_back_even_if_hidden(crisis_resources: None) -> None:
    # A direct database edit skips validation; the strip still never loses its last 24/7 line.
    CrisisResource.objects.filter(country="GB").exclude(kind="emergency").update(hidden=True)
    crisis_selectors.resources_cache_clear()
    gb = region_resources("GB")
    assert _names(gb) == ["Samaritans"]
    assert [line.name for line in gb.strip_lines] == ["Samaritans"]


def test_a_youth_line_or_an_england_only_line_is_not_enough_to_stand_in_for_the_last_24_7_line(
    crisis_resources: None,
) -> None:
    # Childline (young people), NHS 111's mental health option (England) and NHS 111 stay visible,
    # but a Scottish adult could use none of them: the best hidden national line comes back too.
    CrisisResource.objects.filter(key__in=["gb-samaritans", "gb-shout"]).update(hidden=True)
    crisis_selectors.resources_cache_clear()
    gb = region_resources("GB")
    assert "Samaritans" in _names(gb)
    assert gb.strip_lines[0].name == "Samaritans"


def test_the_strip_offers_lines_for_everyone_never_a_youth_line_or_a_non_urgent_route(
    crisis_resources: None,
) -> None:
    CrisisResource.objects.filter(key__in=["gb-samaritans", "gb-shout"]).update(clinic_order=99)
    crisis_selectors.resources_cache_clear()
    names = [line.name for line in region_resources("GB").strip_lines]
    assert names == ["NHS 111, mental health option", "Samaritans"]
    assert "Childline" not in names and "NHS 111" not in names


def test_the_emergency_number_shows_even_if_hidden_in_the_database(crisis_resources: None) -> None:
    CrisisResource.objects.filter(key="gb-emergency").update(hidden=True, status="suspended")
    crisis_selectors.resources_cache_clear()
    assert region_resources("GB").emergency_contacts[0].display == "999"


def test_clinic_services_are_labelled_and_show_on_the_next_page(crisis_resources: None) -> None:
    region_resources("GB")  # warm the cache
    local = CrisisResource.objects.create(country="GB", name="Riverside crisis team", clinic_order=5)
    ResourceContact.objects.create(resource=local, channel="phone", value="0100 000 000", display="0100 000 000")
    gb = region_resources("GB")
    assert gb.lines[0].name == "Riverside crisis team"
    assert gb.lines[0].from_clinic is True
    assert gb.lines[0].contacts[0].href == "tel:0100000000"


def test_a_cold_region_costs_two_queries_and_a_warm_one_none(
    crisis_resources: None, django_assert_num_queries: object
) -> None:
    crisis_selectors.resources_cache_clear()
    with django_assert_num_queries(2):  # type: ignore[operator]
        region_resources("US")
    with django_assert_num_queries(0):  # type: ignore[operator]
        region_resources("US")


def test_with_the_database_down_the_strip_still_has_a_number_to_call(
    crisis_resources: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(region: str) -> None:
        raise DatabaseError("down")

    monkeypatch.setattr(crisis_selectors, "region_resources", broken)
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="en-GB")
    strip = strip_for_request(request)
    assert strip.fallback is True
    assert [c.href for c in strip.emergency_contacts] == ["tel:999", "tel:112"]


def test_before_any_data_is_loaded_the_shipped_file_still_gives_the_number() -> None:
    assert [c.display for c in region_resources("AU").emergency_contacts] == ["000"]
    assert fallback_resources("XX").region == "US"


def test_a_visitors_browser_language_is_a_first_guess_at_their_country() -> None:
    factory = RequestFactory()
    assert region_for_request(factory.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")) == "FR"
    assert region_for_request(factory.get("/", HTTP_ACCEPT_LANGUAGE="en")) == "US"
    with override_settings(DEFAULT_CRISIS_REGION="IE"):
        assert region_for_request(factory.get("/")) == "IE"


def test_a_country_the_operator_set_wins_over_the_browsers_guess() -> None:
    # A UK server (DEFAULT_CRISIS_REGION=GB, as the deployment guide's example sets) and a phone
    # left in US English: the strip said "Call 911".
    factory = RequestFactory()
    with override_settings(DEFAULT_CRISIS_REGION="GB", DEFAULT_CRISIS_REGION_CHOSEN=True):
        request = factory.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        assert region_for_request(request) == "GB"
        assert [c.href for c in strip_for_request(request).emergency_contacts][:1] == ["tel:999"]


def test_a_persons_chosen_country_wins_over_their_browser(alice: object) -> None:
    alice.region = "NZ"  # type: ignore[attr-defined]
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="en-GB")
    request.user = alice  # type: ignore[assignment]
    assert region_for_request(request) == "NZ"


def test_someone_signed_in_without_a_chosen_country_gets_the_browser_guess(alice: object) -> None:
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="de-DE")
    request.user = alice  # type: ignore[assignment]
    assert region_for_request(request) == "DE"


def test_language_codes_read_as_names_and_anything_else_stays_as_written() -> None:
    from safety.crisis_lines import ResourceView

    view = ResourceView(name="A line", kind="crisis_line", contacts=(), languages="en, pt-br,BSL")
    assert view.language_names == "English, Brazilian Portuguese, BSL"
    assert ResourceView(name="A line", kind="crisis_line", contacts=()).language_names == ""

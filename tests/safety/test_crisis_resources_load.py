from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.regions import REGIONS
from safety.models import CrisisResource
from safety.services import crisis_resources_load
from safety.shipped import shipped_regions, shipped_resources

pytestmark = pytest.mark.django_db


def test_every_country_a_person_can_pick_has_an_emergency_number() -> None:
    crisis_resources_load()
    for region in REGIONS:
        assert CrisisResource.objects.filter(country=region, kind="emergency").exists(), region
    assert shipped_regions() == set(REGIONS)


def test_every_shipped_resource_names_its_source_and_when_it_was_checked() -> None:
    for item in shipped_resources():
        assert item["source_url"].startswith("https://"), item["key"]
        assert item["source_name"], item["key"]
        assert item["verified_on"] and item["review_due"] > item["verified_on"], item["key"]
        assert item["status"] in {"active", "unverified", "suspended"}, item["key"]
        assert item["contacts"], item["key"]


def test_unconfirmed_numbers_ship_as_unverified() -> None:
    crisis_resources_load()
    assert CrisisResource.objects.get(key="ie-50808").status == "unverified"
    assert CrisisResource.objects.get(key="za-sadag").status == "unverified"
    assert CrisisResource.objects.get(key="in-emergency").status == "unverified"
    assert CrisisResource.objects.get(key="gb-samaritans").status == "active"


def test_loading_twice_changes_nothing() -> None:
    first = crisis_resources_load()
    count = CrisisResource.objects.count()
    second = crisis_resources_load()
    assert first.created == count
    assert (second.created, second.updated, second.retired) == (0, 0, 0)
    assert CrisisResource.objects.count() == count


def test_a_clinics_changes_survive_reloading_the_shipped_data() -> None:
    crisis_resources_load()
    shout = CrisisResource.objects.get(key="gb-shout")
    shout.hidden = True
    shout.clinic_order = 1
    shout.save()
    local = CrisisResource.objects.create(country="GB", name="Riverside crisis team", hours="9 to 5")
    call_command("crisis_resources_load", verbosity=0)
    shout.refresh_from_db()
    assert shout.hidden is True
    assert shout.clinic_order == 1
    assert CrisisResource.objects.filter(pk=local.pk, layer="clinic").exists()


def test_a_corrected_number_in_the_data_file_reaches_the_database() -> None:
    crisis_resources_load()
    items = shipped_resources()
    samaritans = next(i for i in items if i["key"] == "gb-samaritans")
    changed = {**samaritans, "contacts": [{"channel": "phone", "value": "116000", "display": "116 000"}]}
    result = crisis_resources_load(items=[changed if i is samaritans else i for i in items])
    assert result.updated == 1
    resource = CrisisResource.objects.get(key="gb-samaritans")
    assert [c.value for c in resource.contacts.all()] == ["116000"]


def test_a_line_removed_from_the_data_file_stops_showing() -> None:
    crisis_resources_load()
    result = crisis_resources_load(items=[i for i in shipped_resources() if i["key"] != "gb-shout"])
    assert result.retired == 1
    assert CrisisResource.objects.get(key="gb-shout").status == "suspended"


def test_the_command_reports_what_it_did(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("crisis_resources_load")
    assert "new" in capsys.readouterr().out

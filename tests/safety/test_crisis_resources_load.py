from __future__ import annotations

from datetime import date

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


def test_unconfirmed_numbers_load_as_unverified_without_a_checked_date() -> None:
    crisis_resources_load()
    for key in ("ie-childline", "nz-youthline", "es-telefono-esperanza"):
        resource = CrisisResource.objects.get(key=key)
        assert (resource.status, resource.verified_on, resource.review_due) == ("unverified", None, None), key
    checked = CrisisResource.objects.get(key="gb-samaritans")
    assert checked.status == "active"
    assert checked.verified_on == date(2026, 12, 6)


def test_age_limits_and_non_urgent_routes_reach_the_database() -> None:
    crisis_resources_load()
    kids = CrisisResource.objects.get(key="au-kids-helpline")
    assert (kids.kind, kids.age_min, kids.age_max) == ("youth", 5, 25)
    assert CrisisResource.objects.get(key="gb-nhs-111").kind == "non_urgent"
    assert CrisisResource.objects.get(key="gb-samaritans").age_min is None


def test_a_changed_age_limit_in_the_data_file_reaches_the_database() -> None:
    crisis_resources_load()
    items = shipped_resources()
    kids = next(i for i in items if i["key"] == "au-kids-helpline")
    result = crisis_resources_load(items=[{**kids, "age_max": 24} if i is kids else i for i in items])
    assert result.updated == 1
    assert CrisisResource.objects.get(key="au-kids-helpline").age_max == 24


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

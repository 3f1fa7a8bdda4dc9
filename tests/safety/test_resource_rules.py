from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from safety.models import CrisisResource
from safety.services import resource_set_hidden

pytestmark = pytest.mark.django_db


def test_the_emergency_number_can_never_be_hidden(crisis_resources: None) -> None:
    emergency = CrisisResource.objects.get(key="gb-emergency")
    with pytest.raises(ValidationError):
        resource_set_hidden(resource=emergency, hidden=True)
    emergency.refresh_from_db()
    assert emergency.hidden is False


def test_the_last_24_7_line_can_never_be_hidden(crisis_resources: None) -> None:
    resource_set_hidden(resource=CrisisResource.objects.get(key="gb-shout"), hidden=True)
    samaritans = CrisisResource.objects.get(key="gb-samaritans")
    with pytest.raises(ValidationError, match="last line open day and night"):
        resource_set_hidden(resource=samaritans, hidden=True)
    samaritans.refresh_from_db()
    assert samaritans.hidden is False


def test_a_national_line_can_be_hidden_while_another_24_7_line_shows(crisis_resources: None) -> None:
    shout = resource_set_hidden(resource=CrisisResource.objects.get(key="gb-shout"), hidden=True)
    shout.refresh_from_db()
    assert shout.hidden is True


def test_suspending_the_emergency_number_is_refused(crisis_resources: None) -> None:
    emergency = CrisisResource.objects.get(key="us-emergency")
    emergency.status = CrisisResource.Status.SUSPENDED
    with pytest.raises(ValidationError):
        emergency.full_clean()


def test_a_clinic_line_with_its_ages_the_wrong_way_round_gets_a_kind_message(crisis_resources: None) -> None:
    line = CrisisResource(country="GB", name="Riverside youth line", kind="youth", age_min=25, age_max=12)
    with pytest.raises(ValidationError) as raised:
        line.full_clean()
    assert "The oldest age needs to be the same as the youngest, or more." in raised.value.message_dict["age_max"]


def test_a_youth_line_never_counts_as_the_last_line_open_to_everyone(crisis_resources: None) -> None:
    # Childline stays visible, but an adult could not use it: Samaritans has to stay.
    resource_set_hidden(resource=CrisisResource.objects.get(key="gb-shout"), hidden=True)
    samaritans = CrisisResource.objects.get(key="gb-samaritans")
    assert CrisisResource.objects.get(key="gb-childline").hidden is False
    with pytest.raises(ValidationError, match="last line open day and night"):
        resource_set_hidden(resource=samaritans, hidden=True)

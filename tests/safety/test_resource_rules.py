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

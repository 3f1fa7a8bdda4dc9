from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client

from safety.models import CrisisResource
from tests.factories import UserFactory


@pytest.fixture
def admin_client(crisis_resources: None) -> Client:
    client = Client()
    staff: Any = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    return client


def _change_form(resource: CrisisResource, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "clinic_order": "",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_a_clinic_admin_can_hide_a_national_line_and_it_is_logged(admin_client: Client) -> None:
    shout = CrisisResource.objects.get(key="gb-shout")
    response = admin_client.post(f"/admin/safety/crisisresource/{shout.pk}/change/", _change_form(shout, hidden="on"))
    assert response.status_code == 302
    shout.refresh_from_db()
    assert shout.hidden is True
    assert LogEntry.objects.filter(object_id=str(shout.pk)).exists()


def test_the_admin_refuses_to_hide_the_emergency_number(admin_client: Client) -> None:
    emergency = CrisisResource.objects.get(key="gb-emergency")
    response = admin_client.post(
        f"/admin/safety/crisisresource/{emergency.pk}/change/", _change_form(emergency, hidden="on")
    )
    assert response.status_code == 200
    assert "always stays visible" in response.content.decode()
    emergency.refresh_from_db()
    assert emergency.hidden is False


def test_a_clinic_can_add_a_local_service_with_a_number(admin_client: Client) -> None:
    data = {
        "name": "Riverside crisis team",
        "country": "gb",
        "kind": "crisis_line",
        "status": "active",
        "hours": "9am to 5pm",
        "clinic_order": "5",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
        "contacts-0-channel": "phone",
        "contacts-0-value": "0100 000 000",
        "contacts-0-display": "0100 000 000",
        "contacts-0-order": "0",
    }
    response = admin_client.post("/admin/safety/crisisresource/add/", data)
    assert response.status_code == 302
    local = CrisisResource.objects.get(name="Riverside crisis team")
    assert (local.layer, local.country) == ("clinic", "GB")
    html = Client(HTTP_ACCEPT_LANGUAGE="en-GB").get("/safety/help/").content.decode()
    assert "Riverside crisis team" in html and 'href="tel:0100000000"' in html


def test_shipped_lines_cannot_be_deleted_only_hidden(admin_client: Client) -> None:
    shout = CrisisResource.objects.get(key="gb-shout")
    response = admin_client.post(f"/admin/safety/crisisresource/{shout.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert CrisisResource.objects.filter(pk=shout.pk).exists()


def test_a_clinic_reorders_lines_from_the_list(admin_client: Client) -> None:
    rows = list(CrisisResource.objects.filter(country="GB").order_by("priority", "name"))
    orders = {"gb-emergency": "", "gb-samaritans": "30", "gb-shout": "5"}
    data: dict[str, str] = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(len(rows)), "_save": "Save"}
    for i, row in enumerate(rows):
        data[f"form-{i}-id"] = str(row.pk)
        data[f"form-{i}-clinic_order"] = orders.get(str(row.key), "")
    response = admin_client.post("/admin/safety/crisisresource/?country__exact=GB", data)
    assert response.status_code == 302
    assert CrisisResource.objects.get(key="gb-shout").clinic_order == 5
    html = Client(HTTP_ACCEPT_LANGUAGE="en-GB").get("/safety/help/").content.decode()
    assert html.index("Shout") < html.index("Samaritans")


@pytest.mark.parametrize(
    ("channel", "value", "said"),
    [
        ("web", "www.riverside.example", "A website needs its whole address, starting with https://"),
        ("chat", "riverside.example/chat", "A website needs its whole address, starting with https://"),
        ("phone", "ring the ward", "A number needs its digits"),
    ],
)
def test_a_contact_that_would_lead_nowhere_is_refused_kindly(
    admin_client: Client, channel: str, value: str, said: str
) -> None:
    data = {
        "name": "Riverside crisis team",
        "country": "gb",
        "kind": "crisis_line",
        "status": "active",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
        "contacts-0-channel": channel,
        "contacts-0-value": value,
        "contacts-0-order": "0",
    }
    response = admin_client.post("/admin/safety/crisisresource/add/", data)
    assert response.status_code == 200
    assert said in response.content.decode()
    assert not CrisisResource.objects.filter(name="Riverside crisis team").exists()

"""A clinic changes the peer-support directory in the admin: it adds local groups and hides
shipped entries, never edits or deletes what the data file ships, and every change is logged."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client

from safety.models import PeerSupport
from safety.peer_services import peer_support_load
from tests.factories import UserFactory


@pytest.fixture
def admin_client(db: None) -> Client:
    peer_support_load()
    client = Client()
    staff: Any = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    return client


def test_a_clinic_adds_a_local_group_that_shows_as_theirs(admin_client: Client) -> None:
    data = {
        "name": "Riverside peer group",
        "country": "gb",
        "subregion": "Riverside",
        "status": "active",
        "clinic_order": "",
        "led_by": "peer",
        "format": "in_person",
        "moderation": "facilitated",
        "audience": "both",
        "description": "Meets on Tuesdays at the clinic.",
        "url": "https://clinic.example/group",
    }
    response = admin_client.post("/admin/safety/peersupport/add/", data)
    assert response.status_code == 302
    group = PeerSupport.objects.get(name="Riverside peer group")
    assert (group.layer, group.country) == ("clinic", "GB")
    html = Client().get("/safety/peer-support/?region=GB").content.decode()
    assert "Riverside peer group" in html and "added locally" in html


def test_a_clinic_hides_a_shipped_entry_and_it_is_logged(admin_client: Client) -> None:
    mix = PeerSupport.objects.get(key="gb-the-mix-boards")
    response = admin_client.post(f"/admin/safety/peersupport/{mix.pk}/change/", {"hidden": "on", "clinic_order": ""})
    assert response.status_code == 302
    mix.refresh_from_db()
    assert mix.hidden and mix.name == "The Mix discussion boards"
    assert LogEntry.objects.filter(object_id=str(mix.pk)).exists()
    assert "The Mix" not in Client().get("/safety/peer-support/?region=GB").content.decode()


def test_shipped_entries_cannot_be_deleted_only_hidden(admin_client: Client) -> None:
    mix = PeerSupport.objects.get(key="gb-the-mix-boards")
    response = admin_client.post(f"/admin/safety/peersupport/{mix.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert PeerSupport.objects.filter(pk=mix.pk).exists()

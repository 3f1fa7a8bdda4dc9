"""How a crisis line or peer group added in the admin is marked, as the server's clinics make it true.

Whoever runs the server adds them, and everyone on it sees them. "Added by your clinic" is true on
a clinic's own server; on a server shared by two clinics it told one clinic's clients that the
other's after-hours line was their clinic's.
"""

from __future__ import annotations

import pytest
from django.test import Client

from care.models import Clinic
from safety.models import CrisisResource, PeerSupport, ResourceContact
from safety.services import crisis_resources_load


def _add_local_line_and_group() -> None:
    line = CrisisResource.objects.create(country="US", name="Riverside crisis team", clinic_order=1)
    ResourceContact.objects.create(resource=line, channel="phone", value="555 0100", display="555 0100")
    PeerSupport.objects.create(
        country="US",
        name="Thursday evening group",
        led_by=PeerSupport.Led.PEER,
        format=PeerSupport.Format.IN_PERSON,
        moderation=PeerSupport.Moderation.FACILITATED,
        description="A small group that meets in town.",
        url="https://service.example/group",
    )


@pytest.mark.parametrize(
    ("clinics", "label", "not_label"),
    [
        ([], "added locally", "added by your clinic"),
        (["Harbour Clinic"], "added by your clinic", "added locally"),
        (["Harbour Clinic", "Hillside Practice"], "added locally", "added by your clinic"),
    ],
)
@pytest.mark.django_db
def test_lines_and_groups_added_here_say_who_added_them(
    client: Client, clinics: list[str], label: str, not_label: str
) -> None:
    crisis_resources_load()
    for number, name in enumerate(clinics):
        Clinic.objects.create(name=name, key=f"clinic-{number}")
    _add_local_line_and_group()
    for url in ("/safety/help/?region=US", "/safety/peer-support/?region=US"):
        html = client.get(url).content.decode()
        assert label in html and not_label not in html, url
    # The crisis strip on every page, kept per process, says the same.
    strip = client.get("/about/").content.decode()
    strip = strip[: strip.index("<header")]
    assert f'Riverside crisis team <span class="clinic-label">({label})</span>' in strip

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from prompts.models import Sequence
from prompts.selectors import library_for
from tests.factories import UserFactory
from tests.prompts.conftest import sequence

CLINIC_SEQUENCE = """
slug: before-a-group-session
version: 1
title: Before group
purpose: A moment to arrive before the group meets.
minutes: 2
steps:
  - kind: write
    question: What would you like the group to know today?
"""


@pytest.fixture
def staff_client(db: None) -> Client:
    client = Client()
    staff: Any = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    client.force_login(staff)
    return client


def upload(client: Client, text: str, clinic_key: str = "riverside") -> Any:
    file = SimpleUploadedFile("group.yaml", text.encode(), content_type="application/yaml")
    return client.post("/admin/prompts/sequence/upload/", {"upload": file, "clinic_key": clinic_key})


def test_a_clinic_uploads_a_sequence_as_yaml(staff_client: Client, library: None) -> None:
    response = upload(staff_client, CLINIC_SEQUENCE)
    assert response.status_code == 302
    uploaded = Sequence.objects.get(slug="before-a-group-session")
    assert uploaded.clinic_key == "riverside"
    assert uploaded.latest.definition.steps[0].question == "What would you like the group to know today?"  # type: ignore[union-attr]


def test_an_upload_with_problems_is_refused_with_the_step_and_field(staff_client: Client, library: None) -> None:
    text = CLINIC_SEQUENCE.replace("What would you like", "What should")
    html = upload(staff_client, text).content.decode()
    assert "group.yaml, step 1 (write), field &#x27;question&#x27;: uses &#x27;should&#x27;" in html
    assert not Sequence.objects.filter(slug="before-a-group-session").exists()


def test_a_clinic_sequence_is_not_in_other_peoples_library(staff_client: Client, alice: Any, library: None) -> None:
    upload(staff_client, CLINIC_SEQUENCE)
    assert "before-a-group-session" not in {item.sequence.slug for item in library_for(alice)}
    uploaded = Sequence.objects.get(slug="before-a-group-session")
    alice_client = Client()
    alice_client.force_login(alice)
    assert alice_client.get(f"/reflections/{uploaded.id}/").status_code == 404


def test_any_sequence_exports_to_yaml_that_loads_back_the_same(staff_client: Client, library: None) -> None:
    seq = sequence("ride-the-wave")
    response = staff_client.post("/admin/prompts/sequence/", {"action": "export_yaml", "_selected_action": [seq.id]})
    assert response["Content-Disposition"] == 'attachment; filename="ride-the-wave.yaml"'
    exported = yaml.safe_load(response.content)
    assert exported["slug"] == "ride-the-wave"
    assert [step["kind"] for step in exported["steps"]][:3] == ["reading", "scale", "pause"]


def test_editing_words_in_the_admin_makes_a_new_version(staff_client: Client, library: None) -> None:
    seq = sequence("small-victories")
    text = seq.latest.definition.to_yaml().replace("Who helped", "Who was kind")  # type: ignore[union-attr]
    response = staff_client.post(
        f"/admin/prompts/sequence/{seq.id}/change/",
        {
            "is_active": "on",
            "definition": text,
            "versions-TOTAL_FORMS": "1",
            "versions-INITIAL_FORMS": "1",
            "versions-0-id": seq.latest.id,  # type: ignore[union-attr]
            "versions-0-sequence": seq.id,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert seq.versions.count() == 2
    assert "Who was kind" in seq.latest.definition.steps[2].question  # type: ignore[union-attr]


def test_a_new_sequence_can_be_written_in_the_admin(staff_client: Client, library: None) -> None:
    response = staff_client.post(
        "/admin/prompts/sequence/add/",
        {
            "clinic_key": "riverside",
            "is_active": "on",
            "definition": CLINIC_SEQUENCE,
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Sequence.objects.get(slug="before-a-group-session")
    assert created.clinic_key == "riverside"
    assert created.created_by is not None
    assert created.created_by.email == "staff@example.com"


def test_the_admin_pages_open_with_the_current_words_ready_to_edit(staff_client: Client, library: None) -> None:
    seq = sequence("small-victories")
    change = staff_client.get(f"/admin/prompts/sequence/{seq.id}/change/").content.decode()
    assert "What went a little better today, or this week?" in change
    assert staff_client.get("/admin/prompts/sequence/add/").status_code == 200
    changelist = staff_client.get("/admin/prompts/sequence/").content.decode()
    assert "/admin/prompts/sequence/upload/" in changelist
    assert "Upload or paste sequences" in staff_client.get("/admin/prompts/sequence/upload/").content.decode()


def test_people_without_admin_rights_cannot_upload(alice_client: Client, library: None) -> None:
    response = alice_client.get("/admin/prompts/sequence/upload/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def _changelist_queries(client: Client) -> int:
    client.get("/admin/prompts/sequence/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/prompts/sequence/?all=").status_code == 200
    return len(queries)


def test_the_list_of_sequences_costs_the_same_however_many_clinics_add(staff_client: Client, library: None) -> None:
    library_only = _changelist_queries(staff_client)
    for key in ("riverside", "hillside", "harbour"):
        upload(staff_client, CLINIC_SEQUENCE, clinic_key=key)
    upload(
        staff_client, CLINIC_SEQUENCE.replace("version: 1", "version: 2").replace("Before group", "Before the group")
    )
    assert _changelist_queries(staff_client) == library_only
    changelist = staff_client.get("/admin/prompts/sequence/?clinic_key=riverside").content.decode()
    assert re.search(r'<td class="field-latest_version">2</td>', changelist), "its latest version's number"


def _export_queries(client: Client, ids: list[Any]) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/admin/prompts/sequence/", {"action": "export_yaml", "_selected_action": ids})
    return len(queries), response


def test_exporting_many_sequences_costs_the_same_as_two(staff_client: Client, library: None) -> None:
    staff_client.get("/admin/")  # the first page notes the session
    every = list(Sequence.objects.order_by("slug").values_list("pk", "slug"))
    two, _response = _export_queries(staff_client, [pk for pk, _slug in every[:2]])
    many, response = _export_queries(staff_client, [pk for pk, _slug in every])
    assert many == two, f"{two} queries for two sequences, {many} for {len(every)}"
    assert [document["slug"] for document in yaml.safe_load_all(response.content)] == [slug for _pk, slug in every]

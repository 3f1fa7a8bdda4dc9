from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from care.models import AuditEvent, Link
from care.services import share_entry
from tests.care.conftest import client_for, write


@pytest.mark.django_db
def test_the_audit_log_says_who_did_what_and_when_never_what_was_written(
    link: Link, alice: Any, theo_client: Client, ada: Any
) -> None:
    item = share_entry(link=link, entry=write(alice, "zebra words", title="zebra title"))
    theo_client.get(reverse("care:shared_item", args=[link.id, item.id]))
    page = client_for(ada).get(reverse("care:audit")).content.decode()
    assert "theo@example.com" in page and "Opened a shared item" in page and "Created an invitation" in page
    assert "zebra" not in page
    assert AuditEvent.objects.filter(actor=ada, action="audit_opened").exists()


@pytest.mark.django_db
def test_older_actions_arrive_as_a_fragment(clinic: Any, ada: Any, theo: Any) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(clinic=clinic, actor=theo, actor_label=theo.email, action="client_list_opened") for _ in range(60)
    )
    response = client_for(ada).get(reverse("care:audit") + "?page=2", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body and 'id="events"' in body and "Newer" in body

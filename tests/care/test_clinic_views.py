from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

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


@pytest.mark.django_db
def test_turning_the_audit_logs_pages_is_one_opening_and_opening_it_later_another(
    clinic: Any, ada: Any, theo: Any
) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(clinic=clinic, actor=theo, actor_label=theo.email, action="client_list_opened") for _ in range(60)
    )
    admin = client_for(ada)
    audit = reverse("care:audit")
    admin.get(audit)
    # Older, Newer back to the newest actions (htmx fragments and plain links), a reload, Back.
    for path, headers in (
        ("?page=2", {"HX-Request": "true"}),
        ("?page=1", {"HX-Request": "true"}),
        ("?page=2", {}),
        ("?page=1", {}),
        ("", {}),
    ):
        assert admin.get(audit + path, headers=headers).status_code == 200
    opened = AuditEvent.objects.filter(actor=ada, action="audit_opened")
    assert opened.count() == 1, "one reading, however the pages were turned"

    # Half an hour later, from a bookmark of the second page: an opening all the same.
    opened.update(at=timezone.now() - timedelta(minutes=30))
    assert admin.get(audit + "?page=2").status_code == 200
    assert opened.count() == 2
    assert "Opened the audit log" in admin.get(audit).content.decode()

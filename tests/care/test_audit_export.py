"""A clinic admin downloads their clinic's audit log as CSV: the page's columns, never anything written."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from care.models import AuditEvent, Clinic, Link, Membership
from care.services import share_entry
from tests.care.conftest import client_for, member, write

EXPORT = reverse("care:audit_export")


def rows_of(response: Any) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def ada_client(ada: Any) -> Client:
    return client_for(ada)


@pytest.mark.django_db
def test_the_download_has_the_pages_columns_and_only_this_clinics_actions(
    link: Link, theo_client: Client, uma: Any, ada_client: Client
) -> None:
    theo_client.get(reverse("care:dashboard"))
    client_for(uma).get(reverse("care:dashboard"))
    header, *rows = rows_of(ada_client.get(EXPORT))
    assert header == ["When", "Who", "What", "Reference"]
    assert all(len(row) == 4 for row in rows)
    whos = {row[1] for row in rows}
    assert "theo@example.com" in whos and "uma@example.com" not in whos
    assert ["theo@example.com", "Opened the client list"] in [row[1:3] for row in rows]


@pytest.mark.django_db
def test_another_clinics_admin_downloads_only_their_own_log(
    link: Link, theo_client: Client, uma: Any, other_clinic: Clinic
) -> None:
    client_for(uma).get(reverse("care:dashboard"))
    otto = member(other_clinic, "otto@example.com", role=Membership.Role.ADMIN, name="Otto")
    whos = {row[1] for row in rows_of(client_for(otto).get(EXPORT))[1:]}
    assert "uma@example.com" in whos and "theo@example.com" not in whos


@pytest.mark.django_db
def test_it_names_what_was_opened_by_id_never_by_its_words(
    link: Link, alice: Any, theo_client: Client, ada_client: Client
) -> None:
    item = share_entry(link=link, entry=write(alice, "zebra words", title="zebra title"))
    theo_client.get(reverse("care:shared_item", args=[link.id, item.id]))
    response = ada_client.get(EXPORT)
    rows = rows_of(response)
    assert ["theo@example.com", "Opened a shared item", str(item.id)] in [row[1:] for row in rows]
    assert not any("zebra" in cell for row in rows for cell in row)


@pytest.mark.django_db
def test_newest_actions_come_first_with_a_full_timestamp(clinic: Clinic, theo: Any, ada_client: Client) -> None:
    from datetime import UTC, datetime

    for day in (3, 1, 2):
        AuditEvent.objects.create(
            clinic=clinic,
            actor=theo,
            actor_label=theo.email,
            action="client_opened",
            at=datetime(2026, 5, day, tzinfo=UTC),
        )
    rows = rows_of(ada_client.get(EXPORT))[1:]
    old = [row[0] for row in rows if row[1] == theo.email]
    assert [when[:10] for when in old] == ["2026-05-03", "2026-05-02", "2026-05-01"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", old[0])


@pytest.mark.django_db
def test_cells_a_spreadsheet_would_run_as_formulas_stay_plain_text(clinic: Clinic, ada_client: Client) -> None:
    labels = ['=HYPERLINK("http://x")', "+1+1", "-1+1", "@SUM(A1)", "\tTAB", "sam@example.com"]
    for label in labels:
        AuditEvent.objects.create(clinic=clinic, actor=None, actor_label=label, action="client_opened")
    whos = {row[1] for row in rows_of(ada_client.get(EXPORT))[1:]}
    assert {'\'=HYPERLINK("http://x")', "'+1+1", "'-1+1", "'@SUM(A1)", "'\tTAB", "sam@example.com"} <= whos
    assert not any(who.startswith(("=", "+", "-", "@", "\t")) for who in whos)


@pytest.mark.django_db
def test_downloading_is_itself_noted_in_the_log(ada: Any, ada_client: Client) -> None:
    first = rows_of(ada_client.get(EXPORT))[1:]
    assert [row[1:] for row in first] == [["ada@example.com", "Downloaded the audit log", ""]]
    event = AuditEvent.objects.get()
    assert (event.actor, event.action) == (ada, AuditEvent.Action.AUDIT_DOWNLOADED)
    assert len(rows_of(ada_client.get(EXPORT))) == 1 + 2


@pytest.mark.django_db
def test_it_arrives_as_a_file_the_browser_never_stores(ada: Any, ada_client: Client) -> None:
    response = ada_client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="waypoint-audit-log-\d{4}-\d\d-\d\d\.csv"', disposition)
    assert "ada" not in disposition and "harbour" not in disposition.lower()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_therapist_gets_not_found_just_as_for_the_audit_page(theo_client: Client, bob_client: Client) -> None:
    assert theo_client.get(reverse("care:audit")).status_code == 404
    assert theo_client.get(EXPORT).status_code == 404
    assert bob_client.get(EXPORT).status_code == 404
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_signed_out_visitors_are_asked_to_sign_in(client: Client) -> None:
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse(settings.LOGIN_URL)}?next={EXPORT}"


@pytest.mark.django_db
def test_the_audit_page_links_to_the_download(ada_client: Client) -> None:
    page = ada_client.get(reverse("care:audit")).content.decode()
    assert f'href="{EXPORT}" download' in page


@pytest.mark.django_db
def test_a_long_log_costs_no_more_queries_than_a_short_one(clinic: Clinic, theo: Any, ada_client: Client) -> None:
    def queries_for_download(expected_rows: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert len(rows_of(ada_client.get(EXPORT))) == expected_rows
        return len(queries)

    queries_for_download(1 + 1)  # the first request also notes the new session
    short = queries_for_download(1 + 2)
    AuditEvent.objects.bulk_create(
        AuditEvent(clinic=clinic, actor=theo, actor_label=theo.email, action="client_list_opened") for _ in range(1200)
    )
    assert queries_for_download(1 + 1200 + 3) == short

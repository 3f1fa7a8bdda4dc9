"""Clinic settings in Django's admin: changes are audited, and server-wide settings are shown as such."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from care import members
from care.models import AuditEvent, Clinic, Membership
from journal.services import entry_create
from tests.care.conftest import member
from tests.factories import UserFactory


def _inline(prefix: str = "memberships") -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


@pytest.mark.django_db
def test_a_new_clinic_with_a_therapist_is_audited_and_named_on_pages(operator_client: Client) -> None:
    theo: Any = UserFactory(email="theo@example.com")
    response = operator_client.post(
        "/admin/care/clinic/add/",
        {
            "name": "Lakeside",
            "key": "lakeside",
            **_inline(),
            **_inline("staff_invites") | {"staff_invites-TOTAL_FORMS": "0"},
            "memberships-0-user": str(theo.pk),
            "memberships-0-role": "therapist",
            "memberships-0-display_name": "Theo Park",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    clinic = Clinic.objects.get(key="lakeside")
    actions = set(AuditEvent.objects.filter(clinic=clinic).values_list("action", flat=True))
    assert actions == {"clinic_changed", "member_changed"}
    assert Membership.objects.get(user=theo).role == "therapist"
    assert "Lakeside" in Client().get("/accounts/login/").content.decode(), "the server's one clinic heads every page"


@pytest.mark.django_db
def test_removing_a_member_logs_no_settings_change_nobody_made(
    operator_client: Client, clinic: Clinic, theo: Any
) -> None:
    membership = Membership.objects.get(user=theo)
    response = operator_client.post(
        f"/admin/care/clinic/{clinic.pk}/change/",
        {
            "name": clinic.name,
            "key": clinic.key,
            **_inline() | {"memberships-INITIAL_FORMS": "1"},
            **_inline("staff_invites") | {"staff_invites-TOTAL_FORMS": "0"},
            "memberships-0-id": str(membership.pk),
            "memberships-0-clinic": str(clinic.pk),
            "memberships-0-user": str(theo.pk),
            "memberships-0-role": "therapist",
            "memberships-0-display_name": membership.display_name,
            "memberships-0-DELETE": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Membership.objects.filter(user=theo).exists()
    actions = list(AuditEvent.objects.filter(clinic=clinic).values_list("action", flat=True))
    assert actions == ["member_changed"], "the clinic's own settings were left as they were"


@pytest.mark.django_db
def test_a_member_row_cannot_be_given_another_account(operator_client: Client, clinic: Clinic, theo: Any) -> None:
    # Typing another account's id into Theo's row took Theo out of the clinic, with his clients'
    # links and what they shared with him, under what looked like correcting a typo.
    membership = Membership.objects.get(user=theo)
    ada: Any = UserFactory(email="ada@example.com")
    response = operator_client.post(
        f"/admin/care/clinic/{clinic.pk}/change/",
        {
            "name": clinic.name,
            "key": clinic.key,
            **_inline() | {"memberships-INITIAL_FORMS": "1"},
            **_inline("staff_invites") | {"staff_invites-TOTAL_FORMS": "0"},
            "memberships-0-id": str(membership.pk),
            "memberships-0-clinic": str(clinic.pk),
            "memberships-0-user": str(ada.pk),
            "memberships-0-role": "admin",
            "memberships-0-display_name": "Ada Admin",
        },
    )
    assert response.status_code == 200
    assert "A member&#x27;s account can&#x27;t be changed here." in response.content.decode()
    assert Membership.objects.filter(user=theo, clinic=clinic).exists()
    assert not Membership.objects.filter(user=ada).exists()
    assert not AuditEvent.objects.filter(clinic=clinic, action="member_changed").exists()


@pytest.mark.django_db
def test_the_clinic_page_says_which_settings_come_from_the_server(operator_client: Client, clinic: Clinic) -> None:
    page = operator_client.get(f"/admin/care/clinic/{clinic.pk}/change/").content.decode()
    for setting in ("SIGNUP_MODE", "QUICK_EXIT_URL", "SESSION_IDLE_TIMEOUT_MINUTES"):
        assert setting in page
    assert "/admin/safety/crisisresource/?layer__exact=clinic" in page


@pytest.mark.django_db
def test_the_clinic_page_names_the_servers_country_for_crisis_lines(
    operator_client: Client, clinic: Clinic, settings: Any
) -> None:
    settings.DEFAULT_CRISIS_REGION, settings.DEFAULT_CRISIS_REGION_CHOSEN = "GB", True
    page = html.unescape(operator_client.get(f"/admin/care/clinic/{clinic.pk}/change/").content.decode())
    assert "crisis lines in the United Kingdom (DEFAULT_CRISIS_REGION)" in page
    settings.DEFAULT_CRISIS_REGION, settings.DEFAULT_CRISIS_REGION_CHOSEN = "US", False
    page = html.unescape(operator_client.get(f"/admin/care/clinic/{clinic.pk}/change/").content.decode())
    assert "the country a visitor's browser language suggests, else the United States" in page


@pytest.mark.django_db
def test_the_audit_log_cannot_be_edited_in_the_admin(operator_client: Client, clinic: Clinic, theo: Any) -> None:
    event = AuditEvent.objects.create(clinic=clinic, actor=theo, actor_label=theo.email, action="client_opened")
    assert operator_client.get("/admin/care/auditevent/").status_code == 200
    operator_client.post(f"/admin/care/auditevent/{event.pk}/change/", {"action": "audit_opened"})
    event.refresh_from_db()
    assert event.action == "client_opened"
    assert operator_client.get("/admin/care/auditevent/add/").status_code == 403
    assert operator_client.post(f"/admin/care/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    operator_client.post("/admin/care/auditevent/", {"action": "delete_selected", "_selected_action": [event.pk]})
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_an_audit_events_own_page_says_what_happened_in_words(
    operator_client: Client, clinic: Clinic, theo: Any
) -> None:
    # Its heading read "theo@example.com shared_item_opened", the action's code, and the page
    # listed "Actor" and "Actor label" (the same address twice) where the list says "Who".
    event = AuditEvent.objects.create(clinic=clinic, actor=theo, actor_label=theo.email, action="shared_item_opened")
    page = html.unescape(operator_client.get(f"/admin/care/auditevent/{event.pk}/change/").content.decode())
    assert "<h2>theo@example.com: Opened a shared item</h2>" in page
    assert "shared_item_opened" not in page.replace('value="shared_item_opened"', "")
    assert "Actor label" not in page and "Who:" in page


@pytest.mark.django_db
def test_the_admin_lists_no_journal_entries_or_keys(operator_client: Client, alice: Any) -> None:
    entry_create(author=alice, body="words", written_on=timezone.localdate())
    index = operator_client.get("/admin/").content.decode()
    assert "/admin/journal/" not in index
    assert operator_client.get("/admin/journal/entry/").status_code == 404
    assert operator_client.get("/admin/journal/datakey/").status_code == 404


@pytest.mark.django_db
def test_a_clinic_admin_has_no_way_into_the_admin_for_any_clinic(clinic: Clinic, other_clinic: Clinic) -> None:
    """The admin is the operator's; a clinic's own admin has the audit log. Joining makes nobody staff."""
    ada: Any = UserFactory(email="ada@example.com")
    Membership.objects.create(clinic=clinic, user=ada, role=Membership.Role.ADMIN, display_name="Ada")
    client = Client()
    client.force_login(ada)
    for url in (
        f"/admin/care/clinic/{other_clinic.pk}/change/",
        f"/admin/care/clinic/{clinic.pk}/change/",
        "/admin/care/auditevent/",
        "/admin/accounts/invitecode/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url


@pytest.mark.django_db
def test_a_clinic_page_says_how_to_close_a_clinic_instead_of_a_delete_that_is_refused(
    operator_client: Client, clinic: Clinic
) -> None:
    page = operator_client.get(f"/admin/care/clinic/{clinic.pk}/change/").content.decode()
    assert "A clinic stays on the server once it is made, with its audit log." in page
    assert f"/admin/care/clinic/{clinic.pk}/delete/" not in page
    listing = operator_client.get("/admin/care/clinic/").content.decode()
    assert "delete_selected" not in listing


@pytest.mark.django_db
def test_a_therapist_at_another_clinic_added_here_is_refused_in_words_that_name_it(
    operator_client: Client, clinic: Clinic, other_clinic: Clinic, uma: Any
) -> None:
    response = operator_client.post(
        f"/admin/care/clinic/{clinic.pk}/change/",
        {
            "name": clinic.name,
            "key": clinic.key,
            **_inline(),
            **_inline("staff_invites") | {"staff_invites-TOTAL_FORMS": "0"},
            "memberships-0-user": str(uma.pk),
            "memberships-0-role": "therapist",
            "memberships-0-display_name": "Uma Reyes",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This account is already a therapist at Hillside Practice" in page
    assert "already exists" not in page
    assert not Membership.objects.filter(user=uma, clinic=clinic).exists()


def _clinic_page_queries(operator_client: Client, clinic: Clinic) -> tuple[int, str]:
    url = f"/admin/care/clinic/{clinic.pk}/change/"
    operator_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = operator_client.get(url).content.decode()
    return len(queries), page


@pytest.mark.django_db
def test_a_clinic_page_costs_the_same_with_eight_members_and_invites_as_with_two(operator_client: Client) -> None:
    counts: list[int] = []
    for size in (2, 8):
        clinic = Clinic.objects.create(name=f"Clinic of {size}", key=f"clinic-{size}")
        for number in range(size):
            member(clinic, f"member{number}-of-{size}@example.com", name=f"Member {number}")
            members.staff_invite_create(clinic=clinic, role=Membership.Role.THERAPIST, display_name="New", actor=None)
        count, page = _clinic_page_queries(operator_client, clinic)
        counts.append(count)
    assert counts[0] == counts[1], f"{counts[0]} queries with two members and invites, {counts[1]} with eight"
    # Each member still named by their account beside its id, and each invite still says it waits.
    assert all(f"member{number}-of-8@example.com" in page for number in range(8))
    assert page.count("Waiting, until") == 8

"""A clinic invites a therapist who has no account yet: one code, and they join on sign-up."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings

from accounts.invites import invite_code_hash, invite_create
from accounts.models import InviteCode, User
from care import members
from care.models import AuditEvent, Clinic, Membership, StaffInvite
from tests.care.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {"email": "sam@example.com", "password1": "a long gentle password 9", "password2": "a long gentle password 9"}


@pytest.fixture
def operator(db: None) -> Any:
    return UserFactory(email="op@example.com", is_staff=True, is_superuser=True)


def _formsets(**staff: str) -> dict[str, str]:
    data: dict[str, str] = {}
    for prefix, total in (("memberships", 0), ("staff_invites", 1 if staff else 0)):
        data |= {
            f"{prefix}-TOTAL_FORMS": str(total),
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | {f"staff_invites-0-{name}": value for name, value in staff.items()}


def _sign_up_with(code: str) -> Client:
    newcomer = Client()
    page = newcomer.get(f"/account/invite/?code={code}")
    assert page.status_code == 200
    assert code in page.content.decode(), "the link fills in the code"
    # A staff code typed on the invite page leads to the clinic's join page, which says what joining means.
    typed = newcomer.post("/account/invite/", {"code": code})
    assert typed.status_code == 302
    if typed["Location"].startswith("/care/join/"):
        assert newcomer.get(typed["Location"]).status_code == 200
        assert newcomer.post("/care/join/", {"code": code}).status_code == 302
    newcomer.post("/accounts/signup/", SIGNUP)
    return newcomer


def test_the_admin_makes_an_invite_with_a_link_to_give(operator: Any, clinic: Clinic) -> None:
    admin = client_for(operator)
    response = admin.post(
        f"/admin/care/clinic/{clinic.pk}/change/",
        {"name": clinic.name, "key": clinic.key, "quick_exit_url": "", "idle_timeout_minutes": ""}
        | _formsets(role="therapist", display_name="Sam Lee"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    staff_invite = StaffInvite.objects.get(clinic=clinic)
    assert (staff_invite.role, staff_invite.display_name) == ("therapist", "Sam Lee")
    assert staff_invite.invite.is_usable
    shown = admin.get(response["Location"]).content.decode()
    # Whole, with the server's address, so the admin can copy it into an email as it is; once only.
    link = re.search(r'href="http://testserver/care/join/\?code=([A-Z0-9]+)"', shown)
    assert link is not None and "it is not shown again" in shown
    assert staff_invite.invite.code_hash == invite_code_hash(link.group(1))
    assert link.group(1) not in str(InviteCode.objects.values().get())
    again = admin.get(f"/admin/care/clinic/{clinic.pk}/change/").content.decode()
    assert link.group(1) not in again and "Shown once, when it was made." in again
    assert AuditEvent.objects.filter(clinic=clinic, action="member_changed", actor=operator).exists()


@pytest.mark.parametrize("signup_mode", ["invite", "open"])
def test_signing_up_with_the_code_makes_them_a_therapist_at_the_clinic(
    operator: Any, clinic: Clinic, signup_mode: str
) -> None:
    staff_invite = members.staff_invite_create(clinic=clinic, role="therapist", display_name="Sam Lee", actor=operator)
    with override_settings(SIGNUP_MODE=signup_mode):
        newcomer = _sign_up_with(staff_invite.invite.code)
    sam = User.objects.get(email="sam@example.com")
    membership = Membership.objects.get(user=sam)
    assert (membership.clinic, membership.role, membership.display_name) == (clinic, "therapist", "Sam Lee")
    staff_invite.invite.refresh_from_db()
    assert staff_invite.invite.used_by == sam
    newcomer.force_login(sam)
    assert newcomer.get("/care/clients/").status_code == 200


def test_an_invite_taken_back_before_it_is_used_no_longer_works(operator: Any, clinic: Clinic) -> None:
    staff_invite = members.staff_invite_create(clinic=clinic, role="admin", display_name="Ada", actor=operator)
    code, invite_pk = staff_invite.invite.code, staff_invite.invite.pk
    members.staff_invite_delete(staff_invite=staff_invite, actor=operator)
    assert not InviteCode.objects.filter(code_hash=invite_code_hash(code)).exists()
    assert AuditEvent.objects.filter(target=f"invite {invite_pk}").count() == 2, "made, then taken back"
    with override_settings(SIGNUP_MODE="open"):
        response = Client().post("/account/invite/", {"code": code})
        assert "It may have expired or been used already." in response.content.decode()
        Client().post("/accounts/signup/", SIGNUP)
    assert not Membership.objects.filter(user__email="sam@example.com").exists()


def test_an_ordinary_invite_code_joins_no_clinic(clinic: Clinic) -> None:
    invite = invite_create(note="for a client")
    with override_settings(SIGNUP_MODE="invite"):
        _sign_up_with(invite.code)
    assert User.objects.filter(email="sam@example.com").exists()
    assert not Membership.objects.exists()


def test_the_deployment_guide_names_the_button_and_fields_the_admin_shows_for_an_invite(
    operator: Any, clinic: Clinic
) -> None:
    # The invite section starts empty (extra = 0): only its "Add another" button, which the guide must name.
    page = html.unescape(client_for(operator).get(f"/admin/care/clinic/{clinic.pk}/change/").content.decode())
    guide = (Path(__file__).resolve().parents[2] / "docs" / "deployment.md").read_text()
    step = guide[guide.index("## 6.") : guide.index("## Upgrading")]
    add = re.search(r'id="staff_invites-group"[^>]*data-inline-formset="(.*?)">', page, re.S)
    assert add is not None and '"addText": "Add another Invite"' in add.group(1)
    assert 'id="staff_invites-0-role"' not in page  # no empty form to "fill in" before pressing it
    for words in ("Invite someone new to this clinic", "Add another Invite", "Role", "Name people see"):
        assert f"**{words}**" in step, words
    assert "Name people see:</label>" in page and "Invite someone new to this clinic" in page

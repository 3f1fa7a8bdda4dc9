"""A therapist leaves a clinic: the link ends (it does not move to a colleague) and both sides read why."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from care import members, selectors, services
from care.models import AuditEvent, Clinic, Invitation, Link, Membership, SharedItem
from care.services import homework_assign, share_entry
from prompts.models import Sequence
from tests.care.conftest import client_for, link_people, write
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SHARED = "The evening walk helped more than I expected"


@pytest.fixture
def operator(db: None) -> Any:
    return UserFactory(email="op@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def shared(library: None, link: Link, alice: Any) -> SharedItem:
    homework_assign(link=link, sequence=Sequence.objects.get(clinic_key="", slug="pause-for-kindness"))
    return share_entry(link=link, entry=write(alice, SHARED))


def _admin_saves_members(
    operator: Any, clinic: Clinic, rows: list[dict[str, Any]], admin: Client | None = None
) -> None:
    """The clinic's admin page, sent as the operator sends it: every member row, changed or not."""
    data: dict[str, Any] = {"name": clinic.name, "key": clinic.key, "quick_exit_url": "", "idle_timeout_minutes": ""}
    data |= {
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": str(len(rows)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "staff_invites-TOTAL_FORMS": "0",
        "staff_invites-INITIAL_FORMS": "0",
        "staff_invites-MIN_NUM_FORMS": "0",
        "staff_invites-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        data |= {f"memberships-{number}-{key}": value for key, value in row.items()}
    response = (admin or client_for(operator)).post(f"/admin/care/clinic/{clinic.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def _row(membership: Membership, **changes: Any) -> dict[str, Any]:
    row = {
        "id": membership.pk,
        "clinic": membership.clinic_id,
        "user": membership.user_id,
        "role": membership.role,
        "display_name": membership.display_name,
    }
    return row | changes


def test_removing_the_therapist_in_the_admin_ends_their_links_and_deletes_the_copies(
    operator: Any, clinic: Clinic, theo: Any, tess: Any, shared: SharedItem, link: Link, bob: Any
) -> None:
    colleague_link = link_people(tess, bob)
    theo_row = _row(Membership.objects.get(user=theo))
    _admin_saves_members(operator, clinic, [theo_row | {"DELETE": "on"}, _row(Membership.objects.get(user=tess))])

    link.refresh_from_db()
    assert link.ended_at is not None and link.ended_because == Link.EndedBecause.THERAPIST_LEFT
    assert not SharedItem.objects.filter(pk=shared.pk).exists(), "nobody at the clinic can open the copy now"
    assert Link.objects.get(pk=colleague_link.pk).ended_at is None, "a colleague's clients are untouched"
    event = AuditEvent.objects.get(action=AuditEvent.Action.LINK_ENDED_MEMBER_LEFT)
    assert (event.actor, event.target) == (operator, str(link.pk))


def test_the_person_reads_who_left_and_what_it_means_never_a_blank_name(
    operator: Any, clinic: Clinic, theo: Any, shared: SharedItem, alice_client: Client
) -> None:
    _admin_saves_members(operator, clinic, [_row(Membership.objects.get(user=theo)) | {"DELETE": "on"}])

    page = alice_client.get(reverse("care:index")).content.decode()
    assert "Your link with <bdi>Theo Park</bdi> at <bdi>Harbour Clinic</bdi> has ended" in page
    assert (
        "<bdi>Theo Park</bdi> stopped being a therapist at <bdi>Harbour Clinic</bdi> on Waypoint, so the link ended."
    ) in page
    assert "The copies you shared with them are deleted." in page
    assert "<td>Theo Park</td>" in page, "the sharing log still says who it was"
    assert "<td></td>" not in page

    home = alice_client.get(reverse("home")).content.decode()
    assert (
        "Your link with <bdi>Theo Park</bdi> at <bdi>Harbour Clinic</bdi> has ended, because they stopped being"
        " a therapist there on Waypoint."
    ) in home
    assert "from ·" not in home and "from  ·" not in home and "Share it with ?" not in home
    assert "Pause for kindness" not in home, "their suggestions go with the link"


def test_the_former_therapist_reads_why_instead_of_a_bare_not_found(
    operator: Any, clinic: Clinic, theo: Any, theo_client: Client, shared: SharedItem, link: Link
) -> None:
    _admin_saves_members(operator, clinic, [_row(Membership.objects.get(user=theo)) | {"DELETE": "on"}])
    for url in (
        reverse("care:dashboard"),
        reverse("care:client", args=[link.id]),
        reverse("care:shared_item", args=[link.id, shared.id]),
    ):
        response = theo_client.get(url)
        assert response.status_code == 404, url
        body = response.content.decode()
        assert "You are no longer a therapist here" in body, url
        assert (
            "Your place at <bdi>Harbour Clinic</bdi> has changed, so your links with clients there have ended."
        ) in body
        # Sent to someone who can add them again: the clinic's admin in Waypoint reads its log only.
        assert "whoever runs Waypoint for your clinic can add you again." in body
        assert SHARED not in body and "alice@example.com" not in body


def test_a_therapist_made_admin_only_leaves_their_clients_too(
    operator: Any, clinic: Clinic, theo: Any, shared: SharedItem, link: Link, alice_client: Client
) -> None:
    _admin_saves_members(operator, clinic, [_row(Membership.objects.get(user=theo), role="admin")])
    link.refresh_from_db()
    assert link.ended_because == Link.EndedBecause.THERAPIST_LEFT
    # Theo still works at the clinic, as its admin: home said "they no longer work there".
    home = alice_client.get(reverse("home")).content.decode()
    assert "they stopped being a therapist there on Waypoint." in home
    assert "no longer work there" not in home


def test_a_therapist_who_moves_clinic_reads_that_their_old_clients_links_ended(
    operator: Any, clinic: Clinic, other_clinic: Clinic, theo: Any, theo_client: Client, shared: SharedItem, link: Link
) -> None:
    Membership.objects.filter(user=theo).update(clinic=other_clinic)
    members.clinic_links_settle(clinic=clinic, actor=operator)

    response = theo_client.get(reverse("care:client", args=[link.id]))
    assert response.status_code == 404
    body = response.content.decode()
    assert (
        "Your links with clients at <bdi>Harbour Clinic</bdi> ended when you stopped being a therapist there."
    ) in body
    assert "alice@example.com" not in body
    assert "Welcome, <bdi>Theo Park</bdi>" in theo_client.get(reverse("care:dashboard")).content.decode()


def test_a_new_display_name_is_what_the_person_sees_and_the_link_stays(
    operator: Any, clinic: Clinic, theo: Any, link: Link, alice_client: Client
) -> None:
    _admin_saves_members(operator, clinic, [_row(Membership.objects.get(user=theo), display_name="Dr Theo Park")])
    link.refresh_from_db()
    assert link.ended_at is None
    page = alice_client.get(reverse("care:index")).content.decode()
    assert "Dr Theo Park" in page and "has ended" not in page

    # Leaving later, the person still reads the name they last knew.
    _admin_saves_members(operator, clinic, [_row(Membership.objects.get(user=theo)) | {"DELETE": "on"}])
    page = alice_client.get(reverse("care:index")).content.decode()
    assert "Your link with <bdi>Dr Theo Park</bdi> at <bdi>Harbour Clinic</bdi> has ended" in page


def test_ending_the_link_yourself_is_not_announced_as_the_therapist_leaving(link: Link, alice_client: Client) -> None:
    alice_client.post(reverse("care:link_end", args=[link.id]))
    link.refresh_from_db()
    assert link.ended_because == Link.EndedBecause.PERSON
    assert link.therapist_name == "Theo Park"
    page = alice_client.get(reverse("care:index")).content.decode()
    assert (
        "stopped being a therapist" not in page
        and ("Your link with <bdi>Theo Park</bdi> at <bdi>Harbour Clinic</bdi> has ended") not in page
    )


def test_a_code_the_therapist_made_before_leaving_no_longer_links_anyone_with_them(
    operator: Any, clinic: Clinic, theo: Any, tess: Any, alice: Any, alice_client: Client
) -> None:
    theos_code = services.invitation_create(membership=Membership.objects.get(user=theo))
    tess_code = services.invitation_create(membership=Membership.objects.get(user=tess))
    theo_row, tess_row = _row(Membership.objects.get(user=theo)), _row(Membership.objects.get(user=tess))
    _admin_saves_members(operator, clinic, [theo_row | {"DELETE": "on"}, tess_row])

    # Said yes to later, it would link Alice with nobody at the clinic, under a blank name.
    assert alice_client.get(reverse("care:accept", args=[theos_code.code])).status_code == 404
    assert alice_client.post(reverse("care:accept", args=[theos_code.code])).status_code == 404
    assert not Link.objects.filter(person=alice).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.INVITATION_CANCELLED)
    assert (event.clinic, event.actor, event.target) == (clinic, operator, str(theos_code.id))
    assert Invitation.objects.filter(pk=tess_code.id).exists(), "a colleague's codes still work"


def test_a_former_client_reads_the_name_they_knew_not_the_one_used_at_another_clinic(
    operator: Any, clinic: Clinic, other_clinic: Clinic, theo: Any, shared: SharedItem, link: Link, alice_client: Client
) -> None:
    _admin_saves_members(operator, clinic, [_row(Membership.objects.get(user=theo)) | {"DELETE": "on"}])
    Membership.objects.create(
        clinic=other_clinic, user=theo, role=Membership.Role.THERAPIST, display_name="Theo at Hillside"
    )

    page = alice_client.get(reverse("care:index")).content.decode()
    assert "<td>Theo Park</td>" in page, "the sharing log names the therapist she knew at Harbour Clinic"
    assert "Theo at Hillside" not in page
    assert selectors.therapist_name_now(link) == "Theo Park"


# --- Removed while a page was open: what they send next ----------------------------------------------

NOTE = "Something for you to try this week, if it feels okay"
GONE = "You are no longer a therapist here"


def _unsent(page: str) -> str | None:
    found = re.search(r'<textarea id="unsent-words" readonly[^>]*>\n(.*?)</textarea>', page, flags=re.S)
    return found.group(1) if found else None


def _pause() -> Sequence:
    return Sequence.objects.get(clinic_key="", slug="pause-for-kindness")


def test_a_note_sent_after_being_removed_is_shown_back_to_copy_and_never_kept(
    operator: Any, clinic: Clinic, theo: Any, theo_client: Client, shared: SharedItem, link: Link
) -> None:
    _admin_saves_members(operator, clinic, [_row(Membership.objects.get(user=theo)) | {"DELETE": "on"}])
    assigned = link.assignments.count()
    response = theo_client.post(reverse("care:assign", args=[link.id]), {"sequence": _pause().id, "note": NOTE})
    page = response.content.decode()
    assert response.status_code == 404 and GONE in page
    assert _unsent(page) == NOTE
    assert link.assignments.count() == assigned


def test_with_htmx_the_page_says_why_instead_of_a_button_that_does_nothing(
    operator: Any, clinic: Clinic, theo: Any, theo_client: Client, shared: SharedItem, link: Link
) -> None:
    _admin_saves_members(operator, clinic, [_row(Membership.objects.get(user=theo)) | {"DELETE": "on"}])
    htmx = {"HX-Request": "true"}
    # htmx swaps no 404: the page stayed as it was, and "Suggest it" or "Make a new code" did nothing.
    response = theo_client.post(
        reverse("care:assign", args=[link.id]), {"sequence": _pause().id, "note": NOTE}, headers=htmx
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#main" and response["HX-Reswap"] == "innerHTML"
    assert GONE in body and _unsent(body) == NOTE and "<html" not in body

    code = theo_client.post(reverse("care:invitation_create"), headers=htmx)
    body = code.content.decode()
    assert code.status_code == 200 and code["HX-Retarget"] == "#main"
    assert GONE in body and "unsent-words" not in body
    assert not Invitation.objects.filter(used_at__isnull=True).exists()


def test_a_suggestion_written_while_being_removed_is_shown_back(
    operator: Any, clinic: Clinic, theo: Any, theo_client: Client, link: Link, alice: Any
) -> None:
    from safety.services import plan_step_save

    plan_step_save(owner=alice, section="on_my_own", body="Music", obstacles="")
    item = services.share_plan(link=link)
    url = reverse("care:plan_suggest", args=[link.id, item.id, "on_my_own"])
    _admin_saves_members(operator, clinic, [_row(Membership.objects.get(user=theo)) | {"DELETE": "on"}])
    response = theo_client.post(url, {"body": "Music, then a warm bath"})
    assert response.status_code == 404 and _unsent(response.content.decode()) == "Music, then a warm bath"


def test_the_admin_is_told_before_and_after_that_removing_a_therapist_ends_their_links(
    operator: Any, clinic: Clinic, theo: Any, shared: SharedItem
) -> None:
    admin = client_for(operator)
    before = admin.get(f"/admin/care/clinic/{clinic.pk}/change/").content.decode()
    assert "What those clients shared with them is deleted, and both sides are told why." in before
    _admin_saves_members(operator, clinic, [_row(Membership.objects.get(user=theo)) | {"DELETE": "on"}], admin)
    after = admin.get(f"/admin/care/clinic/{clinic.pk}/change/").content.decode()
    assert "1 link with a client ended, because its therapist is no longer a therapist here." in after


def test_a_change_that_ends_no_link_says_nothing_of_links(operator: Any, clinic: Clinic, theo: Any) -> None:
    admin = client_for(operator)
    _admin_saves_members(
        operator, clinic, [_row(Membership.objects.get(user=theo), display_name="Dr Theo Park")], admin
    )
    after = admin.get(f"/admin/care/clinic/{clinic.pk}/change/").content.decode()
    assert "was changed successfully" in after and "ended, because" not in after


def test_linked_again_after_being_added_back_the_person_no_longer_reads_that_they_left(
    operator: Any, clinic: Clinic, theo: Any, shared: SharedItem, alice: Any, alice_client: Client
) -> None:
    # Removed by mistake, added back by the admin, and a new code: the page's own advice, followed.
    _admin_saves_members(operator, clinic, [_row(Membership.objects.get(user=theo)) | {"DELETE": "on"}])
    Membership.objects.create(clinic=clinic, user=theo, role=Membership.Role.THERAPIST, display_name="Theo Park")
    link_people(theo, alice)

    for page in (alice_client.get(reverse("home")), alice_client.get(reverse("care:index"))):
        text = page.content.decode()
        assert "has ended" not in text and "stopped being a therapist" not in text
    assert "Linked since" in alice_client.get(reverse("care:index")).content.decode()


NO_ADMIN = "Harbour Clinic has no clinic admin now, so nobody there can read its audit log in Waypoint."


@pytest.mark.parametrize("change", ["taken off", "made a therapist"])
def test_the_operator_is_told_when_the_clinic_is_left_without_an_admin(
    operator: Any, clinic: Clinic, theo: Any, change: str
) -> None:
    lea: Any = UserFactory(email="lea@example.com")
    Membership.objects.create(clinic=clinic, user=lea, role=Membership.Role.ADMIN, display_name="Lea")
    lead_row = _row(Membership.objects.get(user=lea))
    lead_row |= {"DELETE": "on"} if change == "taken off" else {"role": Membership.Role.THERAPIST}
    admin = client_for(operator)
    _admin_saves_members(operator, clinic, [lead_row, _row(Membership.objects.get(user=theo))], admin)
    after = admin.get(f"/admin/care/clinic/{clinic.pk}/change/").content.decode()
    assert NO_ADMIN in after


def test_no_word_of_admins_while_one_is_left_or_when_none_was_taken_off(
    operator: Any, clinic: Clinic, theo: Any
) -> None:
    admin = client_for(operator)
    # A clinic of therapists only (a solo practice) is not warned at every change.
    _admin_saves_members(operator, clinic, [_row(Membership.objects.get(user=theo), display_name="Dr Theo")], admin)
    assert NO_ADMIN not in admin.get(f"/admin/care/clinic/{clinic.pk}/change/").content.decode()

    for email in ("lea@example.com", "max@example.com"):
        user: Any = UserFactory(email=email)
        Membership.objects.create(clinic=clinic, user=user, role=Membership.Role.ADMIN, display_name=email[:3])
    rows = [_row(m) for m in Membership.objects.filter(clinic=clinic).order_by("pk")]
    rows = [row | {"DELETE": "on"} if row["display_name"] == "lea" else row for row in rows]
    _admin_saves_members(operator, clinic, rows, admin)
    assert Membership.objects.filter(clinic=clinic, role=Membership.Role.ADMIN).count() == 1
    assert NO_ADMIN not in admin.get(f"/admin/care/clinic/{clinic.pk}/change/").content.decode()


def test_the_no_admin_warning_names_the_server_as_it_runs(operator: Any, clinic: Clinic, theo: Any) -> None:
    # A clinic that runs it as "Harbour Journal" read that nobody could read the log "in Waypoint",
    # a name its operator and staff never see.
    lea: Any = UserFactory(email="lea@example.com")
    Membership.objects.create(clinic=clinic, user=lea, role=Membership.Role.ADMIN, display_name="Lea")
    admin = client_for(operator)
    with override_settings(SITE_NAME="Harbour Journal"):
        rows = [_row(Membership.objects.get(user=lea)) | {"DELETE": "on"}, _row(Membership.objects.get(user=theo))]
        _admin_saves_members(operator, clinic, rows, admin)
        after = admin.get(f"/admin/care/clinic/{clinic.pk}/change/").content.decode()
    assert "nobody there can read its audit log in Harbour Journal." in after
    assert "in Waypoint" not in after

"""Sharing the plan with a therapist stores the reading of it that the share page made."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from care import services
from care.models import Link
from safety.selectors import plan_for_owner
from safety.services import plan_contact_add, plan_step_save
from sharing.snapshots import plan_snapshot
from tests.care.conftest import as_shown
from tests.share_helpers import decryptions


def _two_steps(alice: Any) -> None:
    plan_step_save(owner=alice, section="warning_signs", body="Staying in bed all day", obstacles="")
    plan_step_save(owner=alice, section="on_my_own", body="A walk round the block", obstacles="")


def test_sharing_the_plan_opens_each_step_once(alice: Any, alice_client: Client, link: Link, monkeypatch: Any) -> None:
    _two_steps(alice)
    url = reverse("care:share_plan")
    form = as_shown(alice_client, url, link=link.id)
    opened_all = decryptions(monkeypatch)
    response = alice_client.post(url, form)
    assert response.status_code == 302 and link.shared_items.count() == 1
    opened = [w["record_id"] for w in opened_all if w["model"] == "safety.PlanStep" and w["field"] == "body"]
    assert len(opened) == 2 and len(set(opened)) == 2, "each of the two steps opened once"


def test_sharing_the_plan_opens_none_of_the_people_in_it(
    alice: Any, alice_client: Client, link: Link, monkeypatch: Any
) -> None:
    # The copy holds the steps only, so the names and numbers are not opened for it at all.
    _two_steps(alice)
    plan_contact_add(owner=alice, section="people", name="Jo Private", phone="0123 456")
    opened_all = decryptions(monkeypatch)
    page = alice_client.get(reverse("care:share_plan")).content.decode()
    url = reverse("care:share_plan")
    response = alice_client.post(url, as_shown(alice_client, url, link=link.id))
    assert "A walk round the block" in page and "Jo Private" not in page
    assert response.status_code == 302
    assert "safety.PlanContact" not in [w["model"] for w in opened_all]
    shared = services.shared_item_read(link.shared_items.get())
    assert [(s.section.slug, s.body) for s in shared.written_steps] == [
        ("warning_signs", "Staying in bed all day"),
        ("on_my_own", "A walk round the block"),
    ]


def test_the_copy_holds_every_step_as_the_plan_page_reads_it(alice: Any) -> None:
    _two_steps(alice)
    plan_step_save(owner=alice, section="people", body="My sister", obstacles="If she is out")
    plan_contact_add(owner=alice, section="people", name="Jo Private", phone="0123 456")
    plan = plan_for_owner(alice)
    assert plan.step("people").contacts, "the plan page still has the people"
    copy = plan_snapshot(owner=alice)
    assert [(s.section, s.body, s.obstacles) for s in copy.steps] == [
        (s.section, s.body, s.obstacles) for s in plan.steps
    ]

"""Therapists and clinic admins see only what a person shared with them, and only while it is shared.

Every therapist- and admin-facing URL in care/urls.py is walked here, as a full page and as an
HTMX fragment, with every id we can think of; none of them may ever return unshared words.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from care.models import Link, Membership, SharedItem
from care.services import share_entry, share_plan
from prompts.models import Run
from safety.services import plan_step_save
from tests.care.conftest import client_for, link_people, member, write

SHARED = f"shared-{uuid.uuid4().hex}"
UNSHARED = f"unshared-{uuid.uuid4().hex}"
# Everything a therapist or admin can reach. A new view added to care/urls.py fails the
# completeness test below until it is listed here, so it gets walked too.
THERAPIST_AND_ADMIN_VIEWS = {
    "dashboard",
    "invitation_create",
    "client",
    "assign",
    "shared_item",
    "plan_suggest",
    "audit",
}
PERSON_VIEWS = {
    "index",
    "accept_code",
    "accept",
    "link_homework_status",
    "link_end",
    "share_entry",
    "share_plan",
    "share_stop",
    "suggestion_decide",
}


def _care_names() -> set[str]:
    def walk(patterns: list[Any]) -> Iterator[str]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "care":
                    yield from (p.name or "" for p in entry.url_patterns if isinstance(p, URLPattern))
                else:
                    yield from walk(entry.url_patterns)

    return set(walk(get_resolver().url_patterns))


def test_every_care_view_is_walked_by_these_tests() -> None:
    assert _care_names() == THERAPIST_AND_ADMIN_VIEWS | PERSON_VIEWS


@pytest.fixture
def world(library: None, link: Link, alice: Any, theo: Any, ada: Any) -> dict[str, Any]:
    """Alice shared one entry and nothing else; everything else she wrote carries UNSHARED."""
    shared = write(alice, f"{SHARED} body", title=f"{SHARED} title")
    unshared = write(alice, f"{UNSHARED} body", title=f"{UNSHARED} title")
    reflection = write(alice, f"{UNSHARED} reflection")
    plan_step_save(owner=alice, section="on_my_own", body=f"{UNSHARED} plan", obstacles="")
    item = share_entry(link=link, entry=shared)
    run = Run.objects.create(owner=alice, version=_any_version(), answers=b"")
    return {"link": link, "item": item, "unshared": unshared, "reflection": reflection, "run": run}


def _any_version() -> Any:
    from prompts.models import SequenceVersion

    return SequenceVersion.objects.first()


def _urls(world: dict[str, Any]) -> list[tuple[str, str]]:
    """(method, url) for every therapist/admin view with real, foreign and made-up ids."""
    link, item = world["link"], world["item"]
    link_ids = [link.id, uuid.uuid4()]
    item_ids = [item.id, world["unshared"].id, world["reflection"].id, world["run"].id, uuid.uuid4()]
    urls = [
        ("get", reverse("care:dashboard")),
        ("post", reverse("care:invitation_create")),
        ("get", reverse("care:audit")),
        ("get", reverse("care:audit") + "?page=2"),
    ]
    for link_id in link_ids:
        urls += [("get", reverse("care:client", args=[link_id])), ("post", reverse("care:assign", args=[link_id]))]
        for item_id in item_ids:
            urls.append(("get", reverse("care:shared_item", args=[link_id, item_id])))
            for method in ("get", "post"):
                urls.append((method, reverse("care:plan_suggest", args=[link_id, item_id, "on_my_own"])))
    return urls


def _fetch_all(client: Client, urls: list[tuple[str, str]]) -> Iterator[tuple[str, int, str]]:
    for method, url in urls:
        for headers in ({}, {"HX-Request": "true"}):
            response = getattr(client, method)(url, headers=headers)
            yield url, response.status_code, response.content.decode()


@pytest.mark.django_db
def test_no_therapist_or_admin_page_or_fragment_returns_unshared_words(
    world: dict[str, Any], theo: Any, ada: Any, tess: Any, uma: Any
) -> None:
    urls = _urls(world)
    seen_shared = False
    for user in (theo, ada, tess, uma):
        for url, _status, body in _fetch_all(client_for(user), urls):
            assert UNSHARED not in body, f"{user.email} saw unshared words at {url}"
            seen_shared = seen_shared or SHARED in body
    assert seen_shared, "the walk reaches the shared item, so it would find unshared words too"


@pytest.mark.django_db
def test_people_without_a_clinic_role_get_not_found_everywhere(world: dict[str, Any], bob: Any) -> None:
    for url, status, _body in _fetch_all(client_for(bob), _urls(world)):
        assert status == 404, url


@pytest.mark.django_db
def test_another_therapist_at_the_same_clinic_never_sees_the_client(world: dict[str, Any], tess: Any) -> None:
    tess_client = client_for(tess)
    link, item = world["link"], world["item"]
    assert "alice@example.com" not in tess_client.get(reverse("care:dashboard")).content.decode()
    assert tess_client.get(reverse("care:client", args=[link.id])).status_code == 404
    assert tess_client.get(reverse("care:shared_item", args=[link.id, item.id])).status_code == 404


@pytest.mark.django_db
def test_a_therapist_at_another_clinic_never_sees_anything(world: dict[str, Any], uma: Any) -> None:
    uma_client = client_for(uma)
    link, item = world["link"], world["item"]
    dashboard = uma_client.get(reverse("care:dashboard")).content.decode()
    assert "alice@example.com" not in dashboard and "Harbour Clinic" not in dashboard
    assert uma_client.get(reverse("care:client", args=[link.id])).status_code == 404
    assert uma_client.get(reverse("care:shared_item", args=[link.id, item.id])).status_code == 404


@pytest.mark.django_db
def test_a_clinic_admin_sees_only_their_own_clinics_audit_log(
    world: dict[str, Any], theo: Any, ada: Any, uma: Any, other_clinic: Any
) -> None:
    client_for(theo).get(reverse("care:dashboard"))
    client_for(uma).get(reverse("care:dashboard"))
    other_admin = member(other_clinic, "otto@example.com", role=Membership.Role.ADMIN, name="Otto")
    harbour = client_for(ada).get(reverse("care:audit")).content.decode()
    hillside = client_for(other_admin).get(reverse("care:audit")).content.decode()
    assert "theo@example.com" in harbour and "uma@example.com" not in harbour
    assert "uma@example.com" in hillside and "theo@example.com" not in hillside


@pytest.mark.django_db
def test_a_therapist_is_not_a_clinic_admin(world: dict[str, Any], theo_client: Client) -> None:
    assert theo_client.get(reverse("care:audit")).status_code == 404


@pytest.mark.django_db
def test_stopping_a_share_takes_effect_on_the_next_request(
    world: dict[str, Any], theo_client: Client, alice_client: Client
) -> None:
    link, item = world["link"], world["item"]
    url = reverse("care:shared_item", args=[link.id, item.id])
    assert SHARED in theo_client.get(url).content.decode()
    alice_client.post(reverse("care:share_stop", args=[item.id]))
    assert theo_client.get(url).status_code == 404
    assert SHARED not in theo_client.get(reverse("care:dashboard")).content.decode()
    assert not SharedItem.objects.filter(pk=item.pk).exists()


@pytest.mark.django_db
def test_ending_the_link_takes_effect_on_the_next_request(
    world: dict[str, Any], theo_client: Client, alice_client: Client
) -> None:
    link, item = world["link"], world["item"]
    assert theo_client.get(reverse("care:client", args=[link.id])).status_code == 200
    alice_client.post(reverse("care:link_end", args=[link.id]))
    for url in (reverse("care:client", args=[link.id]), reverse("care:shared_item", args=[link.id, item.id])):
        assert theo_client.get(url).status_code == 404
    assert "alice@example.com" not in theo_client.get(reverse("care:dashboard")).content.decode()
    assert not SharedItem.objects.filter(link=link).exists(), "the copies and their keys are gone"


@pytest.mark.django_db
def test_a_therapist_who_leaves_the_clinic_leaves_its_clients_behind(
    world: dict[str, Any], theo: Any, theo_client: Client, other_clinic: Any
) -> None:
    Membership.objects.filter(user=theo).update(clinic=other_clinic)
    assert theo_client.get(reverse("care:client", args=[world["link"].id])).status_code == 404


@pytest.mark.django_db
def test_a_shared_plan_shows_only_the_plan_never_the_journal(
    world: dict[str, Any], theo_client: Client, alice: Any
) -> None:
    plan_item = share_plan(link=world["link"])
    body = theo_client.get(reverse("care:shared_item", args=[world["link"].id, plan_item.id])).content.decode()
    assert f"{UNSHARED} plan" in body, "the plan was shared, so its words are there"
    assert f"{UNSHARED} body" not in body and SHARED not in body


@pytest.mark.django_db
def test_two_clients_of_one_therapist_never_see_each_other(world: dict[str, Any], theo: Any, bob: Any) -> None:
    bob_link = link_people(theo, bob)
    bob_client = client_for(bob)
    assert bob_client.get(reverse("care:share_stop", args=[world["item"].id])).status_code == 405
    assert bob_client.post(reverse("care:share_stop", args=[world["item"].id])).status_code == 404
    assert bob_client.post(reverse("care:link_end", args=[world["link"].id])).status_code == 404
    assert SharedItem.objects.filter(pk=world["item"].pk).exists()
    assert Link.objects.get(pk=bob_link.pk).ended_at is None

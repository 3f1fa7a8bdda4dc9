"""The clinic's parts of a person's pages read what they need once per page, and nothing at all
on a server without clinics."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from care import services, suggestions
from care.models import Link, Membership, SharedItem
from prompts.models import Sequence
from safety.plan_sections import SECTIONS
from safety.services import plan_step_save
from tests.care.conftest import as_shown, client_for, link_people, member, write
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CARE_TABLE = re.compile(r'FROM "care_|JOIN "care_')


def _queries(client: Any, url: str) -> list[str]:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("url", ["/", "/safety/plan/", "/safety/plan/edit/", "/journal/"])
def test_without_clinics_a_persons_pages_look_for_nothing_of_a_clinics(alice: Any, url: str) -> None:
    plan_step_save(owner=alice, section=SECTIONS[0].slug, body="Going for a walk", obstacles="")
    assert not [sql for sql in _queries(client_for(alice), url) if CARE_TABLE.search(sql)]


def test_home_reads_the_persons_links_once_for_homework_and_suggestions(alice: Any, theo: Any) -> None:
    link = link_people(theo, alice)
    section = SECTIONS[0].slug
    plan_step_save(owner=alice, section=section, body="Going for a walk", obstacles="")
    item = services.share_plan(link=link)
    suggestions.plan_suggestion_create(item=item, section=section, body="Call a friend", therapist=theo)
    client = client_for(alice)
    links_read = [sql for sql in _queries(client, "/") if re.search(r'FROM "care_link"', sql)]
    assert len(links_read) == 1, links_read
    assert "<bdi>Theo Park</bdi> suggested new words" in client.get("/").content.decode()


def test_a_suggestion_names_the_therapist_as_they_are_known_now(alice: Any, theo: Any) -> None:
    link = link_people(theo, alice)
    section = SECTIONS[0].slug
    item = services.share_plan(link=link)
    suggestions.plan_suggestion_create(item=item, section=section, body="Call a friend", therapist=theo)
    Membership.objects.filter(user=theo).update(display_name="Dr Theo Park")
    assert "<bdi>Dr Theo Park</bdi> suggested new words" in client_for(alice).get("/").content.decode()
    # Once they have left the clinic, the name kept on the link stands.
    Membership.objects.filter(user=theo).delete()
    Link.objects.filter(pk=link.pk).update(therapist_name="Theo")
    assert "<bdi>Theo</bdi> suggested new words" in client_for(alice).get("/").content.decode()


def _with_therapists(person: Any, clinic: Any, count: int, *, first: int = 0) -> Any:
    """The person linked with `count` therapists, each of whom suggested a reflection and was sent
    the entry and the plan; the entry, for its page."""
    entry = write(person, "A quiet evening by the river.")
    plan_step_save(owner=person, section=SECTIONS[0].slug, body="Going for a walk", obstacles="")
    sequences = list(Sequence.objects.order_by("pk")[:2])
    for number in range(first, first + count):
        link = link_people(member(clinic, f"therapist{number}@example.com", name=f"Therapist {number}"), person)
        services.homework_assign(link=link, sequence=sequences[number % 2], note="When you have a quiet moment")
        services.share_entry(link=link, entry=entry)
        services.share_plan(link=link)
    return entry


def _page_queries(person: Any, path: str) -> int:
    client = client_for(person)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})  # the account-deletion page asks first
    return len(_queries(client, path))


@pytest.mark.parametrize("where", ["home", "entry", "plan", "account deletion"])
def test_a_persons_pages_cost_the_same_with_two_therapists_as_with_six(library: None, clinic: Any, where: str) -> None:
    counts: list[int] = []
    for therapists in (2, 6):
        person: Any = UserFactory()
        entry = _with_therapists(person, clinic, therapists, first=len(counts) * 10)
        path = {
            "home": "/",
            "entry": f"/journal/{entry.pk}/",
            "plan": "/safety/plan/",
            "account deletion": "/account/delete/",
        }[where]
        counts.append(_page_queries(person, path))
    assert counts[0] == counts[1], f"{where}: {counts[0]} queries with two therapists, {counts[1]} with six"


def test_home_shows_each_therapists_suggestion_under_their_name(library: None, clinic: Any, alice: Any) -> None:
    _with_therapists(alice, clinic, 3)
    page = client_for(alice).get("/").content.decode()
    for number in range(3):
        assert f"from <bdi>Therapist {number}</bdi>" in page


def test_the_share_page_lists_several_therapists_without_reading_the_links_again(library: None, clinic: Any) -> None:
    counts: list[int] = []
    for therapists in (1, 3):
        person: Any = UserFactory()
        entry = _with_therapists(person, clinic, therapists, first=len(counts) * 10)
        counts.append(_page_queries(person, f"/care/share/entry/{entry.pk}/"))
    assert counts[0] == counts[1], f"{counts[0]} queries with one therapist, {counts[1]} with three"


def test_the_person_picks_which_therapist_gets_the_copy(library: None, clinic: Any, alice: Any) -> None:
    entry = write(alice, "Words for one of them")
    links = [
        link_people(member(clinic, f"t{number}@example.com", name=f"Therapist {number}"), alice) for number in range(3)
    ]
    url = f"/care/share/entry/{entry.pk}/"
    client = client_for(alice)
    page = client.get(url).content.decode()
    options = re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', page)
    assert options == [(str(link.pk), f"Therapist {number}") for number, link in enumerate(links)]
    client.post(url, as_shown(client, url, link=str(links[1].pk)))
    assert [item.link_id for item in SharedItem.objects.all()] == [links[1].pk]

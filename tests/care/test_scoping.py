"""Therapists and clinic admins see only what a person shared with them, and only while it is shared.

Every route in care/urls.py is either person-facing (listed below) or walked here: as a full page
and as an HTMX fragment, by every kind of viewer, with every id we can think of. A new therapist or
admin view fails the completeness test until ROUTES says how to walk it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import product
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, resolve, reverse

from care import urls as care_urls
from care.models import Link, Membership, SharedItem
from care.services import homework_assign, link_set_homework_status, share_entry, share_plan
from journal.services import EntryContent, entry_update
from prompts.models import Sequence
from prompts.services import run_finish, run_start
from safety.services import plan_contact_add, plan_get_or_create, plan_step_save
from tests.care.conftest import client_for, link_people, member, write
from tests.factories import UserFactory

# Words nobody shared. No therapist or admin response may ever hold them.
UNSHARED = f"unshared-{uuid.uuid4().hex}"
# Words each person shared with their own therapist, and with nobody else.
ALICE_SHARED = f"alice-shared-{uuid.uuid4().hex}"
CAROL_SHARED = f"carol-shared-{uuid.uuid4().hex}"
DAVE_SHARED = f"dave-shared-{uuid.uuid4().hex}"

# The person's own pages: each is scoped to request.user and has its own tests.
PERSON_FACING = {
    "index",
    "accept_code",
    "accept",
    "accept_pending",
    "link_homework_status",
    "link_end",
    "share_entry",
    "share_plan",
    "share_summary",
    "shared_copy",
    "share_stop",
    "suggestion_decide",
}
# The modules of the person's side of care (their own page, accepting, answering suggestions).
PERSON_MODULES = {"care.views.person", "care.views.accept", "care.views.plan_suggestions"}
# Open to anyone with a clinic's staff invite, signed in or not; it shows only that invite (test_join.py).
# join_pending shows only the invite this browser's session names, to the signed-in account whose address
# sign-up was tried with.
JOINING = {"join", "join_pending"}
# Which clinic role each view module serves; a view in a new module has to be placed here first.
ROLE_BY_MODULE = {"care.views.therapist": Membership.Role.THERAPIST, "care.views.clinic": Membership.Role.ADMIN}


def care_routes() -> dict[str | None, Any]:
    """Every route in care/urls.py, by name, with the view that serves it."""

    def walk(patterns: list[Any]) -> Iterator[URLPattern]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns)
            else:
                yield entry

    return {pattern.name: pattern.callback for pattern in walk(care_urls.urlpatterns)}


# --- The world the walk runs in ----------------------------------------------------------------


@dataclass
class World:
    links: dict[uuid.UUID, Link]
    shared: dict[uuid.UUID, SharedItem]  # what is shared right now; stopping a share removes it
    words: dict[uuid.UUID, str]  # the words each shared item reveals, kept after it stops
    never_shared: list[uuid.UUID]  # ids of the person's own unshared things
    ended: set[uuid.UUID] = field(default_factory=set)
    made_up: uuid.UUID = field(default_factory=uuid.uuid4)

    def item_ids(self) -> list[uuid.UUID]:
        return [*self.words, *self.never_shared]

    def stop_sharing(self, item: SharedItem) -> None:
        self.shared.pop(item.id)

    def end(self, link: Link) -> None:
        self.ended.add(link.id)
        for item_id in [i for i, item in self.shared.items() if item.link_id == link.id]:
            self.shared.pop(item_id)


def build_world(*, theo: Any, uma: Any, alice: Any) -> World:
    """Theo's clients Alice and Carol, and Uma's client Dave at another clinic; each shared one thing.

    Needs the reflection library loaded, and Theo and Uma at different clinics.
    """
    carol: Any = UserFactory(email="carol@example.com")
    dave: Any = UserFactory(email="dave@example.com")
    alice_link, carol_link, dave_link = link_people(theo, alice), link_people(theo, carol), link_people(uma, dave)
    pause = Sequence.objects.get(clinic_key="", slug="pause-for-kindness")

    # Alice shared one entry, then kept writing in it. Her homework is done and she lets Theo see that.
    entry = write(alice, f"{ALICE_SHARED} body", title=f"{ALICE_SHARED} title")
    alice_item = share_entry(link=alice_link, entry=entry)
    later = EntryContent(title=f"{UNSHARED} later", body=f"{UNSHARED} later", written_on=entry.written_on)
    entry_update(entry=entry, expected_version=entry.version, content=later)
    unshared = write(alice, f"{UNSHARED} body", title=f"{UNSHARED} title")
    homework_assign(link=alice_link, sequence=pause, note="When you have a quiet moment")
    link_set_homework_status(link=alice_link, show=True)
    answers = {"0": f"{UNSHARED} answer", "4": f"{UNSHARED} answer"}
    run = run_finish(run=run_start(owner=alice, sequence=pause), answers=answers)
    plan_step_save(owner=alice, section="on_my_own", body=f"{UNSHARED} plan", obstacles=f"{UNSHARED} obstacle")
    plan_contact_add(owner=alice, section="people", name=f"{UNSHARED} contact", phone="07700 900000")

    # Carol shared her safety plan, then changed it. Her contacts never travel with a shared plan.
    plan_step_save(owner=carol, section="on_my_own", body=f"{CAROL_SHARED} plan", obstacles="")
    plan_contact_add(owner=carol, section="people", name=f"{UNSHARED} contact", phone="07700 900001")
    carol_item = share_plan(link=carol_link)
    plan_step_save(owner=carol, section="on_my_own", body=f"{UNSHARED} plan", obstacles="")

    dave_item = share_entry(link=dave_link, entry=write(dave, f"{DAVE_SHARED} body"))

    items = {alice_item.id: ALICE_SHARED, carol_item.id: CAROL_SHARED, dave_item.id: DAVE_SHARED}
    return World(
        links={link.id: link for link in (alice_link, carol_link, dave_link)},
        shared={item.id: item for item in SharedItem.objects.all()},
        words=items,
        never_shared=[unshared.id, run.entry_id, run.id, plan_get_or_create(owner=alice).id],  # type: ignore[list-item]
    )


@pytest.fixture
def world(library: None, theo: Any, uma: Any, alice: Any) -> World:
    return build_world(theo=theo, uma=uma, alice=alice)


# --- How to walk each therapist and admin route -------------------------------------------------


@dataclass(frozen=True)
class Call:
    name: str
    method: str
    url: str
    link_id: uuid.UUID | None = None
    item_id: uuid.UUID | None = None


def _plain(name: str, method: str = "get", query: str = "") -> Callable[[World], list[Call]]:
    return lambda world: [Call(name, method, reverse(f"care:{name}") + query)]


def _per_link(name: str, method: str) -> Callable[[World], list[Call]]:
    return lambda world: [
        Call(name, method, reverse(f"care:{name}", args=[link_id]), link_id)
        for link_id in [*world.links, world.made_up]
    ]


def _shared_item(world: World) -> list[Call]:
    """Each link with each shared item's id and each id of something never shared."""
    return [
        Call("shared_item", "get", reverse("care:shared_item", args=[link_id, item_id]), link_id, item_id)
        for link_id, item_id in product(world.links, world.item_ids())
    ]


def _plan_suggest(world: World) -> list[Call]:
    # Sending the form is tried with the shared ids only: every other id is turned away before
    # any form is read, as the GETs show.
    pairs = [(*pair, "get") for pair in product(world.links, world.item_ids())]
    pairs += [(*pair, "post") for pair in product(world.links, world.words)]
    return [
        Call(
            "plan_suggest", method, reverse("care:plan_suggest", args=[link_id, item_id, "on_my_own"]), link_id, item_id
        )
        for link_id, item_id, method in pairs
    ]


def _invitation_cancel(world: World) -> list[Call]:
    # A made-up code id, so the walk stays repeatable; whose codes can be taken back by whom is
    # in test_invitations.py. Marked with the made-up link, which nobody can reach.
    url = reverse("care:invitation_cancel", args=[world.made_up])
    return [Call("invitation_cancel", "post", url, world.made_up)]


def _audit(world: World) -> list[Call]:
    return _plain("audit")(world) + _plain("audit", query="?page=2")(world)


ROUTES: dict[str, Callable[[World], list[Call]]] = {
    "dashboard": _plain("dashboard"),
    "invitation_create": _plain("invitation_create", "post"),
    "invitation_cancel": _invitation_cancel,
    "client": _per_link("client", "get"),
    "assign": _per_link("assign", "post"),
    "shared_item": _shared_item,
    "plan_suggest": _plan_suggest,
    "audit": _audit,
    "audit_export": _plain("audit_export"),
}


def role_of(name: str) -> str:
    return ROLE_BY_MODULE[care_routes()[name].__module__]


def reachable(call: Call, viewer: Any, world: World) -> bool:
    """The rule under test: your role's pages, your own open links, and only what is shared on them."""
    if not Membership.objects.filter(user=viewer, role=role_of(call.name)).exists():
        return False
    if call.link_id is None:
        return True
    link = world.links.get(call.link_id)
    if link is None or link.id in world.ended or link.therapist_id != viewer.pk:
        return False
    if call.item_id is None:
        return True
    item = world.shared.get(call.item_id)
    if item is None or item.link_id != link.id:
        return False
    return call.name != "plan_suggest" or item.kind == SharedItem.Kind.PLAN


def visible_to(viewer: Any, world: World) -> set[str]:
    mine = {i for i, link in world.links.items() if link.therapist_id == viewer.pk and i not in world.ended}
    names = {world.links[i].person.email for i in mine}
    return names | {world.words[i] for i, item in world.shared.items() if item.link_id in mine}


def hidden_from(viewer: Any, world: World) -> set[str]:
    everything = {UNSHARED, *world.words.values(), *(link.person.email for link in world.links.values())}
    return everything - visible_to(viewer, world)


@dataclass
class Walked:
    seen: set[str] = field(default_factory=set)
    reached: set[tuple[str, bool]] = field(default_factory=set)


def walk(world: World, viewer: Any, only: Callable[[Call], bool] = lambda call: True) -> Walked:
    """Every therapist and admin call, page and fragment, as this viewer. Fails on any leak."""
    client, walked = client_for(viewer), Walked()
    hidden, visible = hidden_from(viewer, world), visible_to(viewer, world)
    for name, calls in ROUTES.items():
        for call in filter(only, calls(world)):
            assert resolve(urlsplit(call.url).path).url_name == name, call
            allowed = reachable(call, viewer, world)
            for fragment in (False, True):
                headers = {"HX-Request": "true"} if fragment else {}
                response = getattr(client, call.method)(call.url, headers=headers)
                where = f"{viewer.email}: {call.method.upper()} {call.url}{' as a fragment' if fragment else ''}"
                body = response.content.decode()
                leaked = sorted(words for words in hidden if words in body)
                assert not leaked, f"{where} returned {leaked}"
                if allowed:
                    assert response.status_code in (200, 302), where
                    walked.reached.add((name, fragment))
                    walked.seen |= {words for words in visible if words in body}
                else:
                    assert response.status_code == 404, where
    return walked


# --- The walk's completeness --------------------------------------------------------------------


def test_every_care_route_is_person_facing_or_walked_here() -> None:
    routes = care_routes()
    assert None not in routes, "an unnamed route cannot be walked"
    in_person_modules = {name for name, view in routes.items() if view.__module__ in PERSON_MODULES}
    assert in_person_modules == PERSON_FACING, "PERSON_FACING lists exactly the views in the person's modules"
    assert {name for name, view in routes.items() if view.__module__ == "care.views.join"} == JOINING
    staff = set(routes) - PERSON_FACING - JOINING
    assert staff == set(ROUTES), "every therapist and admin route says how to walk it in ROUTES"
    assert {routes[name].__module__ for name in staff} <= set(ROLE_BY_MODULE)


# --- What each viewer gets ----------------------------------------------------------------------


@pytest.mark.django_db
def test_every_therapist_and_admin_response_holds_only_what_was_shared_with_that_viewer(
    world: World, theo: Any, tess: Any, uma: Any, ada: Any, bob: Any
) -> None:
    """Theo, his colleague Tess, Uma at another clinic, the clinic admin, and a person with no role.

    Each gets not found for every link and item that is not theirs, and sees every word shared with
    them somewhere on the way, so the walk would find unshared words too.
    """
    reached: set[tuple[str, bool]] = set()
    for viewer in (theo, tess, uma, ada, bob):
        walked = walk(world, viewer)
        assert walked.seen == visible_to(viewer, world), viewer.email
        reached |= walked.reached
    expected = {(name, fragment) for name in ROUTES if name != "invitation_cancel" for fragment in (False, True)}
    assert reached == expected, "every route answered (a made-up code is never anyone's to take back)"


@pytest.mark.django_db
def test_finished_homework_shows_as_done_but_never_its_answers(world: World, theo_client: Client, alice: Any) -> None:
    alice_link = next(link for link in world.links.values() if link.person_id == alice.pk)
    page = theo_client.get(reverse("care:client", args=[alice_link.id])).content.decode()
    assert "Finished" in page and "Pause for kindness" in page
    assert UNSHARED not in page


@pytest.mark.django_db
def test_stopping_a_share_takes_effect_on_the_next_request(world: World, theo: Any, theo_client: Client) -> None:
    carol_item = next(item for item in world.shared.values() if item.kind == SharedItem.Kind.PLAN)
    url = reverse("care:shared_item", args=[carol_item.link_id, carol_item.id])
    assert CAROL_SHARED in theo_client.get(url).content.decode()

    client_for(carol_item.link.person).post(reverse("care:share_stop", args=[carol_item.id]))
    world.stop_sharing(carol_item)

    # Every page naming the item is now not found, and no page shows its words.
    assert CAROL_SHARED not in walk(world, theo, only=lambda call: call.item_id in (None, carol_item.id)).seen
    assert not SharedItem.objects.filter(pk=carol_item.pk).exists()


@pytest.mark.django_db
def test_ending_the_link_takes_effect_on_the_next_request(
    world: World, theo: Any, theo_client: Client, alice: Any, alice_client: Client
) -> None:
    link = next(link for link in world.links.values() if link.person_id == alice.pk)
    assert theo_client.get(reverse("care:client", args=[link.id])).status_code == 200

    alice_client.post(reverse("care:link_end", args=[link.id]))
    world.end(link)

    # Every page naming the link is now not found, and no page shows her or her words.
    seen = walk(world, theo, only=lambda call: call.link_id in (None, link.id)).seen
    assert "alice@example.com" not in seen and ALICE_SHARED not in seen
    assert "carol@example.com" in seen, "Theo's other client is untouched"
    assert not SharedItem.objects.filter(link=link).exists(), "the copies and their keys are gone"


# --- Rules the walk does not cover -------------------------------------------------------------


@pytest.mark.django_db
def test_a_clinic_admin_sees_only_their_own_clinics_audit_log(
    clinic: Any, theo: Any, uma: Any, ada: Any, other_clinic: Any
) -> None:
    client_for(theo).get(reverse("care:dashboard"))
    client_for(uma).get(reverse("care:dashboard"))
    otto = member(other_clinic, "otto@example.com", role=Membership.Role.ADMIN, name="Otto")
    for url in (reverse("care:audit"), reverse("care:audit_export")):
        for headers in ({}, {"HX-Request": "true"}):
            harbour = client_for(ada).get(url, headers=headers).content.decode()
            hillside = client_for(otto).get(url, headers=headers).content.decode()
            assert "theo@example.com" in harbour and "uma@example.com" not in harbour, url
            assert "uma@example.com" in hillside and "theo@example.com" not in hillside, url


@pytest.mark.django_db
def test_a_therapist_who_leaves_the_clinic_leaves_its_clients_behind(
    world: World, theo: Any, theo_client: Client, other_clinic: Any
) -> None:
    Membership.objects.filter(user=theo).update(clinic=other_clinic)
    for link_id in world.links:
        assert theo_client.get(reverse("care:client", args=[link_id])).status_code == 404
    page = theo_client.get(reverse("care:dashboard")).content.decode()
    assert "alice@example.com" not in page and ALICE_SHARED not in page


@pytest.mark.django_db
def test_two_clients_of_one_therapist_never_see_each_other(world: World, alice: Any) -> None:
    alice_item = next(item for item in world.shared.values() if item.link.person_id == alice.pk)
    carol = next(link.person for link in world.links.values() if link.person.email == "carol@example.com")
    carol_client = client_for(carol)
    assert carol_client.get(reverse("care:share_stop", args=[alice_item.id])).status_code == 405
    assert carol_client.post(reverse("care:share_stop", args=[alice_item.id])).status_code == 404
    assert carol_client.post(reverse("care:link_end", args=[alice_item.link_id])).status_code == 404
    assert carol_client.get(reverse("care:shared_copy", args=[alice_item.id])).status_code == 404
    assert SharedItem.objects.filter(pk=alice_item.pk).exists()
    assert Link.objects.get(pk=alice_item.link_id).ended_at is None

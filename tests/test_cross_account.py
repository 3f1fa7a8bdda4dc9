"""Nobody reaches another person's things by their id: every URL, every id, every kind of visitor.

Alice has one of everything a person can own (entries, reflections, a plan and its contacts,
coping items, victories, supporters with their links, copies and replies, a therapist's link with
shared items, homework and a suggestion). Then, for every route in the project whose address
takes a parameter, each of Alice's ids is put in every slot and sent, by GET and by POST, as a
page and as an HTMX fragment, by someone else: another person, a therapist at another clinic, and
someone signed out. Nothing Alice wrote may come back, nothing may fail, nothing may change.

Routes are read from the resolver, so a new one is walked as soon as it exists; those whose
parameter is not someone's id (a date, a public reflection, a section's name) say why below.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from care import services as care_services
from care.models import AuditEvent, Clinic, Membership
from care.suggestions import plan_suggestion_create
from journal.kept_words import kept_words_keep
from journal.services import EntryContent, entry_create, entry_trash
from progress.models import VictoryKind
from progress.services import victory_add, victory_mark_entry
from prompts.models import Sequence
from prompts.services import run_start, sequence_save
from safety.models import CopingItem
from safety.services import coping_item_add, plan_contact_add, plan_get_or_create, plan_step_save
from supporters import reader_views
from supporters import services as supporter_services
from supporters.models import SupporterLink
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SECRET = f"alice-secret-{uuid.uuid4().hex[:12]}"
PROJECT_APPS = {"accounts", "journal", "safety", "prompts", "care", "progress", "supporters"}
# Routes whose parameter never names something a person owns, each with the reason.
NOT_OWNED = {
    # A date: it picks which of your own days to show (test_ownership.py shows only your own).
    "journal/day/<int:year>/<int:month>/<int:day>/",
    # Section and starter names from the code, the same for everyone; the owner is request.user.
    "safety/plan/<slug:section>/",
    "safety/plan/<slug:section>/contacts/",
    "safety/coping/starters/<slug:starter>/",
    "safety/coping/starters/<slug:starter>/hide/",
    # A region's crisis lines, public on purpose (they work offline, for anyone).
    "offline/<str:region>/",
    # The telling cards: the same words for everyone.
    "people-around-you/words/<slug:key>/",
    # Bearer codes, by design: whoever holds one may use it. Tried with made-up codes below.
    "care/accept/<str:code>/",
    "people-around-you/for-you/<str:token>/",
}
_CONVERTER = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>[^>]+)>")


def _patterns(resolvers: list[Any] | None = None, prefix: str = "") -> Iterator[str]:
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def owned_routes() -> list[str]:
    """The project's own routes with a parameter (not the admin's, not allauth's)."""
    return sorted(
        route
        for route in _patterns()
        if "<" in route and not route.startswith(("admin/", "accounts/")) and route not in NOT_OWNED
    )


# Whose id each parameter names. Each slot gets every one of Alice's ids of these models, and
# an id of something else of hers (a uuid of another model) and a made-up one.
MODELS_BY_PARAMETER = {
    "entry_id": ["journal.Entry"],
    "tag_id": ["journal.Tag"],
    "kept_id": ["journal.KeptWords"],
    "link_id": ["care.Link"],
    "item_id": ["care.SharedItem", "safety.CopingItem"],
    "invitation_id": ["care.Invitation"],
    "suggestion_id": ["care.PlanSuggestion"],
    "victory_id": ["progress.Victory"],
    "supporter_id": ["supporters.Supporter"],
    "copy_id": ["supporters.SupporterShare"],
    "reply_id": ["supporters.SupporterReply"],
    "run_id": ["prompts.Run"],
    "contact_id": ["safety.PlanContact"],
    # The shared library is everyone's; a clinic's own reflections are its clients' and staff's.
    "sequence_id": [],
}
# Her therapist's own pages, which open her link and what she shared on it (tests/care/test_scoping.py
# walks them); everything else of hers, her side of the link included, is not theirs to reach.
THERAPISTS_OWN = ("care/clients/", "reflections/")
UUIDS = {name for name, labels in MODELS_BY_PARAMETER.items() if labels}
# The other parameters of a walked route hold a value that is fine on its own.
PLAIN_VALUES = {"section": "on_my_own"}


@dataclass
class World:
    alice: Any
    visitors: dict[str, Any]
    ids: dict[str, list[str]]
    other_id: str
    reader: str  # her supporter's page, whose address is its key


def _build_world() -> World:
    call_command("prompts_load", verbosity=0)
    alice: Any = UserFactory(email="alice@example.com")
    bob: Any = UserFactory(email="bob@example.com")
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    elsewhere = Clinic.objects.create(name="Hillside Practice", key="hillside")
    theo: Any = UserFactory(email="theo@example.com")
    uma: Any = UserFactory(email="uma@example.com")
    Membership.objects.create(clinic=clinic, user=theo, role=Membership.Role.THERAPIST, display_name="Theo")
    Membership.objects.create(clinic=elsewhere, user=uma, role=Membership.Role.THERAPIST, display_name="Uma")
    ida: Any = UserFactory(email="ida@example.com")
    Membership.objects.create(clinic=elsewhere, user=ida, role=Membership.Role.ADMIN, display_name="Ida")

    membership = Membership.objects.get(user=theo)
    link = care_services.invitation_accept(
        code=care_services.invitation_create(membership=membership).code, person=alice
    )
    care_services.invitation_create(membership=membership)  # an open invitation of Theo's
    entry = entry_create(author=alice, title=f"{SECRET} title", body=f"{SECRET} body", tags=["sleep"])
    entry_create(author=alice, body=f"{SECRET} draft", is_draft=True)
    kept = EntryContent(title="", body=f"{SECRET} kept", written_on=entry.written_on)
    kept_words_keep(entry=entry, page=uuid.uuid4(), content=kept)
    entry_trash(entry=entry_create(author=alice, body=f"{SECRET} trashed"))
    care_services.share_entry(link=link, entry=entry)
    plan_step_save(owner=alice, section="on_my_own", body=f"{SECRET} plan", obstacles="")
    plan_contact_add(owner=alice, section="people", name=f"{SECRET} contact", phone="07700 900000")
    plan_item = care_services.share_plan(link=link)
    plan_suggestion_create(item=plan_item, section="on_my_own", body=f"{SECRET} suggestion", therapist=theo)
    coping_item_add(owner=alice, group=CopingItem.Group.values[0], text=f"{SECRET} coping")
    victory_mark_entry(owner=alice, entry=entry)
    victory_add(owner=alice, kind=VictoryKind.CONVERSATION, note=f"{SECRET} victory")
    sequence = Sequence.objects.get(clinic_key="", slug="pause-for-kindness")
    run_start(owner=alice, sequence=sequence)
    care_services.homework_assign(link=link, sequence=sequence, note=f"{SECRET} homework")
    supporter = supporter_services.supporter_add(owner=alice, name=f"{SECRET} supporter")
    reader = reverse(
        "supporters:read", args=[supporter_services.link_make(supporter=supporter, days=7, with_code=False).token]
    )
    supporter_services.share_entry(supporter=supporter, entry=entry)
    supporter_services.reply_add(link=SupporterLink.objects.get(supporter=supporter), body=f"{SECRET} reply")

    ids = {
        name: [str(pk) for label in labels for pk in apps.get_model(label).objects.values_list("pk", flat=True)]
        for name, labels in MODELS_BY_PARAMETER.items()
    }
    ours = sequence_save(definition=sequence.latest.definition, clinic_key="harbour").sequence  # type: ignore[union-attr]
    ids["sequence_id"] = [str(ours.pk)]
    assert all(ids.values()), "Alice has one of each"
    visitors = {
        "another person": bob,
        "a therapist at another clinic": uma,
        "her own therapist": theo,
        "signed out": None,
        "her supporter": None,
    }
    other_id = str(plan_get_or_create(owner=alice).id)
    return World(alice=alice, visitors=visitors, ids=ids, other_id=other_id, reader=reader)


def _database(own_clinics: set[int]) -> dict[str, str]:
    """A fingerprint of every table Waypoint keeps, but the visitors' own sign-in sessions."""
    tables: dict[str, str] = {}
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model._meta.model_name in {"session", "sessionmark"}:
            continue
        model_any: Any = model
        rows_of = model_any.objects.order_by("pk")
        if model is AuditEvent:
            rows_of = rows_of.exclude(clinic_id__in=own_clinics)
        rows = repr(list(rows_of.values_list()))
        tables[model._meta.label] = hashlib.sha256(rows.encode()).hexdigest()
    return tables


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _urls(route: str, world: World) -> Iterator[str]:
    """The route with each of Alice's ids in each of its id slots; the other slots hold a real one."""
    names = [match.group("name") for match in _CONVERTER.finditer(route) if match.group("kind") in ("uuid", "int")]
    for name in names:
        others = [world.other_id, str(uuid.uuid4())] if name in UUIDS else ["0", str(2**63), "9" * 30]
        for object_id in [*world.ids[name], *others]:
            values = {other: world.ids[other][0] for other in names} | PLAIN_VALUES | {name: object_id}
            yield "/" + _CONVERTER.sub(partial(_value, values), route)


def _value(values: dict[str, str], match: re.Match[str]) -> str:
    return values[match.group("name")]


def test_every_route_with_a_parameter_is_walked_here_or_says_why_not() -> None:
    routes = owned_routes()
    assert "journal/<uuid:entry_id>/" in routes
    assert "people-around-you/copies/<uuid:copy_id>/stop/" in routes
    assert all(route in {*_patterns()} for route in NOT_OWNED), "a route named here is gone"
    for route in routes:
        for match in _CONVERTER.finditer(route):
            known = MODELS_BY_PARAMETER if match.group("kind") in ("uuid", "int") else PLAIN_VALUES
            assert match.group("name") in known, f"{route}: say how to fill {match.group(0)}"


def _clinic_audit_of(user: Any) -> set[int]:
    # Opening what is not shared is noted in the visitor's own clinic's audit log, on purpose
    # (care/views/therapist.py): that log is the clinic's, and nothing of Alice's changes.
    return set(Membership.objects.filter(user=user).values_list("clinic_id", flat=True)) if user else set()


@pytest.mark.parametrize(
    "visitor", ["another person", "a therapist at another clinic", "her own therapist", "signed out", "her supporter"]
)
def test_nobody_reaches_another_persons_things_by_their_ids(visitor: str) -> None:
    world = _build_world()
    user = world.visitors[visitor]
    client = _client(user)
    if visitor == "her supporter":
        # The page her link opens, read first: whatever it keeps in the session opens nothing else.
        client.post(world.reader, {reader_views.OPEN: "1"})
        assert SECRET in client.get(world.reader).content.decode()
    # Real targets: Alice herself opens her entry and her clinic's own reflection.
    alices = _client(world.alice)
    assert alices.get(reverse("journal:entry", args=[world.ids["entry_id"][0]])).status_code == 200
    assert alices.get(reverse("prompts:sequence", args=[world.ids["sequence_id"][0]])).status_code == 200
    own_clinics = _clinic_audit_of(user)
    before = _database(own_clinics)
    data = {"body": "x", "text": "x", "note": "x", "decision": "accept", "show": "on", "days": "7"}
    for route in owned_routes():
        if visitor == "her own therapist" and route.startswith(THERAPISTS_OWN):
            continue
        for url in _urls(route, world):
            for method, htmx in (("get", False), ("get", True), ("post", False), ("post", True)):
                headers = {"HX-Request": "true"} if htmx else {}
                response = getattr(client, method)(url, data if method == "post" else None, headers=headers)
                where = f"{visitor}: {method.upper()} {url}{' (htmx)' if htmx else ''}"
                assert SECRET not in response.content.decode(errors="replace"), f"{where} showed Alice's words"
                if response.status_code == 405:
                    continue  # the wrong method is turned away before anyone is asked who they are
                if user is None:
                    # The sign-in page, or where words were being sent, a 401 that keeps them
                    # (accounts/signed_out.py).
                    signed_in = response.status_code == 302 and response["Location"].startswith("/accounts/login/")
                    assert signed_in or response.status_code == 401, f"{where} answered {response.status_code}"
                else:
                    assert response.status_code in (404, 405), f"{where} answered {response.status_code}"
        changed = sorted(table for table, rows in _database(own_clinics).items() if before[table] != rows)
        assert not changed, f"{visitor}: {route} changed {changed}"


def _alices_rows(alice: Any) -> dict[str, str]:
    """Every row that points at Alice, by any field that names a person, table by table."""
    tables: dict[str, str] = {}
    user_model = apps.get_model("accounts.User")
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        model_any: Any = model
        for field in model._meta.get_fields():
            if getattr(field, "many_to_one", False) and field.related_model is user_model and field.concrete:
                rows = model_any.objects.filter(**{field.name: alice}).order_by("pk").values_list()
                tables[f"{model._meta.label}.{field.name}"] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return tables


def test_fields_naming_someone_else_are_ignored_or_refused() -> None:
    """Mass assignment: every form that makes something, sent with extra fields naming Alice and
    her things, makes it for the sender alone, and sharing to her people is refused."""
    world = _build_world()
    alice, bob = world.alice, world.visitors["another person"]
    supporter_services.supporter_add(owner=bob, name="Bob's friend")
    bobs_entry = entry_create(author=bob, body="Bob's own")
    client = _client(bob)
    theirs = {
        "owner": alice.pk,
        "user": alice.pk,
        "author": alice.pk,
        "person": alice.pk,
        "therapist": alice.pk,
        "clinic": Clinic.objects.first().pk,  # type: ignore[union-attr]
        "link": world.ids["link_id"][0],
        "supporter": world.ids["supporter_id"][0],
        "entry": world.ids["entry_id"][0],
    }
    before = _alices_rows(alice)
    copies = set(apps.get_model("supporters.SupporterShare").objects.values_list("pk", flat=True))
    forms: list[tuple[str, list[Any], dict[str, Any]]] = [
        ("journal:new", [], {"entry_id": str(uuid.uuid4()), "version": 0, "body": "x", "written_on": "2026-01-02"}),
        ("safety:coping_add", [], {"group": CopingItem.Group.values[0], "text": "x"}),
        ("safety:plan_contact_add", ["people"], {"name": "x", "phone": "0123"}),
        ("safety:plan_step", ["on_my_own"], {"body": "x", "obstacles": ""}),
        ("progress:victory_add", [], {"kind": VictoryKind.CONVERSATION, "note": "x", "about_on": "2026-01-02"}),
        ("supporters:people", [], {"name": "Someone new", "email": ""}),
        ("supporters:share_entry", [bobs_entry.id], {}),
        ("supporters:share_plan", [], {}),
        ("care:share_entry", [bobs_entry.id], {}),
        ("care:share_plan", [], {}),
    ]
    for name, args, data in forms:
        response = client.post(reverse(name, args=args), {"kind": "free", **data, **theirs})
        assert response.status_code < 500, f"{name} answered {response.status_code}"
        assert SECRET not in response.content.decode(errors="replace"), f"{name} showed Alice's words"
    changed = sorted(table for table, rows in _alices_rows(alice).items() if before[table] != rows)
    assert not changed, f"Bob's forms changed Alice's {changed}"
    new_copies = apps.get_model("supporters.SupporterShare").objects.exclude(pk__in=copies)
    assert not new_copies.exists(), "a copy went to Alice's supporter"
    # The forms did their work, for Bob: the extra fields were not why nothing of Alice's changed.
    for label, field in [
        ("journal.Entry", "owner"),
        ("safety.CopingItem", "owner"),
        ("safety.PlanContact", "plan__owner"),
        ("progress.Victory", "owner"),
    ]:
        assert apps.get_model(label).objects.filter(**{field: bob}).exists(), label
    assert apps.get_model("supporters.Supporter").objects.filter(owner=bob).count() == 2


def test_another_persons_passkey_cannot_be_renamed_or_removed(alice: Any, bob: Any, bob_client: Client) -> None:
    """allauth's passkey pages take the key's number in the address; Bob, freshly signed in again
    (so no reauthentication step stands in the way), still reaches only his own."""
    from allauth.mfa.models import Authenticator

    key = Authenticator.objects.create(user=alice, type=Authenticator.Type.WEBAUTHN, data={"name": f"{SECRET} key"})
    own = Authenticator.objects.create(user=bob, type=Authenticator.Type.WEBAUTHN, data={"name": "Bob's key"})
    bob_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert bob_client.get(f"/accounts/2fa/webauthn/keys/{own.pk}/edit/").status_code == 200
    for url in (f"/accounts/2fa/webauthn/keys/{key.pk}/edit/", f"/accounts/2fa/webauthn/keys/{key.pk}/remove/"):
        for method in ("get", "post"):
            response = getattr(bob_client, method)(url, {"name": "Bob's now"} if method == "post" else None)
            assert response.status_code == 404, f"{method.upper()} {url} answered {response.status_code}"
            assert SECRET not in response.content.decode()
    key.refresh_from_db()
    assert key.data == {"name": f"{SECRET} key"}


def _headers_problems(response: Any) -> list[str]:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    problems = [
        *(["stored by the browser"] if "no-store" not in headers.get("Cache-Control", "") else []),
        *(["no strict CSP"] if "script-src 'self'" not in csp or "unsafe-" in csp else []),
        *(["may be framed"] if "frame-ancestors 'none'" not in csp or headers.get("X-Frame-Options") != "DENY" else []),
        *(["sends its address on"] if headers.get("Referrer-Policy") != "no-referrer" else []),
    ]
    # Nothing from anywhere else: every source the policy names is this site's own.
    return problems + [f"names {word}" for word in re.findall(r"https?://\S+", csp)]


def test_every_page_for_every_visitor_carries_the_privacy_headers() -> None:
    """Not only the pages tested one by one: every address without a parameter, for each kind of
    visitor, and the pages behind Alice's ids and her supporter's link (whose address is its key)."""
    world = _build_world()
    alice = world.alice
    theo = Membership.objects.get(clinic__key="harbour").user
    plain = sorted(
        "/" + route
        for route in _patterns()
        if "<" not in route and "(" not in route and "^" not in route and not route.startswith("admin/")
        if not re.search(r"(logout|locked|leave|delete)/", route)
    )
    token = supporter_services.link_make(
        supporter=apps.get_model("supporters.Supporter").objects.get(owner=alice), days=7, with_code=False
    ).token
    own = [
        reverse("journal:entry", args=[world.ids["entry_id"][0]]),
        reverse("journal:print_entry", args=[world.ids["entry_id"][0]]),
        reverse("supporters:person", args=[world.ids["supporter_id"][0]]),
        reverse("safety:plan_download"),
        reverse("supporters:read", args=[token]),
    ]
    problems = []
    for user, urls in ((alice, plain + own), (theo, plain), (None, plain)):
        client = _client(user)
        for url in urls:
            response = client.get(url)
            problems += [f"{url} ({user or 'signed out'}): {p}" for p in _headers_problems(response)]
    assert not problems, problems

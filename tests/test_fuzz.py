"""Property-based fuzzing (Hypothesis): hostile input anywhere gets an answer, never a server error,
and a rejected save never drops what the person wrote (issue 11).

Nothing here is listed by hand. URL patterns with parameters come from the URL resolver, query
parameter names from the code that reads them, and forms from the pages themselves (crawled
signed out and as each kind of user), so a new URL, query parameter or form is fuzzed as soon as
it exists. Examples are derandomized and bounded, so a run is reproducible and quick.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from care import services as care_services
from care.models import Clinic, Membership
from journal.models import Entry
from journal.selectors import entry_texts
from journal.services import entry_create, entry_trash
from progress.models import VictoryKind
from progress.services import victory_add, victory_mark_entry
from prompts.models import Sequence
from prompts.services import run_start
from safety.models import CopingItem
from safety.plan_sections import CONTACT_SECTIONS, SECTIONS
from safety.services import coping_item_add, plan_contact_add, plan_step_save
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PROJECT_APPS = {"accounts", "journal", "safety", "prompts", "backups", "care", "progress", "supporters"}
FUZZ = hypothesis_settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    # No shrinking: a failure is reported as found, and a run stays bounded in time.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Leaving (sign-out, the lock page, quick exit) would only end the crawl's own session.
NOT_CRAWLED = re.compile(r"/(logout|locked|exit|leave)/|^/static/|^/favicon")
MAX_PAGES = 75  # every plain route up to the journal's search, and the lock's pages, fit in
IDENTITIES = ("signed_out", "person", "therapist", "clinic_admin", "site_admin")


# --- Strategies ----------------------------------------------------------------------------------

# Anything a keyboard, a paste or a script could send: every plane, controls, right-to-left marks,
# combining characters, markup. Lone surrogates cannot be encoded by any browser, so never sent.
hostile_text = st.one_of(
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=400),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "%00%2e%2e%2f",
            "\u202e\u0661\u0662",
            "ﷺ" * 50,
            "🌧️" * 3000,
            "a" * 100_001,
            "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
            "-1",
            "0",
            "99999999999999999999",
            "1e309",
            "NaN",
            "0001-01-01",
            "9999-12-31",
            "2026-02-30",
        ]
    ),
)
huge_int = st.one_of(st.integers(min_value=0, max_value=10**25), st.sampled_from([0, 1, 12, 31, 2**31, 2**63, 10**20]))


# --- The world the fuzzer walks in ---------------------------------------------------------------


@dataclass
class World:
    users: dict[str, Any]
    # Real ids from the database, so the fuzzer also reaches the pages behind them, not only 404s.
    ids: list[str] = field(default_factory=list)
    ints: list[int] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


def _build_world() -> World:
    call_command("prompts_load", verbosity=0)
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    users: dict[str, Any] = {
        "person": UserFactory(email="alice@example.com"),
        "therapist": UserFactory(email="theo@example.com"),
        "clinic_admin": UserFactory(email="ada@example.com"),
        "site_admin": UserFactory(email="root@example.com", is_staff=True, is_superuser=True),
        "other": UserFactory(email="bob@example.com"),
    }
    Membership.objects.create(
        clinic=clinic, user=users["therapist"], role=Membership.Role.THERAPIST, display_name="Theo"
    )
    Membership.objects.create(clinic=clinic, user=users["clinic_admin"], role=Membership.Role.ADMIN, display_name="Ada")
    alice: Any = users["person"]
    membership = Membership.objects.get(user=users["therapist"])
    link = care_services.invitation_accept(
        code=care_services.invitation_create(membership=membership).code, person=alice
    )
    open_invitation = care_services.invitation_create(membership=membership)
    shared = entry_create(author=alice, title="Shared", body="A day I shared", mood=2, tags=["sleep"])
    care_services.share_entry(link=link, entry=shared)
    victory_mark_entry(owner=alice, entry=shared)
    victory_add(owner=alice, kind=VictoryKind.CONVERSATION, note="Talked to Sam")
    care_services.share_plan(link=link)
    entry_create(author=alice, body="A draft", is_draft=True, written_on=date(2026, 1, 2))
    entry_trash(entry=entry_create(author=alice, body="In the trash"))
    entry_create(author=users["other"], body="Bob's own")
    plan_step_save(owner=alice, section=SECTIONS[0].slug, body="Not sleeping", obstacles="")
    plan_contact_add(owner=alice, section=CONTACT_SECTIONS[0], name="Sam", phone="0123")
    coping_item_add(owner=alice, group=CopingItem.Group.values[0], text="A warm drink")
    sequence = Sequence.objects.first()
    if sequence is not None:
        run_start(owner=alice, sequence=sequence)
        care_services.homework_assign(link=link, sequence=sequence, note="If it feels okay")
    world = World(users=users, codes=[open_invitation.code, "NOT-A-CODE"])
    for model in apps.get_models():
        model_any: Any = model
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for pk in model_any.objects.values_list("pk", flat=True)[:20]:
            if isinstance(pk, uuid.UUID):
                world.ids.append(str(pk))
            elif isinstance(pk, int):
                world.ints.append(pk)
    return world


@pytest.fixture
def world(db: None) -> World:
    return _build_world()


def _client(world: World, identity: str) -> Client:
    # A fresh one each time: a request may sign out (the lock page does), and the next must not inherit that.
    client = Client()
    if identity != "signed_out":
        client.force_login(world.users[identity])
    return client


def _clients(world: World) -> dict[str, Client]:
    """One signed-in client per identity, for requests that cannot sign anyone out (NOT_CRAWLED)."""
    return {identity: _client(world, identity) for identity in IDENTITIES}


def _assert_answered(response: Any, what: str) -> None:
    assert response.status_code < 500, f"{what} answered {response.status_code}"


# --- Every URL with parameters, from the resolver ------------------------------------------------

_CONVERTER = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>[^>]+)>")


def _patterns(resolvers: list[Any] | None = None, prefix: str = "") -> Iterator[str]:
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route


def _one_per_admin_model(routes: list[str]) -> list[str]:
    # Django's admin repeats one set of views for every model; fuzzing one model's set covers them.
    kept: dict[str, str] = {}
    for route in sorted(routes):
        kept.setdefault(re.sub(r"^admin/[a-z_]+/[a-z_]+/(?=\S)", "admin/<model>/", route), route)
    return sorted(kept.values())


ROUTES_WITH_PARAMETERS = _one_per_admin_model([route for route in _patterns() if "<" in route or "(?P<" in route])


def _value_for(kind: str, world: World) -> st.SearchStrategy[str]:
    if kind == "int":
        return st.one_of(st.sampled_from(world.ints or [1]), huge_int).map(str)
    if kind == "uuid":
        return st.one_of(st.sampled_from(world.ids or [str(uuid.uuid4())]), st.uuids().map(str))
    if kind == "slug":
        return st.one_of(
            st.sampled_from([section.slug for section in SECTIONS]),
            st.from_regex(r"[-a-zA-Z0-9_]{1,60}", fullmatch=True),
        )
    named = st.sampled_from(world.codes) if world.codes else st.just("code")
    return st.one_of(named, hostile_text.filter(bool).map(lambda s: s[:300]))


def _fill(route: str, world: World, data: st.DataObject) -> str:
    if "(?P<" in route:
        # A regular-expression route (allauth's keys): anything its pattern accepts.
        head, _, regex = route.partition("^")
        return "/" + head + data.draw(st.from_regex(regex, fullmatch=True).map(lambda s: quote(s, safe="/")))
    path = _CONVERTER.sub(
        lambda m: quote(data.draw(_value_for(m.group("kind") or "str", world)), safe=""),
        route,
    )
    return "/" + path


def test_every_url_with_parameters_answers_without_a_server_error(world: World) -> None:
    # One test walks every route, so the world is built once; a failure names its URL.
    assert "journal/day/<int:year>/<int:month>/<int:day>/" in ROUTES_WITH_PARAMETERS
    clients = _clients(world)
    for route in ROUTES_WITH_PARAMETERS:
        _route_fuzzer(route, world, clients)()


def _route_fuzzer(route: str, world: World, clients: dict[str, Client]) -> Any:
    @FUZZ
    @given(data=st.data())
    def fuzz(data: st.DataObject) -> None:
        url = _fill(route, world, data)
        identity = data.draw(st.sampled_from(IDENTITIES))
        htmx = {"HX-Request": "true"} if data.draw(st.booleans()) else {}
        method = data.draw(st.sampled_from(["get", "post"]))
        # A drawn URL may be a way out (admin's catch-all takes "logout/"): that one gets its own client.
        client = _client(world, identity) if NOT_CRAWLED.search(url) else clients[identity]
        response = getattr(client, method)(url, headers=htmx)
        _assert_answered(response, f"{method.upper()} {url} as {identity}")

    return fuzz


# --- Every query parameter the code reads, on every page -----------------------------------------


def _query_names() -> list[str]:
    names: set[str] = set()
    for app in PROJECT_APPS | {"config"}:
        for source in (ROOT / app).rglob("*.py"):
            names.update(re.findall(r"GET\.get\(\s*[\"']([a-z_]+)[\"']", source.read_text()))
    return sorted(names | {"q", "start", "end", "region"})


QUERY_NAMES = _query_names()
PLAIN_ROUTES = [
    "/" + route
    for route in _one_per_admin_model([r for r in _patterns() if "<" not in r and "(" not in r and "$" not in r])
    if not NOT_CRAWLED.search("/" + route)
]


def test_every_page_takes_any_query_without_a_server_error(world: World) -> None:
    assert {"month", "page", "mood", "tag"} <= set(QUERY_NAMES)
    clients = _clients(world)
    for path in PLAIN_ROUTES:
        _query_fuzzer(path, clients)()


def _query_fuzzer(path: str, clients: dict[str, Client]) -> Any:
    @hypothesis_settings(FUZZ, max_examples=2)
    @given(
        query=st.dictionaries(st.sampled_from(QUERY_NAMES), hostile_text.map(lambda s: s[:2000]), max_size=4),
        identity=st.sampled_from(IDENTITIES),
    )
    def fuzz(query: dict[str, str], identity: str) -> None:
        url = f"{path}?{urlencode(query)}"
        _assert_answered(clients[identity].get(url), f"GET {url} as {identity}")

    return fuzz


# --- Every form, found on the pages themselves ---------------------------------------------------


@dataclass
class FormField:
    name: str
    kind: str  # input type, "textarea" or "select"
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class FoundForm:
    action: str
    fields: dict[str, FormField] = field(default_factory=dict)


class _PageParser(HTMLParser):
    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.links: set[str] = set()
        self.forms: list[FoundForm] = []
        self.textareas: dict[str, str] = {}
        self._form: FoundForm | None = None
        self._select: FormField | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href", "").startswith("/"):
            self.links.add(a["href"].split("#")[0])
        elif tag == "form" and a.get("method", "get").lower() == "post":
            self._form = FoundForm(action=a.get("action") or self.url)
            self.forms.append(self._form)
        elif tag in {"input", "button"} and self._form is not None and a.get("name"):
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            known = self._form.fields.setdefault(a["name"], FormField(a["name"], kind, a.get("value", "")))
            known.options.append(a.get("value", ""))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.textareas[a["name"]] = ""
            if self._form is not None:
                self._form.fields[a["name"]] = FormField(a["name"], "textarea")
        elif tag == "select" and self._form is not None and a.get("name"):
            self._select = self._form.fields.setdefault(a["name"], FormField(a["name"], "select"))
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.textareas[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _parse(url: str, html: str) -> _PageParser:
    parser = _PageParser(url)
    parser.feed(html)
    return parser


def _crawl(client: Client) -> dict[tuple[str, tuple[str, ...]], FoundForm]:
    """Every page reachable by links from the home page and the plain routes; their post forms."""
    queue = ["/", *PLAIN_ROUTES]
    seen: set[str] = set()
    forms: dict[tuple[str, tuple[str, ...]], FoundForm] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen or NOT_CRAWLED.search(url) or url.startswith("/admin/"):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = _parse(url, response.content.decode())
        queue.extend(sorted(page.links - seen))
        for form in page.forms:
            path = urlsplit(form.action).path or url
            # One of each kind: a list of twenty items has twenty forms that differ only by id.
            shape = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "<id>", path)
            forms.setdefault((shape, tuple(sorted(form.fields))), FoundForm(path, form.fields))
    return forms


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()


def _draw_value(data: st.DataObject, spec: FormField) -> str:
    if spec.name == "csrfmiddlewaretoken":
        return spec.value
    if spec.kind in {"radio", "checkbox", "select", "submit"} and spec.options:
        return data.draw(st.one_of(st.sampled_from(spec.options), hostile_text))
    if spec.kind == "hidden":
        return data.draw(st.one_of(st.just(spec.value), hostile_text))
    return data.draw(hostile_text)


def test_every_form_answers_without_a_server_error_and_keeps_the_words(world: World) -> None:
    found = {identity: _crawl(_client(world, identity)) for identity in IDENTITIES[:-1]}
    actions = {action for forms in found.values() for action, _ in forms}
    assert {"/journal/new/", "/accounts/login/", "/journal/search/"} <= actions
    for identity, forms in found.items():
        _fuzz_forms(world, identity, forms)


def _fuzz_forms(world: World, identity: str, forms: dict[tuple[str, tuple[str, ...]], FoundForm]) -> None:
    for form in forms.values():
        if any(spec.kind == "file" for spec in form.fields.values()):
            continue  # the import form: hardened and fuzzed with journal/portability.py
        _form_fuzzer(world, identity, form)()


def _form_fuzzer(world: World, identity: str, form: FoundForm) -> Any:
    @hypothesis_settings(FUZZ, max_examples=3)
    @given(data=st.data())
    def fuzz(data: st.DataObject) -> None:
        sent = {name: _draw_value(data, spec) for name, spec in form.fields.items()}
        htmx = {"HX-Request": "true"} if data.draw(st.booleans()) else {}
        response = _client(world, identity).post(form.action, sent, headers=htmx)
        _assert_answered(response, f"POST {form.action} as {identity}")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            return
        # A rejected save shows the form again: every textarea holds what was sent.
        echoed = _parse(form.action, response.content.decode()).textareas
        for name, spec in form.fields.items():
            if spec.kind == "textarea" and name in echoed:
                assert _normal(echoed[name]) == _normal(sent[name]), f"{form.action} lost the text in {name}"

    return fuzz


# --- The editor, closely: every save either lands as written or comes back with the text -------


@hypothesis_settings(FUZZ, max_examples=25)
@given(
    title=hostile_text.map(lambda s: s[:300]),
    body=hostile_text,
    mood=st.one_of(st.sampled_from(["", "1", "5"]), hostile_text.map(lambda s: s[:20])),
    urge=st.one_of(st.sampled_from(["", "0", "10"]), hostile_text.map(lambda s: s[:20])),
    written_on=st.one_of(st.dates().map(str), hostile_text.map(lambda s: s[:40])),
    tags=hostile_text.map(lambda s: s[:500]),
    kind=st.one_of(st.sampled_from(["free", "reflection", "coping"]), hostile_text.map(lambda s: s[:20])),
    htmx=st.booleans(),
)
def test_an_editor_save_lands_exactly_or_keeps_the_text(
    alice_client: Client,
    alice: Any,
    title: str,
    body: str,
    mood: str,
    urge: str,
    written_on: str,
    tags: str,
    kind: str,
    htmx: bool,
) -> None:
    entry_id = uuid.uuid4()
    data = {"entry_id": str(entry_id), "version": "0", "title": title, "body": body, "written_on": written_on}
    data |= {"mood": mood, "urge": urge, "tags": tags, "kind": kind}
    response = alice_client.post("/journal/new/", data, headers={"HX-Request": "true"} if htmx else {})
    _assert_answered(response, "saving an entry")
    saved = Entry.objects.filter(pk=entry_id, owner=alice).first()
    if saved is not None:
        assert response.status_code in {204, 302}
        view = entry_texts(user=alice, entry=saved)
        assert (view.title, view.body) == (title.strip(), body)
        return
    if response.status_code == 413:
        return  # over the upload limit: the words never left the browser (tests/journal/test_too_big.py)
    assert response.status_code == 200
    echoed = _parse("/journal/new/", response.content.decode()).textareas
    assert _normal(echoed["body"]) == _normal(body)

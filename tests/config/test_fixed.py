"""`{% fixed %}` and `{% fixed_url %}`: the layout's unchanging words and links, worked out once per
process, never one person's page shown to another and never in the wrong language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.test import Client
from django.urls import set_script_prefix
from django.utils import translation

# The layout and the parts of it other apps fill on every page.
LAYOUT = ["base.html", "progress/_nav.html", "safety/_idle_dialog_ways_out.html", "care/_nav.html"]
# The timeline and its menu (an entry's line is drawn in Python: journal/templatetags/entry_summaries.py).
JOURNAL = ["journal/index.html", "journal/_nav.html"]


def _render(source: str, **context: Any) -> str:
    return Template("{% load i18n fixed %}" + source).render(Context(context))


@pytest.mark.parametrize(
    "inside",
    [
        "{{ name }}",
        "{% translate name %}",
        '{% translate "Home" as home %}',
        "{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}",
        "{% url 'journal:entry' entry_id %}",
        "{% url view_name %}",
        "{% if name %}yes{% endif %}",
        "{% fixed_url 'home' %}",
    ],
)
def test_anything_that_could_differ_between_people_is_refused(inside: str) -> None:
    with pytest.raises(TemplateSyntaxError):
        _render("{% fixed %}" + inside + "{% endfixed %}", name="Sam's words")


def test_the_words_follow_each_pages_language() -> None:
    template = Template('{% load i18n fixed %}{% fixed %}<p>{% translate "January" %}</p>{% endfixed %}')
    with translation.override("en"):
        assert template.render(Context()) == "<p>January</p>"
    with translation.override("de"):
        assert template.render(Context()) == "<p>Januar</p>"
    with translation.override("en"):
        assert template.render(Context()) == "<p>January</p>"


@pytest.fixture
def served_under_a_folder() -> Iterator[None]:
    set_script_prefix("/notes/")
    yield
    set_script_prefix("/")


def test_links_follow_the_address_the_site_is_served_under(served_under_a_folder: None) -> None:
    both = "{% fixed_url 'about' %}|{% fixed %}{% url 'about' %}{% endfixed %}"
    assert _render(both) == "/notes/about/|/notes/about/"
    set_script_prefix("/")
    assert _render(both) == "/about/|/about/"


def _as_plain_django(source: str) -> str:
    """The layout as it would be without {% fixed %}: every word and link worked out afresh."""
    source = source.replace("{% fixed %}", "").replace("{% endfixed %}", "")
    return source.replace("{% fixed_url ", "{% url ")


def _normalised(html: str) -> str:
    # Different on every response by design: the CSP nonce and the CSRF token.
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', html)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken" value=""', html)
    return re.sub(r'"X-CSRFToken": "[^"]*"', '"X-CSRFToken": ""', html)


def _cached_loader() -> Any:
    return Engine.get_default().template_loaders[0]


def _plain(names: list[str]) -> Iterator[dict[str, Any]]:
    engine = Engine.get_default()
    cached = _cached_loader()
    kept = {name: cached.get_template(name) for name in names}
    plain = {}
    for name, template in kept.items():
        source = Path(template.origin.name).read_text()
        plain[name] = Template(_as_plain_django(source), template.origin, name, engine)
    yield plain
    cached.get_template_cache.update(kept)


@pytest.fixture
def plain_layout() -> Iterator[dict[str, Any]]:
    yield from _plain(LAYOUT)


@pytest.fixture
def plain_journal() -> Iterator[dict[str, Any]]:
    yield from _plain(JOURNAL)


@pytest.mark.parametrize("path", ["/safety/", "/journal/", "/account/settings/"])
def test_a_signed_in_page_is_the_same_as_without_the_kept_parts(
    alice_client: Client, plain_layout: dict[str, Any], path: str
) -> None:
    first = _normalised(alice_client.get(path).content.decode())
    kept = _normalised(alice_client.get(path).content.decode())
    _cached_loader().get_template_cache.update(plain_layout)
    plain = _normalised(alice_client.get(path).content.decode())
    assert "Stay signed in" in plain and "Skip to main content" in plain and 'action="/accounts/logout/"' in plain
    assert first == kept == plain


def test_a_signed_out_page_is_the_same_as_without_the_kept_parts(plain_layout: dict[str, Any], db: None) -> None:
    client = Client()
    kept = _normalised(client.get("/accounts/login/").content.decode())
    _cached_loader().get_template_cache.update(plain_layout)
    plain = _normalised(client.get("/accounts/login/").content.decode())
    assert "Sign in" in plain and "Stay signed in" not in plain
    assert kept == plain


def test_the_layout_has_its_unchanging_parts_kept() -> None:
    # So a change that drops them (and the time they save on every page) is noticed.
    source = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text()
    assert source.count("{% fixed %}") >= 6 and "{% url " not in _outside_fixed(source)


def _outside_fixed(source: str) -> str:
    return re.sub(r"\{% fixed %\}.*?\{% endfixed %\}", "", source, flags=re.S)


def test_the_journal_pages_are_the_same_as_without_the_kept_parts(
    alice: Any, alice_client: Client, bob_client: Client, plain_journal: dict[str, Any]
) -> None:
    from journal.models import Tag
    from journal.services import entry_create

    day = date(2026, 3, 9)
    entry_create(author=alice, title="Walk", body="Out before the rain.", written_on=day, tags=["walk", "Sleep"])
    entry_create(author=alice, body="Could not sleep " * 20, written_on=day, mood=2, kind="coping", is_draft=True)
    for number in range(20):  # a second page
        entry_create(author=alice, title=f"Day {number}", body="x", written_on=date(2026, 2, 1 + number))
    tag = Tag.objects.filter(owner=alice).first()
    assert tag is not None
    htmx = {"HX-Request": "true"}
    asks: list[tuple[Client, str, dict[str, str]]] = [
        (alice_client, "/journal/", {}),
        (alice_client, "/journal/?page=2", htmx),  # the next page: "Newer entries"
        (alice_client, f"/journal/?tag={tag.pk}", {}),  # filters in use: "Show everything"
        (alice_client, "/journal/?kind=coping", htmx),  # the status line: "Showing the entries that match."
        (alice_client, "/journal/?kind=reflection", htmx),  # "No entries match these filters."
        (bob_client, "/journal/", {}),  # "Nothing here yet"
        (alice_client, "/journal/search/?q=sleep", {}),
        (alice_client, "/journal/day/2026/3/9/", {}),
        (alice_client, "/journal/calendar/", {}),
    ]
    kept = [_normalised(client.get(path, headers=headers).content.decode()) for client, path, headers in asks]
    _cached_loader().get_template_cache.update(plain_journal)
    plain = [_normalised(client.get(path, headers=headers).content.decode()) for client, path, headers in asks]
    timeline = plain[0]
    assert '<span class="journal-badge">Draft</span>' in timeline and 'aria-label="Tags"' in timeline
    assert "Rename a tag</a>" in timeline and 'aria-label="Journal"' in timeline and "Older entries</a>" in timeline
    assert "Newer entries</a>" in plain[1] and "Show everything</a>" in plain[2]
    assert "Showing the entries that match." in plain[3] and "No entries match these filters." in plain[4]
    assert "Nothing here yet. Whenever" in plain[5]
    assert kept == plain


def test_the_timeline_has_its_unchanging_parts_kept() -> None:
    # The filters' and the menu's words and links, worked out once a process: a change that drops
    # them (and the timeline's time) is noticed. An entry's own line is drawn in Python.
    folder = Path(settings.BASE_DIR) / "templates" / "journal"
    for name in ("index.html", "_nav.html"):
        outside = _outside_fixed(re.sub(r"\{#.*?#\}", "", (folder / name).read_text()))
        assert "{% url " not in outside, name
        assert not re.search(r"\{% translate ['\"]", outside), f"{name} translates words outside {{% fixed %}}"


def test_kept_parts_in_an_included_template_look_the_address_up_once_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    # An entry's line is an included template, drawn twenty times a page: its kept words looked
    # the address the site is served under up again every time.
    import config.fixed

    looked_up: list[str] = []

    def get_script_prefix() -> str:
        looked_up.append("/")
        return "/"

    monkeypatch.setattr(config.fixed, "get_script_prefix", get_script_prefix)
    engine = Engine.get_default()
    included = Template('{% load i18n fixed %}{% fixed %}<b>{% translate "Tags" %}</b>{% endfixed %}', engine=engine)
    page = Template("{% for n in numbers %}{% include line %}{% endfor %}", engine=engine)
    html = page.render(Context({"numbers": range(20), "line": included}))
    assert html == "<b>Tags</b>" * 20
    assert len(looked_up) == 1


def test_each_person_gets_their_own_countrys_lines_from_one_process(alice: Any, bob: Any, db: None) -> None:
    # The layout keeps what is the same for everyone; where each person is stays their own.
    from safety.services import crisis_resources_load

    crisis_resources_load()
    alice.region, bob.region = "GB", "AU"
    alice.save(update_fields=["region"])
    bob.save(update_fields=["region"])
    clients = {}
    for person in (alice, bob):
        clients[person.region] = Client()
        clients[person.region].force_login(person)
    visitor = Client(headers={"Accept-Language": "en-NZ"})
    # Each country's emergency number, as the strip at the top of every page shows it.
    emergency = {"GB": 'href="tel:999"', "AU": 'href="tel:000"', "NZ": 'href="tel:111"'}
    for _round in range(2):
        for region, client in [*clients.items(), ("NZ", visitor)]:
            page = client.get("/safety/").content.decode()
            assert f'data-region="{region}"' in page and emergency[region] in page
            others = set(emergency) - {region}
            assert not any(f'data-region="{other}"' in page or emergency[other] in page for other in others)


def test_a_clinic_admins_menu_is_the_same_as_without_the_kept_parts(plain_layout: dict[str, Any], db: None) -> None:
    from care.models import Clinic, Membership
    from tests.care.conftest import client_for, member

    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    admin = member(clinic, "ada@example.com", role=Membership.Role.ADMIN)
    Membership.objects.create(clinic=clinic, user=admin, role=Membership.Role.THERAPIST, display_name="Ada")
    client = client_for(admin)
    kept = _normalised(client.get("/care/clients/").content.decode())
    _cached_loader().get_template_cache.update(plain_layout)
    plain = _normalised(client.get("/care/clients/").content.decode())
    assert "Clients</a>" in plain and "Audit log</a>" in plain
    assert kept == plain

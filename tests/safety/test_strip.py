"""The crisis strip is on every page that renders HTML: signed in or not, and on every error page."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, set_script_prefix

from config import errors
from safety import crisis_selectors

STRIP = 'id="crisis-strip"'
# Leave quickly redirects to the neutral site elsewhere on the web: not a page of ours.
_NOT_PAGES = {"/safety/leave/"}
# For the browser, not for people: the worker's script and the home-screen manifest hold no page.
_NOT_HTML = {"/sw.js", "/manifest.webmanifest"}
# Routes the walk fills with a real value, so it reaches the page itself rather than a 404.
_REAL_SAMPLES = {"/offline/x/": "/offline/US/"}
_SAMPLE_ARGS = {"int": "1", "uuid": str(uuid.UUID(int=1)), "slug": "x", "str": "x", "path": "x"}


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("admin/"):
                continue
            yield from _walk(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route


def _concrete(route: str) -> str:
    # "plan/<slug:section>/" -> "plan/x/"; regex routes (allauth uses a few) get their groups filled.
    for converter, sample in _SAMPLE_ARGS.items():
        while f"<{converter}:" in route:
            start = route.index(f"<{converter}:")
            route = route[:start] + sample + route[route.index(">", start) + 1 :]
    while "<" in route:
        start = route.index("<")
        route = route[:start] + "x" + route[route.index(">", start) + 1 :]
    return "/" + route.lstrip("^").rstrip("$").replace("\\", "")


def _html_urls() -> list[str]:
    urls = {_concrete(route) for route in _walk(get_resolver().url_patterns)}
    return sorted(_REAL_SAMPLES.get(url, url) for url in urls)


def _is_html(response: Any) -> bool:
    return response["Content-Type"].startswith("text/html") and bool(response.content.strip())


def _check_every_page(client: Client, user: Any = None) -> int:
    checked = 0
    missing = []
    for url in _html_urls():
        if url in _NOT_PAGES or url in _NOT_HTML:
            continue
        if user is not None:
            # Some pages sign a person out (the lock screen); each page starts signed in again.
            client.force_login(user)
        response = client.get(url, follow=True)
        if not _is_html(response):
            continue
        checked += 1
        if STRIP not in response.content.decode():
            missing.append(f"{url} ({response.status_code})")
    assert not missing, f"No crisis strip on: {missing}"
    return checked


@pytest.mark.django_db
def test_the_strip_is_on_every_page_for_a_visitor(crisis_resources: None) -> None:
    client = Client(raise_request_exception=False)
    assert _check_every_page(client) > 20


def test_the_strip_is_on_every_page_for_someone_signed_in(crisis_resources: None, alice: Any) -> None:
    client = Client(raise_request_exception=False)
    assert _check_every_page(client, user=alice) > 20


@pytest.mark.django_db
def test_the_walk_reaches_sign_in_sign_up_and_safety_pages() -> None:
    urls = _html_urls()
    for url in ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/safety/help/", "/"]:
        assert url in urls
    assert "/offline/US/" in urls
    assert set(urls) >= _NOT_HTML


def test_the_strip_shows_the_numbers_for_the_persons_country(crisis_resources: Any, alice: Any) -> None:
    alice.region = "AU"
    alice.save()
    client = Client()
    client.force_login(alice)
    html = client.get("/").content.decode()
    strip = html[html.index(STRIP) : html.index("</aside>")]
    assert 'href="tel:000"' in strip
    assert "Lifeline" in strip and 'href="tel:131114"' in strip
    assert 'href="/safety/help/"' in strip and 'href="/safety/plan/"' in strip
    assert "Leave quickly" in strip


def _strip(client: Client) -> str:
    html = client.get("/").content.decode()
    return html[html.index(STRIP) : html.index("</aside>")]


@pytest.mark.django_db
def test_each_person_gets_their_own_countrys_strip_and_a_changed_number_shows_at_once(
    crisis_resources: Any,
    alice: Any,
    alice_client: Client,
    bob: Any,
    bob_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # Each process keeps the strip it rendered (safety/strip.py): never someone else's, never stale.
    alice.region, bob.region = "AU", "GB"
    alice.save()
    bob.save()
    assert 'href="tel:131114"' in _strip(alice_client)
    bob_strip = _strip(bob_client)
    assert 'href="tel:999"' in bob_strip and 'href="tel:131114"' not in bob_strip
    assert 'href="tel:131114"' in _strip(alice_client)

    from safety.models import ResourceContact

    with django_capture_on_commit_callbacks(execute=True):  # as the commit would
        phone = ResourceContact.objects.get(resource__key="au-lifeline", channel="phone")
        phone.display = "13 11 14, any hour"
        phone.save()
    assert 'Call <bdi dir="ltr">13 11 14, any hour</bdi>' in _strip(alice_client)
    assert "any hour" not in _strip(bob_client)


@pytest.mark.django_db
def test_a_visitor_sees_the_strip_for_their_browsers_country(crisis_resources: None, client: Client) -> None:
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8").content.decode()
    assert 'href="tel:999"' in html
    assert 'href="tel:116123"' in html


def _error_pages() -> dict[str, Any]:
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    return {
        "400": errors.bad_request(request),
        "403": errors.permission_denied(request),
        "404": errors.page_not_found(request),
        "500": errors.server_error(request),
        "csrf": errors.csrf_failure(request),
    }


def test_every_error_page_has_the_strip(crisis_resources: None) -> None:
    for name, response in _error_pages().items():
        html = response.content.decode()
        assert STRIP in html, name
        assert 'href="tel:911"' in html, name


@pytest.mark.django_db
def test_a_real_csrf_failure_shows_the_strip(crisis_resources: None) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.com", "password": "x"})
    assert response.status_code == 403
    assert STRIP in response.content.decode()


@pytest.mark.django_db
def test_a_missing_page_shows_the_strip(crisis_resources: None, client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert STRIP in response.content.decode()


def test_error_pages_still_show_a_number_when_the_database_is_down(
    crisis_resources: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(region: str) -> None:
        raise DatabaseError("the database is unavailable")

    monkeypatch.setattr(crisis_selectors, "region_resources", broken)
    for name, response in _error_pages().items():
        assert 'href="tel:911"' in response.content.decode(), name


@pytest.mark.django_db
def test_the_strip_costs_at_most_one_query_once_warm(
    crisis_resources: None, client: Client, django_assert_max_num_queries: Any
) -> None:
    client.get("/safety/leave/about/")
    # The page itself reads nothing; with the shared database cache the strip is one read.
    with django_assert_max_num_queries(1):
        response = client.get("/safety/leave/about/")
    assert 'href="tel:911"' in response.content.decode()


@pytest.fixture
def served_under_a_folder() -> Iterator[None]:
    set_script_prefix("/notes/")
    yield
    set_script_prefix("/")


@pytest.mark.django_db
def test_the_strips_links_follow_the_address_the_site_is_served_under(
    crisis_resources: None, client: Client, served_under_a_folder: None
) -> None:
    # One process can serve the site under more than one address (a proxy's folder and its own);
    # the strip it keeps from one page must not send "Get help now" to the other's.
    in_folder = client.get("/safety/leave/about/").content.decode()
    set_script_prefix("/")
    at_root = client.get("/safety/leave/about/").content.decode()
    assert 'href="/notes/safety/help/"' in in_folder
    assert 'href="/safety/help/"' in at_root and "/notes/" not in at_root

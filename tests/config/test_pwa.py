"""The manifest, the service worker script and the offline page it keeps (docs/home-screen.md)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from config.pwa import precached_urls
from tests.safety.conftest import crisis_resources  # noqa: F401

pytestmark = pytest.mark.usefixtures("crisis_resources")


@pytest.mark.django_db
def test_the_manifest_names_the_app_notes_with_a_notebook_icon_by_default(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == data["short_name"] == "Notes"
    assert "waypoint" not in response.content.decode().lower()
    assert data["start_url"] == "/" and data["scope"] == "/" and data["display"] == "standalone"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200, icon["src"]


@pytest.mark.django_db
def test_the_operator_can_choose_the_home_screen_name(client: Client, settings: Any) -> None:
    settings.HOME_SCREEN_NAME = "Waypoint"
    assert json.loads(client.get("/manifest.webmanifest").content)["name"] == "Waypoint"
    html = client.get("/accounts/login/").content.decode()
    assert '<meta name="apple-mobile-web-app-title" content="Waypoint">' in html


@pytest.mark.django_db
def test_every_page_links_the_manifest_and_has_light_and_dark_theme_colours(client: Client) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert re.search(r'<meta name="theme-color" content="#[0-9a-f]{6}" media="\(prefers-color-scheme: light\)">', html)
    assert re.search(r'<meta name="theme-color" content="#[0-9a-f]{6}" media="\(prefers-color-scheme: dark\)">', html)
    assert '<meta name="apple-mobile-web-app-title" content="Notes">' in html


@pytest.mark.django_db
def test_the_worker_is_served_from_the_root_as_javascript_never_stored(client: Client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-store" in response["Cache-Control"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_worker_precaches_only_static_files(client: Client) -> None:
    script = client.get("/sw.js").content.decode()
    listed = json.loads(re.search(r"var PRECACHE = (\[.*?\]);", script).group(1))  # type: ignore[union-attr]
    assert listed == precached_urls()
    assert listed and all(url.startswith("/static/") for url in listed)
    # Every file of Waypoint's own and htmx a page loads is in the list (hashed names, as
    # whitenoise serves them); allauth's passkey scripts are not needed offline.
    html = client.get("/accounts/login/").content.decode()
    loaded = re.findall(r'(?:src|href)="(/static/(?:css|js|django_htmx)/[^"]+)"', html)
    assert loaded and set(loaded) <= set(listed)


@pytest.mark.django_db
def test_the_page_names_its_region_beside_one_worker_address_for_everyone(client: Client) -> None:
    # One address whatever the region: a new one would install a new worker mid-visit.
    html = client.get("/safety/help/?region=NL").content.decode()
    assert '<meta name="waypoint-worker" content="/sw.js" data-region="NL">' in html
    signed_out = client.get("/accounts/login/").content.decode()
    assert '<meta name="waypoint-worker" content="/sw.js" data-region="' in signed_out


@pytest.mark.django_db
def test_the_offline_page_shows_the_regions_lines_to_call_without_internet(client: Client) -> None:
    response = client.get("/offline/NL/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="tel:112"' in html and 'href="tel:113"' in html
    assert "113 Zelfmoordpreventie" in html
    assert "without the internet" in html
    assert 'id="crisis-strip"' in html
    assert "no-store" in response["Cache-Control"]
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "<script>" not in html and "style=" not in html


@pytest.mark.django_db
def test_the_offline_page_is_the_same_for_everyone_and_writes_nothing(client: Client, alice: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        visitor = client.get("/offline/GB/")
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE"))]
    assert writes == []
    assert "Set-Cookie" not in visitor.headers and not visitor.cookies
    client.force_login(alice)
    signed_in = client.get("/offline/GB/").content.decode()
    assert alice.email not in signed_in
    assert "csrfmiddlewaretoken" not in signed_in and "Sign out" not in signed_in
    nonce = re.compile(r'nonce="[^"]+"')
    assert nonce.sub("", signed_in) == nonce.sub("", visitor.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("region", ["XX", "gb", "GB%2F"])
def test_an_unknown_region_has_no_offline_page(client: Client, region: str) -> None:
    assert client.get(f"/offline/{region}/").status_code == 404


def test_signing_out_clears_the_sites_caches_and_storage(alice_client: Client) -> None:
    response = alice_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "Clear-Site-Data" not in alice_client.get("/accounts/login/").headers


def test_leaving_quickly_clears_the_sites_caches_and_storage(alice_client: Client) -> None:
    assert alice_client.get("/safety/leave/")["Clear-Site-Data"] == '"cache", "storage"'


def test_the_leave_beacon_clears_them_too(alice_client: Client) -> None:
    response = alice_client.post("/safety/leave/beacon/")
    assert response.status_code == 204
    assert response["Clear-Site-Data"] == '"cache", "storage"'


@pytest.mark.django_db
def test_in_debug_an_edited_static_file_makes_a_new_worker(client: Client, settings: Any, tmp_path: Any) -> None:
    settings.DEBUG = True
    settings.STATICFILES_DIRS = [tmp_path]
    style = tmp_path / "a.css"
    style.write_text("body { color: black; }")
    before = client.get("/sw.js").content
    style.write_text("body { color: navy; }")
    assert client.get("/sw.js").content != before

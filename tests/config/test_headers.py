from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_every_page_carries_a_strict_csp_and_privacy_headers(client: Client) -> None:
    response = client.get("/accounts/login/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp
    assert "style-src 'self';" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_signed_in_pages_are_never_stored_by_the_browser(alice_client: Client) -> None:
    response = alice_client.get("/")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_tab_title_is_neutral(alice_client: Client) -> None:
    for url in ["/", "/journal/", "/account/settings/"]:
        html = alice_client.get(url).content.decode()
        assert "<title>Waypoint</title>" in html, url


def test_htmx_history_cache_is_off_so_nothing_written_stays_in_browser_storage(alice_client: Client) -> None:
    html = alice_client.get("/").content.decode()
    assert '"historyCacheSize": 0' in html
    assert 'hx-history="false"' in html


@pytest.mark.django_db
def test_htmx_is_served_from_our_own_static_files(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'src="/static/django_htmx/htmx-2.min' in html
    assert "https://" not in html.split("<body")[0]


@pytest.mark.django_db
def test_an_uptime_check_with_head_gets_an_answer(client: Client) -> None:
    response = client.head("/")
    assert response.status_code == 200
    assert response.content == b""


def test_the_icon_browsers_ask_for_by_default_is_found(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert client.get(response["Location"]).status_code == 200

"""A clinic that runs Waypoint under its own name (SITE_NAME) has pages that say that name, in
every sentence that names the product: not "Waypoint" in one place and its own name in another."""

from __future__ import annotations

import html
from typing import Any

from django.test import Client
from django.urls import reverse

from tests.supporters.test_supporters import _add

NAME = "Harbour Journal"


def _says_its_own_name(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    text = html.unescape(response.content.decode())
    assert "Waypoint" not in text, f"{url} still says Waypoint"
    return text


def test_a_server_run_under_another_name_says_that_name_on_its_pages(
    alice: Any, alice_client: Client, client: Client, settings: Any
) -> None:
    robin = _add(alice_client, name="Robin", email="robin@example.com")
    settings.SITE_NAME = NAME
    said = {
        "/": "%s is a journal for the difficult days",
        reverse("journal:export"): "one JSON file that %s can import again",
        reverse("journal:import"): "that %s gave you",
        reverse("accounts:settings"): "Bring back a %s export",
        reverse("safety:quick_exit_about"): "opening %s in this browser",
        reverse("safety:peer_support"): "Everything %s lists here",
        reverse("safety:after_harm"): "%s doesn't give first-aid steps",
        reverse("safety:settings"): "%s shows your safety plan and crisis lines",
        reverse("supporters:person", args=[robin.id]): "ask %s to email it",
    }
    for url, words in said.items():
        page = _says_its_own_name(client if url == "/" else alice_client, url)
        assert words % NAME in page, url

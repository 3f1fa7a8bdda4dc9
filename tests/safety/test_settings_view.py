from __future__ import annotations

from typing import Any

from django.test import Client

from safety.gentle_check import gentle_check_enabled


def test_the_gentle_check_is_on_until_you_turn_it_off(alice: Any, alice_client: Client) -> None:
    assert gentle_check_enabled(alice) is True
    html = alice_client.get("/safety/settings/").content.decode()
    assert 'name="gentle_check"' in html and "checked" in html
    response = alice_client.post("/safety/settings/", {})
    assert response.status_code == 302
    assert gentle_check_enabled(alice) is False
    alice_client.post("/safety/settings/", {"gentle_check": "on"})
    assert gentle_check_enabled(alice) is True


def test_the_account_settings_page_links_to_the_safety_tools(alice_client: Client) -> None:
    html = alice_client.get("/account/settings/").content.decode()
    for url in ["/safety/settings/", "/safety/plan/", "/safety/coping/"]:
        assert f'href="{url}"' in html

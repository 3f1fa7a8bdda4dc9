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


def test_the_wave_count_is_off_until_the_person_turns_it_on(alice: Any, alice_client: Client) -> None:
    from safety.urge_selectors import preferences_for

    html = alice_client.get("/safety/settings/").content.decode()
    box = html[html.index('name="show_wave_count"') - 60 : html.index('name="show_wave_count"') + 80]
    assert "checked" not in box
    assert "Show how many times I&#x27;ve ridden the wave" in html
    alice_client.post("/safety/settings/", {"gentle_check": "on", "show_wave_count": "on"})
    assert preferences_for(alice).show_wave_count is True
    assert preferences_for(alice).gentle_check is True
    alice_client.post("/safety/settings/", {"gentle_check": "on"})
    assert preferences_for(alice).show_wave_count is False

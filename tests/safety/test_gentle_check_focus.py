"""After a save the gentle check said yes to, focus lands on its panel, as it lands on the site's messages.

The panel stands where "Saved" would. Focus stayed at the top of the page, so a keyboard or screen
reader met the menu first and might never reach the panel. Like every message that follows an action
(supporters' "Added", base.html's #messages), the save now redirects to #messages, and the panel is it.
An ordinary save lands there too, at "Saved.": the same address, so the history tells nothing.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.safety.test_gentle_check_session import HARD, PANEL, QUIET, _save

pytestmark = pytest.mark.usefixtures("crisis_resources")


def _focus_target(html: str) -> str:
    """The opening tag of the element a redirect to #messages gives focus to (the only one, with tabindex)."""
    tags = re.findall(r'<[a-z]+[^>]*\bid="messages"[^>]*>', html)
    assert len(tags) == 1, tags
    assert 'tabindex="-1"' in tags[0]
    return tags[0]


def test_the_save_lands_focus_on_the_gentle_check_panel(alice_client: Client) -> None:
    saved = _save(alice_client, HARD)
    assert saved.status_code == 302 and saved["Location"].endswith("/#messages")
    html = alice_client.get(saved["Location"]).content.decode()
    assert PANEL in html
    assert 'class="gentle-check card"' in _focus_target(html)


def test_the_save_sent_by_htmx_lands_there_too(alice_client: Client) -> None:
    saved = _save(alice_client, HARD, HTTP_HX_REQUEST="true")
    assert saved.status_code == 204 and saved["HX-Redirect"].endswith("/#messages")


def test_a_save_with_no_panel_lands_on_the_same_address_at_saved(alice_client: Client) -> None:
    # One address with the panel or without: a shared phone's history never tells which saves brought it.
    saved = _save(alice_client, QUIET)
    assert saved["Location"].endswith("/#messages")
    html = alice_client.get(saved["Location"]).content.decode()
    assert PANEL not in html
    assert "Saved. It stays private unless you share it." in html
    assert 'class="messages"' in _focus_target(html)
    assert _save(alice_client, QUIET, HTTP_HX_REQUEST="true")["HX-Redirect"].endswith("/#messages")

"""The editor's hints speak of what is on the screen."""

from __future__ import annotations

import re

from django.test import Client


def test_the_urge_hint_names_the_choice_that_notes_nothing(alice_client: Client) -> None:
    # The urge box is a list whose first choice is "Not noted"; it cannot be left empty. Its hint
    # said "Leave it empty if you'd rather not note it", and a person looked for a box to clear.
    page = alice_client.get("/journal/new/").content.decode()
    hint = re.search(r'<p class="help" id="id_urge_helptext">([^<]*)</p>', page)
    select = re.search(r'<select name="urge"[^>]*>(.*?)</select>', page, re.S)
    assert hint and select
    unnoted = re.search(r'<option value=""[^>]*>([^<]+)</option>', select.group(1))
    assert unnoted and unnoted.group(1) == "Not noted"
    assert f"Leave it on “{unnoted.group(1)}”" in hint.group(1)
    assert "empty" not in hint.group(1)

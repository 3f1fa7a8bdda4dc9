"""Sharing with a supporter stores what the share page showed: words changed in another tab
meanwhile are shown first, with whom and which steps they chose kept."""

from __future__ import annotations

import html
import re
from typing import Any

from django.test import Client
from django.urls import reverse

from journal.services import EntryContent, entry_create, entry_update
from safety.services import plan_step_save
from supporters.models import Supporter
from tests.share_helpers import as_sent, decryptions
from tests.supporters.test_supporters import _add, _make_link, _open

PLAN_CHANGED = "Your plan changed in another tab. Here is how it reads now; share it if it still looks right."
ENTRY_CHANGED = "This entry changed in another tab. Here is how it reads now; share it if it still looks right."


def _main(response: Any) -> str:
    page = html.unescape(response.content.decode())
    return page[page.index("<main") : page.index("</main>")]


def _they_read(alice_client: Client, supporter: Supporter) -> str:
    url, _code = _make_link(alice_client, supporter)
    page = _open(Client(), url)
    return page[page.index("<main") : page.index("</main>")]


def _three_steps(alice: Any) -> None:
    plan_step_save(owner=alice, section="warning_signs", body="Staying in bed all day", obstacles="")
    plan_step_save(owner=alice, section="on_my_own", body="A walk round the block", obstacles="")
    plan_step_save(owner=alice, section="distractions", body="The library", obstacles="")


def test_a_ticked_step_changed_in_another_tab_is_shown_before_it_is_shared(alice: Any, alice_client: Client) -> None:
    _three_steps(alice)
    sam = _add(alice_client, name="Sam")
    _add(alice_client, name="Robin")
    url = reverse("supporters:share_plan")
    form = as_sent(_main(alice_client.get(url)))
    # They untick the library, choose Sam and look at what they will see...
    form = {**form, "steps": ["warning_signs", "on_my_own"], "supporter": [str(sam.id)], "show": ["1"]}
    shown = _main(alice_client.post(url, form))
    assert "A walk round the block" in shown and "The library" not in shown
    form = as_sent(shown)
    # ...while in another tab a ticked step gets new words; then they press Share on those steps.
    plan_step_save(owner=alice, section="on_my_own", body="Calling my sister", obstacles="")

    again = alice_client.post(url, form)
    assert again.status_code == 200 and not sam.copies.exists()
    page = _main(again)
    assert PLAN_CHANGED in page
    assert "Calling my sister" in page and "A walk round the block" not in page
    assert "Staying in bed all day" in page and "The library" not in page
    # What they chose is kept: the same two steps ticked, Sam still chosen.
    ticked = re.findall(r'<input type="checkbox" name="steps" value="(\w+)"[^>]*\bchecked\b', page)
    assert ticked == ["warning_signs", "on_my_own"]
    assert f'value="{sam.id}" selected' in page

    # The page shown again carries a new one-time value, so pressing Share on it shares.
    sent = as_sent(page)
    assert sent["once"] != form["once"]
    assert alice_client.post(url, sent).status_code == 302
    # Pressed twice (a double tap): still one copy.
    assert alice_client.post(url, sent).status_code == 302
    assert sam.copies.count() == 1
    read = _they_read(alice_client, sam)
    assert "Calling my sister" in read and "Staying in bed all day" in read
    assert "A walk round the block" not in read and "The library" not in read


def test_an_unchanged_plan_is_shared_with_the_steps_chosen(alice: Any, alice_client: Client) -> None:
    _three_steps(alice)
    sam = _add(alice_client, name="Sam")
    url = reverse("supporters:share_plan")
    form = {**as_sent(_main(alice_client.get(url))), "steps": ["on_my_own", "distractions"]}
    # Unticking a step shows what goes first; from that page, Share shares.
    page = _main(alice_client.post(url, form))
    assert PLAN_CHANGED not in page
    assert alice_client.post(url, as_sent(page)).status_code == 302
    read = _they_read(alice_client, sam)
    assert "A walk round the block" in read and "The library" in read
    assert "Staying in bed all day" not in read


def test_an_entry_edited_in_another_tab_is_shown_before_it_is_shared(alice: Any, alice_client: Client) -> None:
    entry = entry_create(author=alice, title="", body="The first way I put it")
    sam = _add(alice_client, name="Sam")
    _add(alice_client, name="Robin")
    url = reverse("supporters:share_entry", args=[entry.id])
    form = {**as_sent(_main(alice_client.get(url))), "supporter": [str(sam.id)]}
    entry_update(
        entry=entry,
        expected_version=entry.version,
        content=EntryContent(title="", body="The way I put it later", written_on=entry.written_on),
    )

    again = alice_client.post(url, form)
    assert again.status_code == 200 and not sam.copies.exists()
    page = _main(again)
    assert ENTRY_CHANGED in page
    assert "The way I put it later" in page and "The first way I put it" not in page
    assert f'value="{sam.id}" selected' in page

    sent = as_sent(page)
    assert sent["once"] != form["once"]
    assert alice_client.post(url, sent).status_code == 302
    read = _they_read(alice_client, sam)
    assert "The way I put it later" in read and "The first way I put it" not in read


def test_an_unchanged_entry_is_shared(alice: Any, alice_client: Client) -> None:
    entry = entry_create(author=alice, title="", body="Words for Sam")
    sam = _add(alice_client, name="Sam")
    url = reverse("supporters:share_entry", args=[entry.id])
    assert alice_client.post(url, as_sent(_main(alice_client.get(url)))).status_code == 302
    assert "Words for Sam" in _they_read(alice_client, sam)


def test_with_nobody_to_share_with_yet_the_entry_is_not_opened(
    alice: Any, alice_client: Client, monkeypatch: Any
) -> None:
    # The page says how to add someone and shows no copy, so it has no reason to open the words.
    entry = entry_create(author=alice, title="", body="Not for anyone yet")
    opened_all = decryptions(monkeypatch)
    page = _main(alice_client.get(reverse("supporters:share_entry", args=[entry.id])))
    assert "Add someone you trust" in page and "Not for anyone yet" not in page
    assert "journal.Entry" not in [w["model"] for w in opened_all]

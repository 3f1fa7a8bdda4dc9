"""Share stores what the share page showed: words changed in another tab meanwhile are shown first."""

from __future__ import annotations

import html
import re
from typing import Any

from django.test import Client
from django.urls import reverse

from care import services
from care.models import Link
from journal.services import EntryContent, entry_update
from safety.services import plan_step_save
from tests.care.conftest import as_shown, write

PLAN_CHANGED = "Your plan changed in another tab. Here is how it reads now; share it if it still looks right."
ENTRY_CHANGED = "This entry changed in another tab. Here is how it reads now; share it if it still looks right."


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_a_step_written_in_another_tab_is_shown_before_it_is_shared(
    alice: Any, alice_client: Client, link: Link
) -> None:
    plan_step_save(owner=alice, section="warning_signs", body="Staying in bed all day", obstacles="")
    url = reverse("care:share_plan")
    form = as_shown(alice_client, url, link=link.id)
    # In another tab, while the share page is open:
    plan_step_save(owner=alice, section="on_my_own", body="A walk round the block", obstacles="")
    plan_step_save(owner=alice, section="warning_signs", body="Not answering messages", obstacles="")

    again = alice_client.post(url, form)
    assert again.status_code == 200 and not link.shared_items.exists()
    page = _text(again)
    assert PLAN_CHANGED in page
    assert "A walk round the block" in page and "Not answering messages" in page
    assert "Staying in bed all day" not in page
    assert f'name="link" value="{link.id}"' in page, "whom they chose is kept"

    shared = alice_client.post(url, as_shown(alice_client, url, link=link.id))
    assert shared.status_code == 302
    copy = services.shared_item_read(link.shared_items.get())
    assert [s.body for s in copy.written_steps] == ["Not answering messages", "A walk round the block"]


def test_the_page_shown_again_shares_what_it_shows(alice: Any, alice_client: Client, link: Link) -> None:
    plan_step_save(owner=alice, section="warning_signs", body="Staying in bed all day", obstacles="")
    url = reverse("care:share_plan")
    form = as_shown(alice_client, url, link=link.id)
    plan_step_save(owner=alice, section="warning_signs", body="Not answering messages", obstacles="")
    again = _text(alice_client.post(url, form))
    # The page drawn again carries the mark of what it now shows, so Share from it goes through.
    mark = re.search(r'name="shown_version" value="([^"]*)"', again)
    assert mark and alice_client.post(url, {"shown_version": mark.group(1), "link": link.id}).status_code == 302
    assert [s.body for s in services.shared_item_read(link.shared_items.get()).written_steps] == [
        "Not answering messages"
    ]


def test_an_unchanged_plan_is_shared_as_the_page_showed_it(alice: Any, alice_client: Client, link: Link) -> None:
    plan_step_save(owner=alice, section="warning_signs", body="Staying in bed all day", obstacles="")
    url = reverse("care:share_plan")
    form = as_shown(alice_client, url, link=link.id)
    response = alice_client.post(url, form)
    assert response.status_code == 302
    copy = services.shared_item_read(link.shared_items.get())
    assert [s.body for s in copy.written_steps] == ["Staying in bed all day"]


def test_an_entry_edited_in_another_tab_is_shown_before_it_is_shared(
    alice: Any, alice_client: Client, link: Link
) -> None:
    entry = write(alice, "The first way I put it")
    url = reverse("care:share_entry", args=[entry.id])
    form = as_shown(alice_client, url, link=link.id)
    entry_update(
        entry=entry,
        expected_version=entry.version,
        content=EntryContent(title="", body="The way I put it later", written_on=entry.written_on),
    )

    again = alice_client.post(url, form)
    assert again.status_code == 200 and not link.shared_items.exists()
    page = _text(again)
    assert ENTRY_CHANGED in page
    assert "The way I put it later" in page and "The first way I put it" not in page

    assert alice_client.post(url, as_shown(alice_client, url, link=link.id)).status_code == 302
    assert services.shared_item_read(link.shared_items.get()).body == "The way I put it later"


def test_an_unchanged_entry_is_shared(alice: Any, alice_client: Client, link: Link) -> None:
    entry = write(alice, "Words for Thursday")
    url = reverse("care:share_entry", args=[entry.id])
    response = alice_client.post(url, as_shown(alice_client, url, link=link.id))
    assert response.status_code == 302
    assert services.shared_item_read(link.shared_items.get()).body == "Words for Thursday"

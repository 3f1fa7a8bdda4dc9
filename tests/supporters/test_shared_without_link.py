""" "Shared." says when they can read it: someone with no link open reads nothing until they have one.

Sharing with someone just added landed on their page at "Shared. You can stop sharing it at any time
from this page.", just under "They don't have a link yet", as if they could read it now.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from journal.services import entry_create
from supporters import services
from supporters.models import Supporter
from tests.share_helpers import as_shown

WAITS = "Shared. They can read it once they have a link. You can stop sharing it at any time from this page."
READS = "Shared. You can stop sharing it at any time from this page."


def _share_and_read_the_message(alice: Any, client: Client, supporter: Supporter) -> str:
    url = reverse("supporters:share_entry", args=[entry_create(author=alice, title="", body="for them").id])
    landed = client.post(url, as_shown(client, url, supporter=supporter.id))
    assert landed["Location"] == reverse("supporters:person", args=[supporter.id]) + "#messages"
    page = client.get(landed["Location"]).content.decode()
    box = page.index('id="messages"')
    return page[box : page.index("</div>", box)]


def test_shared_with_someone_with_no_link_yet_says_they_can_read_it_once_they_have_one(
    alice: Any, alice_client: Client
) -> None:
    sam = services.supporter_add(owner=alice, name="Sam", email="")
    said = _share_and_read_the_message(alice, alice_client, sam)
    assert WAITS in said


def test_shared_with_someone_whose_link_ended_says_the_same(alice: Any, alice_client: Client) -> None:
    sam = services.supporter_add(owner=alice, name="Sam", email="")
    services.link_make(supporter=sam, days=7, with_code=False)
    services.sharing_stop_all(supporter=sam)
    assert WAITS in _share_and_read_the_message(alice, alice_client, sam)


def test_shared_with_someone_whose_link_works_says_shared(alice: Any, alice_client: Client) -> None:
    sam = services.supporter_add(owner=alice, name="Sam", email="")
    services.link_make(supporter=sam, days=7, with_code=False)
    said = _share_and_read_the_message(alice, alice_client, sam)
    assert READS in said and "once they have a link" not in said

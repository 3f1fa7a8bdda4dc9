"""After sharing, stopping, removing or deleting, the page opens at the message that says so.

#messages (base.html) takes focus, so a keyboard or screen reader meets "Sharing stopped" first,
not the menu at the top of the redrawn page; "Added" already did this.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from safety.services import plan_step_save
from tests.share_helpers import as_shown
from tests.supporters.test_people_views import sam  # noqa: F401  (fixture)
from tests.supporters.test_supporters import _add


def test_stopping_deleting_and_removing_land_on_the_message(alice_client: Client, sam: dict[str, Any]) -> None:  # noqa: F811
    person = reverse("supporters:person", args=[sam["supporter"].id])
    stopped = alice_client.post(reverse("supporters:copy_stop", args=[sam["copy"].id]))
    assert stopped["Location"] == f"{person}#messages"
    deleted = alice_client.post(reverse("supporters:reply_delete", args=[sam["reply"].id]))
    assert deleted["Location"] == f"{person}#messages"
    all_stopped = alice_client.post(reverse("supporters:stop_all", args=[sam["supporter"].id]))
    assert all_stopped["Location"] == f"{person}#messages"
    removed = alice_client.post(reverse("supporters:remove", args=[sam["supporter"].id]))
    assert removed["Location"] == reverse("supporters:people") + "#messages"


def test_sharing_lands_on_shared(alice: Any, alice_client: Client) -> None:
    supporter = _add(alice_client)
    plan_step_save(owner=alice, section="on_my_own", body="A walk round the block", obstacles="")
    url = reverse("supporters:share_plan")
    shared = alice_client.post(url, as_shown(alice_client, url, supporter=supporter.id))
    assert shared["Location"] == reverse("supporters:person", args=[supporter.id]) + "#messages"


def test_shared_stands_just_above_what_they_can_read(alice: Any, alice_client: Client) -> None:
    # At the top it was about 1,300 px above the copy and its "Stop sharing" on a phone.
    supporter = _add(alice_client)
    plan_step_save(owner=alice, section="on_my_own", body="A walk round the block", obstacles="")
    url = reverse("supporters:share_plan")
    alice_client.post(url, as_shown(alice_client, url, supporter=supporter.id))
    page = alice_client.get(reverse("supporters:person", args=[supporter.id])).content.decode()
    assert page.count('id="messages"') == 1
    box = page.index('id="messages"')
    assert "Shared." in page[box : page.index("</div>", box)]
    assert page.index('id="link-heading"') < box < page.index('id="shared-heading"')
    assert 'action="' + reverse("supporters:copy_stop", args=[supporter.copies.get().id]) in page[box:]

"""After sharing, the care page opens at "Shared.", drawn just above the new copy and its "Stop sharing";
and a share page opened from a homework offer goes "Back" to that offer, never off the site.

On a phone "Shared. You can stop sharing it at any time from this page." stood at the top, about
1,900 px above the copy it spoke of; and "Back" from an offer led to the entry, which offers again.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from care.models import Link, SharedItem
from care.services import homework_assign, share_entry
from prompts.models import Run, Sequence
from prompts.services import run_finish, run_start
from tests.care.conftest import as_shown, write


def _finished_homework(alice: Any, link: Link) -> Run:
    pause = Sequence.objects.get(clinic_key="", slug="pause-for-kindness")
    homework_assign(link=link, sequence=pause, note="Only if tonight feels okay for it.")
    return run_finish(run=run_start(owner=alice, sequence=pause), answers={"0": "A long shift"})


def _back_links(page: str) -> list[str]:
    """Where the share page's "Back" and "Not now" lead."""
    return [html.unescape(href) for href in re.findall(r'<a[^>]*href="([^"]*)"[^>]*>(?:Back|Not now)</a>', page)]


@pytest.mark.django_db
def test_sharing_lands_at_shared_just_above_the_new_copy(
    library: None, link: Link, alice: Any, alice_client: Client
) -> None:
    run = _finished_homework(alice, link)
    url = reverse("care:share_entry", args=[run.entry_id])
    shared = alice_client.post(url, as_shown(alice_client, url, link=link.id))
    assert shared["Location"] == reverse("care:index") + "#messages"
    page = alice_client.get(reverse("care:index")).content.decode()
    item = SharedItem.objects.get(link=link)
    # The anchor is on the page once, after the link's card and just before the copies: the new
    # copy's "Stop sharing" is the first thing under the words saying it can be stopped.
    assert page.count('id="messages"') == 1
    box = page.index('id="messages"')
    assert "Shared. You can stop sharing it at any time from this page." in page[box : page.index("</div>", box)]
    assert page.index(f'id="link-{link.id}"') < box < page.index('id="shared-heading"')
    first_stop = page.index('action="', page.index('id="shared-heading"'))
    assert page[first_stop:].startswith(f'action="{reverse("care:share_stop", args=[item.id])}"')


@pytest.mark.django_db
def test_other_news_on_the_care_page_still_stands_at_its_top(link: Link, alice: Any, alice_client: Client) -> None:
    item = share_entry(link=link, entry=write(alice, "Tonight was hard"))
    alice_client.post(reverse("care:share_stop", args=[item.id]))
    page = alice_client.get(reverse("care:index")).content.decode()
    assert page.index('id="messages"') < page.index("Your therapist</h1>")
    assert "Sharing stopped." in page


@pytest.mark.django_db
def test_back_from_a_finished_reflections_offer_returns_to_it(
    library: None, link: Link, alice: Any, alice_client: Client
) -> None:
    run = _finished_homework(alice, link)
    finished = alice_client.get(reverse("prompts:run", args=[run.id])).content.decode()
    offer = html.unescape(re.search(r'href="([^"]*/care/share/entry/[^"]*)"', finished).group(1))  # type: ignore[union-attr]
    preview = alice_client.get(offer).content.decode()
    assert _back_links(preview) == [reverse("prompts:run", args=[run.id])] * 2


@pytest.mark.django_db
def test_back_from_homes_offer_returns_to_the_homework_card(
    library: None, link: Link, alice: Any, alice_client: Client
) -> None:
    _finished_homework(alice, link)
    home = alice_client.get(reverse("home")).content.decode()
    offer = html.unescape(re.search(r'href="([^"]*/care/share/entry/[^"]*)"', home).group(1))  # type: ignore[union-attr]
    preview = alice_client.get(offer).content.decode()
    assert _back_links(preview) == [reverse("home") + "#homework-heading"] * 2
    assert 'id="homework-heading"' in home


@pytest.mark.django_db
@pytest.mark.parametrize(
    "elsewhere", ["https://evil.example/", "//evil.example", "/\\evil.example", "http://testserver/journal/", ""]
)
def test_a_next_off_this_site_goes_back_to_the_entry(
    library: None, link: Link, alice: Any, alice_client: Client, elsewhere: str
) -> None:
    run = _finished_homework(alice, link)
    preview = alice_client.get(
        reverse("care:share_entry", args=[run.entry_id]), {"with": str(link.id), "next": elsewhere}
    ).content.decode()
    assert _back_links(preview) == [reverse("journal:entry", args=[run.entry_id])] * 2

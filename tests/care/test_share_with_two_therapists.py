"""A person linked with two therapists chooses whom a copy goes to; nobody is chosen for them.

The share page's list had the first therapist linked chosen already, so following "Share it with
Tess…" from a reflection Tess suggested and pressing Share sent it to Theo.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from care.models import Link, SharedItem
from care.services import homework_assign, link_end, share_entry
from journal.services import EntryContent, entry_update
from prompts.models import Sequence
from prompts.services import run_finish, run_start
from tests.care.conftest import link_people, write
from tests.share_helpers import as_sent


@pytest.fixture
def two_links(theo: Any, tess: Any, alice: Any) -> tuple[Link, Link]:
    return link_people(theo, alice), link_people(tess, alice)


@pytest.mark.django_db
def test_pressing_share_without_choosing_shares_with_nobody(
    two_links: tuple[Link, Link], alice: Any, alice_client: Client
) -> None:
    url = reverse("care:share_entry", args=[write(alice, "Words for one of them").id])
    sent = as_sent(alice_client.get(url).content.decode())
    assert sent["link"] == [""], "nobody is chosen until the person chooses"
    page = alice_client.post(url, sent).content.decode()
    assert "Choose who to share it with. Nothing has been shared." in page
    assert not SharedItem.objects.exists()


@pytest.mark.django_db
def test_choosing_a_therapist_whose_link_ended_since_says_so_and_shares_with_nobody(
    two_links: tuple[Link, Link], alice: Any, alice_client: Client
) -> None:
    # Tess left the clinic (or the link ended in another tab) while the page was open. The page
    # said "Pick someone you are linked with." just above "Share with Theo Park", the one left,
    # and a second tap sent her entry to him, whom she had not chosen.
    _theo_link, tess_link = two_links
    url = reverse("care:share_entry", args=[write(alice, "Words for Tess only").id])
    sent = {**as_sent(alice_client.get(url).content.decode()), "link": [str(tess_link.id)]}
    link_end(link=tess_link, because=Link.EndedBecause.THERAPIST_LEFT)

    page = alice_client.post(url, sent).content.decode()

    assert "Your link with <bdi>Tess Lin</bdi> has ended, so nothing was shared with them." in page
    assert "Pick someone you are linked with." not in page
    assert not SharedItem.objects.exists()


@pytest.mark.django_db
def test_the_offer_to_share_a_suggested_reflection_has_that_therapist_chosen(
    library: None, two_links: tuple[Link, Link], alice: Any, alice_client: Client
) -> None:
    _theo_link, tess_link = two_links
    pause = Sequence.objects.get(clinic_key="", slug="pause-for-kindness")
    homework_assign(link=tess_link, sequence=pause)
    run = run_finish(run=run_start(owner=alice, sequence=pause), answers={"0": "A long shift"})
    offers = [
        alice_client.get(reverse("prompts:run", args=[run.id])).content.decode(),  # the reflection's last page
        alice_client.get(reverse("home")).content.decode(),  # "You did this one. Share it with Tess Lin?"
    ]
    for page in offers:
        offer = re.search(r'href="([^"]*/care/share/entry/[^"]*)"', page)
        assert offer, "the offer to share is on the page"
        url = offer.group(1).replace("&amp;", "&")
        sent = as_sent(alice_client.get(url).content.decode())
        assert sent["link"] == [str(tess_link.id)], "Tess, who suggested it, is chosen"
    alice_client.post(url, sent)
    assert SharedItem.objects.get().link == tess_link


@pytest.mark.django_db
def test_a_reflection_shared_with_the_other_therapist_is_still_offered_to_the_one_who_suggested_it(
    library: None, two_links: tuple[Link, Link], alice: Any, alice_client: Client
) -> None:
    theo_link, tess_link = two_links
    pause = Sequence.objects.get(clinic_key="", slug="pause-for-kindness")
    homework_assign(link=tess_link, sequence=pause)
    run = run_finish(run=run_start(owner=alice, sequence=pause), answers={"0": "A long shift"})
    share_entry(link=theo_link, entry=run.entry)  # type: ignore[arg-type]
    page = alice_client.get(reverse("home")).content.decode()
    assert "Share it with <bdi>Tess Lin</bdi>?" in page
    assert "A copy is shared with <bdi>Tess Lin</bdi>." not in page


@pytest.mark.django_db
def test_after_a_change_the_therapist_with_the_new_version_is_named_too(
    two_links: tuple[Link, Link], alice: Any, alice_client: Client
) -> None:
    # Theo's copy is from before the change, Tess's from after: the entry's page named Theo alone,
    # and someone who wanted Tess to stop reading it met no word of her there.
    theo_link, tess_link = two_links
    entry = write(alice, "the first words")
    share_entry(link=theo_link, entry=entry)
    content = EntryContent(title="", body="a line taken out", written_on=entry.written_on)
    entry = entry_update(entry=entry, content=content, expected_version=entry.version)
    share_entry(link=tess_link, entry=entry)
    page = alice_client.get(reverse("journal:entry", args=[entry.id])).content.decode()
    assert "A copy is shared with <bdi>Tess Lin</bdi>." in page
    assert "<bdi>Theo Park</bdi> still sees the copy you shared, from before your later changes." in page
    assert "<bdi>Tess Lin</bdi> still sees" not in page and "shared with <bdi>Theo Park</bdi>" not in page

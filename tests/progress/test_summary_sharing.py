"""A summary shared as its own sealed copy: with a supporter, with a therapist, through one mechanism."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from care.models import Link, SharedItem
from journal.services import entry_create
from progress import look_back_services
from supporters.models import SupporterShare
from supporters.services import link_make, supporter_add
from tests.care.conftest import client_for


@pytest.fixture
def journal(alice: Any) -> None:
    day = timezone.localdate() - timedelta(days=3)
    starred = entry_create(author=alice, title="The walk by the sea", body="x", written_on=day, mood=4, urge=2)
    look_back_services.entry_star(entry=starred, starred=True)


def test_the_summary_page_offers_sharing_with_the_span_and_choices(alice_client: Client, journal: None) -> None:
    page = alice_client.get("/look-back/summary/", {"span": "3m", "chosen": "1", "n": "1"}).content.decode()
    expected = reverse("supporters:share_summary") + "?span=3m&amp;chosen=1&amp;n=1"
    assert expected in page
    assert reverse("care:share_summary") not in page, "no therapist to share with"


def test_a_supporter_reads_the_summary_as_the_person_chose_it(
    alice: Any, alice_client: Client, client: Client, journal: None
) -> None:
    supporter = supporter_add(owner=alice, name="Sam")
    preview = alice_client.get(reverse("supporters:share_summary"), {"span": "4w", "chosen": "1", "t": "1"})
    assert "The walk by the sea" in preview.content.decode()
    response = alice_client.post(
        reverse("supporters:share_summary"), {"span": "4w", "chosen": "1", "t": "1", "supporter": supporter.id}
    )
    assert response.status_code == 302
    copy = SupporterShare.objects.get()
    assert copy.kind == "summary" and b"The walk by the sea" not in bytes(copy.snapshot)
    new = link_make(supporter=supporter, days=7, with_code=False)
    url = reverse("supporters:read", args=[new.token])
    client.post(url, {"open": "1"})
    page = client.get(url).content.decode()
    assert "A summary from their look back" in page and "The walk by the sea" in page


def test_share_pressed_twice_shares_the_summary_once(alice: Any, alice_client: Client, journal: None) -> None:
    # Each summary shared is its own copy: a double tap must not put two before the supporter.
    supporter = supporter_add(owner=alice, name="Sam")
    url = reverse("supporters:share_summary")
    preview = alice_client.get(url, {"span": "4w", "chosen": "1"}).content.decode()
    found = re.search(r'name="once" value="([^"]+)"', preview)
    sent = {"span": "4w", "chosen": "1", "supporter": supporter.id, "once": found.group(1) if found else ""}
    first = alice_client.post(url, sent)
    second = alice_client.post(url, sent)
    assert first["Location"] == second["Location"] == reverse("supporters:person", args=[supporter.id]) + "#messages"
    assert SupporterShare.objects.filter(supporter=supporter).count() == 1
    # Shared again from a new page, it is a second copy, as the person asked.
    again = alice_client.get(url, {"span": "4w", "chosen": "1"}).content.decode()
    found = re.search(r'name="once" value="([^"]+)"', again)
    alice_client.post(url, {**sent, "once": found.group(1) if found else ""})
    assert SupporterShare.objects.filter(supporter=supporter).count() == 2


def test_the_supporter_reads_they_not_you(alice: Any, alice_client: Client, client: Client, journal: None) -> None:
    # Under "A summary from their look back", "What you did" and "You noted a feeling" read to the
    # supporter as if they were about the supporter.
    supporter = supporter_add(owner=alice, name="Sam")
    alice_client.post(reverse("supporters:share_summary"), {"span": "4w", "chosen": "1", "supporter": supporter.id})
    new = link_make(supporter=supporter, days=7, with_code=False)
    url = reverse("supporters:read", args=[new.token])
    client.post(url, {"open": "1"})
    page = client.get(url).content.decode()
    copy = page[page.index("A summary from their look back") : page.index("</article>")]
    assert "What they did in this time" in copy and "How they felt" in copy
    assert "They noted a feeling in 1 entry." in copy and "They noted urges in 1 entry." in copy
    assert not re.search(r"\byou\b", copy, re.IGNORECASE), copy


def test_titles_left_out_stay_out_of_the_shared_copy(alice: Any, alice_client: Client, journal: None) -> None:
    supporter = supporter_add(owner=alice, name="Sam")
    alice_client.post(reverse("supporters:share_summary"), {"span": "4w", "chosen": "1", "supporter": supporter.id})
    page = alice_client.get(reverse("supporters:copy", args=[SupporterShare.objects.get().id])).content.decode()
    assert "A summary from their look back" in page and "The walk by the sea" not in page


def test_a_therapist_gets_the_summary_as_a_shared_item(
    library: None, link: Link, alice: Any, theo: Any, journal: None
) -> None:
    alice_client = client_for(alice)
    page = alice_client.get("/look-back/summary/", {"span": "4w"}).content.decode()
    assert reverse("care:share_summary") in page
    alice_client.post(reverse("care:share_summary"), {"span": "4w", "link": link.id})
    item = SharedItem.objects.get()
    assert item.kind == "summary"
    shown = client_for(theo).get(reverse("care:shared_item", args=[link.id, item.id])).content.decode()
    assert "The walk by the sea" in shown


def test_the_share_pages_are_the_persons_own(bob_client: Client, journal: None) -> None:
    # Bob's share page shows Bob's summary (none of Alice's titles), and he has nobody to share with.
    page = bob_client.get(reverse("supporters:share_summary"), {"span": "4w", "t": "1"}).content.decode()
    assert "The walk by the sea" not in page and "First add the person" in page


def test_the_address_never_says_what_is_on_the_summary(library: None, link: Link, alice: Any, journal: None) -> None:
    # On a shared device the browser's history keeps every address: the summary form's field
    # names and both share links must not read "setbacks" (nor "titles" or "notes").
    page = (
        client_for(alice)
        .get("/look-back/summary/", {"span": "4w", "chosen": "1", "t": "1", "n": "1", "m": "1"})
        .content.decode()
    )
    form = page.split('<form class="card summary-choices"', 1)[1].split("</form>", 1)[0]
    names = re.findall(r'\bname="([^"]*)"', form)
    links = [href for href in re.findall(r'\bhref="([^"]*)"', page) if "share" in href]
    assert {"t", "n", "m"} <= set(names)
    assert len(links) == 2 and all("m=1" in href for href in links), "one link for the therapist, one for a supporter"
    for carried in [*names, *links]:
        assert not re.search("setback|title|note", carried), carried
    assert "Days you noted a setback" in page, "the label may still say it: it is not in the address"

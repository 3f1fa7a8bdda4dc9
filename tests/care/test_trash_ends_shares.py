"""Trashing a shared entry ends every share of it, and the person is told before (issue 11, item 7)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from care import services
from care.models import Link, SharedItem, ShareEvent
from journal.services import entry_restore, entry_trash
from supporters import services as supporter_services
from tests.care.conftest import link_people, write

pytestmark = pytest.mark.django_db


def test_the_confirm_step_names_the_therapist_who_will_lose_the_copy(
    link: Link, alice: Any, alice_client: Client
) -> None:
    entry = write(alice, "shared words")
    services.share_entry(link=link, entry=entry)
    page = alice_client.get(f"/journal/{entry.id}/trash/").content.decode()
    assert "Move this entry to the trash?" in page
    assert "This also stops sharing it with Theo Park" in page
    assert SharedItem.objects.filter(entry=entry).exists()  # looking at the question changes nothing


def test_the_confirm_step_names_everyone_who_will_lose_a_copy_as_one_list(
    link: Link, tess: Any, alice: Any, alice_client: Client
) -> None:
    # "Sam, Tess Lin, Theo Park": a bare ", " with no "and", in no language but English.
    entry = write(alice, "shared words")
    services.share_entry(link=link, entry=entry)
    services.share_entry(link=link_people(tess, alice), entry=entry)
    supporter_services.share_entry(supporter=supporter_services.supporter_add(owner=alice, name="Sam"), entry=entry)
    page = alice_client.get(f"/journal/{entry.id}/trash/").content.decode()
    assert "This also stops sharing it with Sam, Tess Lin and Theo Park: their copy is deleted." in page


def test_an_unshared_entry_is_trashed_without_talk_of_sharing(link: Link, alice: Any, alice_client: Client) -> None:
    entry = write(alice, "private words")
    page = alice_client.get(f"/journal/{entry.id}/trash/").content.decode()
    assert "Move this entry to the trash?" in page
    assert "stops sharing" not in page


def test_the_entry_page_asks_before_trashing(alice: Any, alice_client: Client) -> None:
    entry = write(alice, "words")
    page = alice_client.get(f"/journal/{entry.id}/").content.decode()
    assert f'href="/journal/{entry.id}/trash/"' in page
    assert alice_client.get(f"/journal/{entry.id}/trash/").status_code == 200
    entry.refresh_from_db()
    assert entry.trashed_at is None


def test_trashing_ends_every_share_so_the_therapist_can_no_longer_open_it(
    link: Link, alice: Any, alice_client: Client, theo_client: Client, tess: Any
) -> None:
    entry = write(alice, "shared words")
    item = services.share_entry(link=link, entry=entry)
    other = services.share_entry(link=link_people(tess, alice), entry=entry)
    shared_url = f"/care/clients/{link.id}/shared/{item.id}/"
    assert theo_client.get(shared_url).status_code == 200

    alice_client.post(f"/journal/{entry.id}/trash/")

    assert not SharedItem.objects.filter(pk__in=[item.pk, other.pk]).exists()  # copies and their keys gone
    assert theo_client.get(shared_url).status_code == 404
    stopped = ShareEvent.objects.filter(item_id__in=[item.pk, other.pk], action=ShareEvent.Action.STOPPED)
    assert stopped.count() == 2  # the person's sharing log says so


def test_bringing_it_back_does_not_share_it_again(link: Link, alice: Any) -> None:
    entry = write(alice, "words")
    services.share_entry(link=link, entry=entry)
    entry_restore(entry=entry_trash(entry=entry))
    assert not SharedItem.objects.filter(entry=entry).exists()


def test_trashing_one_entry_leaves_other_shares_alone(link: Link, alice: Any) -> None:
    kept = services.share_entry(link=link, entry=write(alice, "kept"))
    entry_trash(entry=write(alice, "gone"))
    assert SharedItem.objects.filter(pk=kept.pk).exists()


def test_another_persons_confirm_page_is_a_404(link: Link, alice: Any, bob_client: Client) -> None:
    entry = write(alice, "words")
    services.share_entry(link=link, entry=entry)
    response = bob_client.get(f"/journal/{entry.id}/trash/")
    assert response.status_code == 404
    assert "Theo Park" not in response.content.decode()

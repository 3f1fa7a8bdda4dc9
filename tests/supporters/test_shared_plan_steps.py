"""A shared safety plan, as a supporter reads it: the steps with words in them, not a row of empty ones."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from safety.services import plan_step_save
from supporters import services
from tests.supporters.test_supporters import _add, _make_link, _open


def _supporter_reads_the_plan(alice_client: Client) -> str:
    supporter = _add(alice_client)
    services.share_plan(supporter=supporter)
    url, _code = _make_link(alice_client, supporter)
    page = _open(Client(), url)
    return page[page.index("<main") : page.index("</main>")]


def test_a_supporter_reads_only_the_steps_with_words(alice: Any, alice_client: Client) -> None:
    plan_step_save(owner=alice, section="on_my_own", body="A walk round the block", obstacles="")
    page = _supporter_reads_the_plan(alice_client)
    assert "Things I can do on my own" in page
    assert "A walk round the block" in page
    assert "Warning signs and triggers" not in page
    assert "Nothing here yet." not in page


def test_a_supporter_reads_one_kind_line_for_a_plan_with_nothing_written(alice: Any, alice_client: Client) -> None:
    page = _supporter_reads_the_plan(alice_client)
    assert page.count("Nothing is written in this plan yet.") == 1
    assert "Nothing here yet." not in page


def test_an_empty_plan_is_not_offered_to_share(alice: Any, alice_client: Client) -> None:
    _add(alice_client)
    page = alice_client.get(reverse("supporters:share_plan")).content.decode()
    page = page[page.index("<main") : page.index("</main>")]
    assert "Your plan has nothing written in it yet, so there is nothing to share." in page
    assert f'href="{reverse("safety:plan_edit")}"' in page
    assert ">Share</button>" not in page


def test_sharing_an_empty_plan_stores_nothing_and_says_why(alice: Any, alice_client: Client) -> None:
    supporter = _add(alice_client)
    response = alice_client.post(reverse("supporters:share_plan"), {"supporter": supporter.id})
    assert response.status_code == 200
    assert "there is nothing to share" in response.content.decode()
    assert not supporter.copies.exists()


def test_a_plan_with_one_written_step_can_still_be_shared(alice: Any, alice_client: Client) -> None:
    supporter = _add(alice_client)
    plan_step_save(owner=alice, section="on_my_own", body="A walk round the block", obstacles="")
    response = alice_client.post(reverse("supporters:share_plan"), {"supporter": supporter.id})
    assert response.status_code == 302
    assert supporter.copies.count() == 1

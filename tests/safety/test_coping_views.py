from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from safety.coping_starters import STARTERS
from safety.models import CopingItem
from safety.selectors import coping_list_for_owner


def _texts(owner: Any) -> list[str]:
    return [item.text for group in coping_list_for_owner(owner) for item in group.shown]


def test_the_editing_page_starts_with_gentle_ideas_in_five_groups(alice: Any, alice_client: Client) -> None:
    html = alice_client.get("/safety/coping/edit/").content.decode()
    for heading in ["Comfort", "Distract", "Express", "Release", "Breathe"]:
        assert heading in html
    assert "Wrap up in a soft blanket" in html
    assert CopingItem.objects.filter(owner=alice).count() == sum(len(ideas) for ideas in STARTERS.values())


def test_starter_ideas_are_encrypted_like_your_own(alice: Any, alice_client: Client) -> None:
    alice_client.get("/safety/coping/edit/")
    assert all(b"blanket" not in bytes(item.text) for item in CopingItem.objects.filter(owner=alice))


def test_starters_never_come_back_once_you_have_changed_them(alice: Any, alice_client: Client) -> None:
    alice_client.get("/safety/coping/edit/")
    CopingItem.objects.filter(owner=alice).delete()
    alice_client.get("/safety/coping/edit/")
    assert CopingItem.objects.filter(owner=alice).count() == 0


def test_you_can_add_your_own_idea(alice: Any, alice_client: Client) -> None:
    alice_client.get("/safety/coping/edit/")
    response = alice_client.post("/safety/coping/add/", {"group": "comfort", "text": "Stroke the cat"})
    assert response.status_code == 302
    assert response["Location"] == "/safety/coping/edit/#coping-comfort"
    assert "Stroke the cat" in _texts(alice)


def test_adding_with_htmx_returns_just_that_group(alice_client: Client) -> None:
    alice_client.get("/safety/coping/edit/")
    html = alice_client.post(
        "/safety/coping/add/", {"group": "express", "text": "Dance badly"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert html.lstrip().startswith('<section id="coping-express"')
    assert "Dance badly" in html


def test_an_empty_idea_gets_a_kind_message(alice_client: Client) -> None:
    response = alice_client.post("/safety/coping/add/", {"group": "comfort", "text": "  "})
    assert response.status_code == 422
    assert "Type a few words first" in response.content.decode()


def test_you_can_edit_and_hide_an_idea_and_bring_it_back(alice: Any, alice_client: Client) -> None:
    alice_client.get("/safety/coping/edit/")
    item = CopingItem.objects.filter(owner=alice, group="release").first()
    assert item is not None
    alice_client.post(f"/safety/coping/{item.id}/", {"text": "A slow walk round the block"})
    assert "A slow walk round the block" in _texts(alice)
    alice_client.post(f"/safety/coping/{item.id}/hide/", {"hidden": "1"})
    assert "A slow walk round the block" not in _texts(alice)
    html = alice_client.get("/safety/coping/edit/").content.decode()
    assert "1 hidden idea" in html
    alice_client.post(f"/safety/coping/{item.id}/hide/", {"hidden": "0"})
    assert "A slow walk round the block" in _texts(alice)


def test_someone_else_cannot_change_your_ideas(alice: Any, alice_client: Client, bob_client: Client) -> None:
    alice_client.get("/safety/coping/edit/")
    item = CopingItem.objects.filter(owner=alice).first()
    assert item is not None
    assert bob_client.post(f"/safety/coping/{item.id}/", {"text": "x"}).status_code == 404
    assert bob_client.post(f"/safety/coping/{item.id}/hide/", {"hidden": "1"}).status_code == 404
    item.refresh_from_db()
    assert item.hidden is False


@pytest.mark.django_db
def test_no_starter_idea_is_pain_based_or_needs_a_medical_caution() -> None:
    words = " ".join(str(idea).lower() for ideas in STARTERS.values() for idea in ideas)
    for avoided in ["ice", "cold", "elastic", "rubber band", "snap", "sprint", "run hard", "pain", "hurt"]:
        assert f" {avoided}" not in f" {words}", avoided

"""A shared copy is as private at rest as the writing it came from, and opens with its own key only."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from care.models import Link, SharedItem
from journal import keyring
from prompts.models import Sequence
from safety.services import plan_step_save
from tests.care.conftest import as_shown, client_for, write
from tests.care.test_scoping import ALICE_SHARED, CAROL_SHARED, Call, World, build_world, reachable, walk
from tests.prompts.test_privacy import database_bytes, encodings


@pytest.mark.django_db(transaction=True)
def test_no_plaintext_of_shared_copies_notes_or_suggestions_in_the_database(
    library: None, link: Link, alice: Any, theo: Any, tmp_path: Path
) -> None:
    entry_words, plan_words, note_words, suggestion_words = (f"sentinel-{uuid.uuid4().hex}" for _ in range(4))
    alice_client, theo_client = client_for(alice), client_for(theo)
    entry = write(alice, entry_words, title=entry_words)
    plan_step_save(owner=alice, section="on_my_own", body=plan_words, obstacles="")
    url = reverse("care:share_entry", args=[entry.id])
    alice_client.post(url, as_shown(alice_client, url, link=link.id))
    url = reverse("care:share_plan")
    alice_client.post(url, as_shown(alice_client, url, link=link.id))
    plan_item = SharedItem.objects.get(kind="plan")
    theo_client.post(
        reverse("care:plan_suggest", args=[link.id, plan_item.id, "on_my_own"]), {"body": suggestion_words}
    )
    sequence = Sequence.objects.get(clinic_key="", slug="pause-for-kindness")
    theo_client.post(reverse("care:assign", args=[link.id]), {"sequence": sequence.id, "note": note_words})
    assert note_words in alice_client.get("/").content.decode(), "the note did arrive"

    dump = database_bytes(tmp_path)
    assert alice.email.encode() in dump, "the scan sees plain columns, so it would see plaintext too"
    for sentinel in (entry_words, plan_words, note_words, suggestion_words):
        for form in encodings(sentinel):
            assert form not in dump


@pytest.fixture
def world(library: None, theo: Any, uma: Any, alice: Any) -> World:
    return build_world(theo=theo, uma=uma, alice=alice)


@pytest.mark.django_db
def test_serving_a_therapist_or_admin_never_opens_a_persons_data_key(
    world: World, theo: Any, ada: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page and fragment Theo and the admin can open runs on item keys alone."""
    people = {str(link.person_id) for link in world.links.values()}
    load_user_keyring = keyring.load_user_keyring

    def refuse_people(user_id: Any) -> Any:
        assert str(user_id) not in people, "a therapist's or admin's request opened a person's data key"
        return load_user_keyring(user_id)

    monkeypatch.setattr(keyring, "load_user_keyring", refuse_people)
    seen: set[str] = set()
    for viewer in (theo, ada):

        def theirs(call: Call, viewer: Any = viewer) -> bool:
            return reachable(call, viewer, world)

        seen |= walk(world, viewer, only=theirs).seen
    assert {ALICE_SHARED, CAROL_SHARED} <= seen


@pytest.mark.django_db
def test_a_shared_copy_moved_to_another_item_does_not_open(link: Link, alice: Any) -> None:
    from care.services import share_entry, shared_item_read

    first = share_entry(link=link, entry=write(alice, "first"))
    second = share_entry(link=link, entry=write(alice, "second"))
    SharedItem.objects.filter(pk=second.pk).update(snapshot=first.snapshot)
    second.refresh_from_db()
    with pytest.raises(keyring.DecryptionError):
        shared_item_read(second)

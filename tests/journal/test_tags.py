from __future__ import annotations

from typing import Any

from django.test import Client

from journal.models import Tag
from journal.selectors import entry_texts
from journal.services import entry_create


def test_the_timeline_leads_to_the_tags_and_renaming_one_changes_every_entry(alice_client: Client, alice: Any) -> None:
    first = entry_create(author=alice, body="a long night", tags=["anxeity"])
    second = entry_create(author=alice, body="another", tags=["anxeity", "walk"])
    assert 'href="/journal/tags/"' in alice_client.get("/journal/").content.decode()
    tag = first.tags.get()
    assert f'href="/journal/tags/{tag.pk}/"' in alice_client.get("/journal/tags/").content.decode()
    response = alice_client.post(f"/journal/tags/{tag.pk}/", {"name": "anxiety"}, follow=True)
    page = response.content.decode()
    assert "Every entry with this tag shows the new name." in page
    assert entry_texts(user=alice, entry=first).tags == ["anxiety"]
    assert entry_texts(user=alice, entry=second).tags == ["anxiety", "walk"]
    # Found by its new name, as the editor's box and the filters find a tag.
    entry_create(author=alice, body="later", tags=["Anxiety"])
    assert Tag.objects.filter(owner=alice).count() == 2


def test_a_name_already_used_joins_the_two_tags(alice_client: Client, alice: Any) -> None:
    typo = entry_create(author=alice, body="one", tags=["slep"])
    both = entry_create(author=alice, body="two", tags=["slep", "sleep"])
    right = entry_create(author=alice, body="three", tags=["sleep"])
    alice_client.post(f"/journal/tags/{typo.tags.get().pk}/", {"name": "Sleep"})
    assert [entry_texts(user=alice, entry=e).tags for e in (typo, both, right)] == [["Sleep"]] * 3
    assert Tag.objects.filter(owner=alice).count() == 1


def test_a_name_with_a_comma_is_explained_and_changes_nothing(alice_client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, body="one", tags=["sleep"])
    page = alice_client.post(f"/journal/tags/{entry.tags.get().pk}/", {"name": "sleep, rest"}).content.decode()
    assert "can&#x27;t hold a comma" in page
    assert entry_texts(user=alice, entry=entry).tags == ["sleep"]


def test_nobody_renames_anothers_tag(bob_client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, body="one", tags=["sleep"])
    assert bob_client.post(f"/journal/tags/{entry.tags.get().pk}/", {"name": "x"}).status_code == 404
    assert entry_texts(user=alice, entry=entry).tags == ["sleep"]


def test_a_name_too_long_is_said_kindly_and_stays_in_the_box(alice_client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, body="one", tags=["sleep"])
    long_name = "the nights I could not sleep and wrote instead"  # 46 characters: over the 40 a tag holds
    page = alice_client.post(f"/journal/tags/{entry.tags.get().pk}/", {"name": long_name}).content.decode()
    assert "A tag&#x27;s name holds up to 40 characters." in page
    # The whole name stays in the box, and the box has no maxlength to cut a paste short.
    assert f'value="{long_name}"' in page
    assert "maxlength" not in page.split('name="name"')[1].split(">")[0]
    assert entry_texts(user=alice, entry=entry).tags == ["sleep"]


def test_a_tag_with_an_accent_is_one_tag_however_the_keyboard_spelled_the_accent(
    alice_client: Client, alice: Any
) -> None:
    # "é" as one character (most keyboards) or as "e" and a combining accent (some phones, a pasted
    # word): the filters listed two "élan" tags that looked the same, each with half the entries.
    one = entry_create(author=alice, body="one", tags=["élan"])
    two = entry_create(author=alice, body="two", tags=["e\u0301lan", "Élan"])
    assert Tag.objects.filter(owner=alice).count() == 1
    assert entry_texts(user=alice, entry=one).tags == entry_texts(user=alice, entry=two).tags == ["élan"]
    assert alice_client.get("/journal/").content.decode().count(">élan</option>") == 1

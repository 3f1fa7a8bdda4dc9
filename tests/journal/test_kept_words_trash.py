"""Words kept for an entry that then went to the trash (or went there while they were typed):
the compare page still opens, from the editor's link, the trashed entry's page or after "Bring it
back", and the person can read, copy, use or let go of them (journal/kept_views.py)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from journal.models import Entry, KeptWords
from journal.selectors import entry_texts
from journal.services import EntryContent, entry_create, entry_trash, entry_update
from tests.journal.test_editor import HX, form_data

WORDS = "Written in the phone's tab, late."
SHOWN = "Written in the phone&#x27;s tab, late."


def _changed_then_trashed(alice_client: Client, alice: Any) -> tuple[Entry, KeptWords, str]:
    """Saved from the laptop, so the phone's tab kept its words; then trashed from the laptop."""
    entry = entry_create(author=alice, body="The start.")
    content = EntryContent(title="", body="Saved on the laptop.", written_on=entry.written_on)
    entry = entry_update(entry=entry, expected_version=1, content=content)
    status = alice_client.post(
        "/journal/autosave/", form_data(entry.id, 1, body=WORDS, page=str(uuid.uuid4())), headers=HX
    ).content.decode()
    kept = KeptWords.objects.get(entry=entry)
    compare = f"/journal/{entry.id}/kept/{kept.id}/"
    assert f'href="{compare}"' in status  # the link the phone's tab shows
    entry_trash(entry=Entry.objects.get(pk=entry.pk))
    return entry, kept, compare


def _body(alice: Any, entry: Entry) -> str:
    return entry_texts(user=alice, entry=Entry.objects.get(pk=entry.pk)).body


def test_the_compare_link_opens_for_an_entry_that_went_to_the_trash(alice_client: Client, alice: Any) -> None:
    entry, _kept, compare = _changed_then_trashed(alice_client, alice)
    response = alice_client.get(compare)
    assert response.status_code == 200
    page = response.content.decode()
    assert SHOWN in page and "Saved on the laptop." in page
    assert "This entry is in the trash." in page
    assert "Bring it back with my kept words" in page
    # The editor shows the trash, not the words: its link waits until the entry is back.
    assert f'href="/journal/{entry.id}/edit/"' not in page


def test_the_trashed_entrys_page_links_to_its_kept_words(alice_client: Client, alice: Any) -> None:
    entry, _kept, compare = _changed_then_trashed(alice_client, alice)
    page = alice_client.get(f"/journal/{entry.id}/").content.decode()
    assert "Moved to the trash" in page  # just now, from the laptop
    assert f'href="{compare}"' in page
    # And after "Bring it back", the entry offers them as it does any kept words.
    back = alice_client.post(f"/journal/{entry.id}/restore/", follow=True).content.decode()
    assert f'href="{compare}"' in back


def test_using_the_kept_words_brings_the_entry_back_with_them(alice_client: Client, alice: Any) -> None:
    entry, _kept, compare = _changed_then_trashed(alice_client, alice)
    response = alice_client.post(compare, {"choice": "kept", "version": 2}, follow=True)
    assert "The entry is back in your journal, with the words you kept." in response.content.decode()
    assert Entry.objects.get(pk=entry.pk).trashed_at is None
    assert _body(alice, entry) == WORDS
    assert not KeptWords.objects.exists()


def test_using_them_after_another_save_leaves_the_entry_in_the_trash_and_the_words_kept(
    alice_client: Client, alice: Any
) -> None:
    entry, kept, compare = _changed_then_trashed(alice_client, alice)
    response = alice_client.post(compare, {"choice": "kept", "version": 1})  # an older look
    assert response.status_code == 200 and "saved again somewhere just now" in response.content.decode()
    assert Entry.objects.get(pk=entry.pk).trashed_at is not None
    assert _body(alice, entry) == "Saved on the laptop."
    assert KeptWords.objects.filter(pk=kept.pk).exists()


def test_letting_them_go_leaves_the_entry_in_the_trash(alice_client: Client, alice: Any) -> None:
    entry, _kept, compare = _changed_then_trashed(alice_client, alice)
    response = alice_client.post(compare, {"choice": "entry"}, follow=True)
    assert "The kept words are let go. The entry stays in the trash." in response.content.decode()
    assert Entry.objects.get(pk=entry.pk).trashed_at is not None
    assert not KeptWords.objects.exists()


def test_past_its_days_in_the_trash_the_entry_and_its_kept_words_are_gone(alice_client: Client, alice: Any) -> None:
    entry, _kept, compare = _changed_then_trashed(alice_client, alice)
    Entry.objects.filter(pk=entry.pk).update(trashed_at=timezone.now() - timedelta(days=31))
    assert alice_client.get(compare).status_code == 404


def test_someone_else_meets_a_404_for_kept_words_in_the_trash(
    alice_client: Client, bob_client: Client, alice: Any
) -> None:
    entry, kept, compare = _changed_then_trashed(alice_client, alice)
    assert bob_client.get(compare).status_code == 404
    assert bob_client.post(compare, {"choice": "kept", "version": 2}).status_code == 404
    assert bob_client.post(compare, {"choice": "entry"}).status_code == 404
    assert f"/kept/{kept.id}/" not in bob_client.get(f"/journal/{entry.id}/").content.decode()
    assert KeptWords.objects.filter(pk=kept.pk).exists() and Entry.objects.get(pk=entry.pk).trashed_at is not None


def test_a_second_tap_after_letting_them_go_in_the_trash_lands_on_the_entry_not_a_404(
    alice_client: Client, alice: Any
) -> None:
    entry, _kept, compare = _changed_then_trashed(alice_client, alice)
    alice_client.post(compare, {"choice": "entry"})
    second = alice_client.post(compare, {"choice": "entry"}, follow=True)
    assert second.status_code == 200
    assert "Those kept words were already chosen or let go." in second.content.decode()
    assert Entry.objects.get(pk=entry.pk).trashed_at is not None


def test_the_trash_says_which_entry_holds_kept_words_and_that_emptying_takes_them(
    alice_client: Client, alice: Any
) -> None:
    _changed_then_trashed(alice_client, alice)
    entry_trash(entry=entry_create(author=alice, body="Another entry, nothing kept."))
    page = alice_client.get("/journal/trash/").content.decode()
    assert page.count("Words you kept from another tab are with it.") == 1  # that entry's, not the other
    assert "phone" not in page  # the fact only, never the words
    assert "The words you kept from another tab go with them." in page


def test_moving_an_entry_with_kept_words_to_the_trash_says_they_go_with_it(alice_client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, body="The start.")
    content = EntryContent(title="", body="Saved on the laptop.", written_on=entry.written_on)
    entry = entry_update(entry=entry, expected_version=1, content=content)
    for _ in range(2):
        alice_client.post("/journal/autosave/", form_data(entry.id, 1, body=WORDS, page=str(uuid.uuid4())), headers=HX)
    asked = alice_client.get(f"/journal/{entry.id}/trash/").content.decode()
    assert "The 2 copies of words you kept from other tabs go to the trash with it, and come back with it." in asked
    plain = entry_create(author=alice, body="Nothing kept here.")
    assert "kept from" not in alice_client.get(f"/journal/{plain.id}/trash/").content.decode()

"""Words that meet a newer version of their entry are kept beside it, encrypted, until the
person compares the two and chooses (journal/kept_words.py)."""

from __future__ import annotations

import itertools
import re
import uuid
from typing import Any
from unittest.mock import patch

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from journal import kept_words
from journal.kept_words import kept_words_keep, kept_words_open
from journal.key_lifecycle import keys_verify, user_data_key_rotate
from journal.keyring import forget_user_keyring
from journal.models import Entry, KeptWords
from journal.selectors import entry_texts
from journal.services import EntryConflict, EntryContent, entry_create, entry_trash, entry_update
from tests.journal.test_editor import HX, form_data

WORDS = "Written in the phone's tab, late."


def _changed_elsewhere(alice: Any, body: str = "Saved on the laptop.") -> Entry:
    """An entry opened in a tab (at version 1), then saved from somewhere else."""
    entry = entry_create(author=alice, body="The start.")
    content = EntryContent(title="", body=body, written_on=entry.written_on)
    return entry_update(entry=entry, expected_version=1, content=content)


def _body(alice: Any, entry: Entry) -> str:
    return entry_texts(user=alice, entry=Entry.objects.get(pk=entry.pk)).body


def test_an_autosave_that_meets_a_newer_version_keeps_its_words_encrypted_for_their_owner_only(
    alice_client: Client, bob_client: Client, alice: Any
) -> None:
    entry = _changed_elsewhere(alice)
    page = uuid.uuid4()
    data = form_data(entry.id, 1, title="Tonight", body=WORDS, page=str(page))
    response = alice_client.post("/journal/autosave/", data, headers=HX)
    status = response.content.decode()
    assert 'data-status="kept"' in status
    assert "Your words from this tab are kept. You can compare them and choose." in status

    kept = KeptWords.objects.get(entry=entry)
    assert kept.owner_id == alice.pk and kept.page == page
    stored = bytes(kept.words)
    assert b"phone" not in stored and b"Tonight" not in stored  # no plaintext at rest
    assert _body(alice, entry) == "Saved on the laptop."  # nothing written over the newer version

    compare = f"/journal/{entry.id}/kept/{kept.id}/"
    assert f'href="{compare}"' in status
    shown = alice_client.get(compare).content.decode()
    assert "Written in the phone&#x27;s tab, late." in shown and "Tonight" in shown
    assert "Saved on the laptop." in shown
    # Anyone else meets a 404, reading or choosing, and the words stay kept.
    assert bob_client.get(compare).status_code == 404
    assert bob_client.post(compare, {"choice": "entry"}).status_code == 404
    assert bob_client.post(compare, {"choice": "kept", "version": 2}).status_code == 404
    assert KeptWords.objects.filter(pk=kept.pk).exists()
    assert _body(alice, entry) == "Saved on the laptop."


def test_the_same_tab_typing_on_updates_its_kept_words_rather_than_keeping_copies(
    alice_client: Client, alice: Any
) -> None:
    entry = _changed_elsewhere(alice)
    page = str(uuid.uuid4())
    alice_client.post("/journal/autosave/", form_data(entry.id, 1, body="First words.", page=page), headers=HX)
    # The tab closing: the leave-page beacon, without htmx.
    response = alice_client.post("/journal/autosave/", form_data(entry.id, 1, body="First words, more.", page=page))
    assert response.status_code == 204
    kept = KeptWords.objects.get(entry=entry)
    view = alice_client.get(f"/journal/{entry.id}/kept/{kept.id}/").content.decode()
    assert "First words, more." in view


def test_the_entry_page_in_any_tab_later_says_words_are_kept_and_links_to_both(
    alice_client: Client, alice: Any
) -> None:
    entry = _changed_elsewhere(alice)
    alice_client.post("/journal/autosave/", form_data(entry.id, 1, body=WORDS, page=str(uuid.uuid4())), headers=HX)
    kept = KeptWords.objects.get(entry=entry)
    page = Client()
    page.force_login(alice)
    shown = page.get(f"/journal/{entry.id}/").content.decode()
    assert "Your words from another tab are kept" in shown
    assert f'href="/journal/{entry.id}/kept/{kept.id}/"' in shown
    # And the editor shows them to copy from, for a merge by hand.
    editor = page.get(f"/journal/{entry.id}/edit/").content.decode()
    assert "Words kept from another tab" in editor and "Written in the phone&#x27;s tab, late." in editor


def test_choosing_the_kept_words_puts_them_in_the_entry(alice_client: Client, alice: Any) -> None:
    entry = _changed_elsewhere(alice)
    alice_client.post("/journal/autosave/", form_data(entry.id, 1, body=WORDS, page=str(uuid.uuid4())), headers=HX)
    kept = KeptWords.objects.get(entry=entry)
    chosen = alice_client.post(f"/journal/{entry.id}/kept/{kept.id}/", {"choice": "kept", "version": 2})
    # The address a choice that brought the gentle check lands on too: the history tells nothing.
    assert chosen["Location"] == f"/journal/{entry.id}/#messages"
    assert "Done. The entry now holds the words you kept." in alice_client.get(chosen["Location"]).content.decode()
    assert _body(alice, entry) == WORDS
    assert not KeptWords.objects.exists()


def test_letting_the_kept_words_go_leaves_the_entry_as_it_was(alice_client: Client, alice: Any) -> None:
    entry = _changed_elsewhere(alice)
    alice_client.post("/journal/autosave/", form_data(entry.id, 1, body=WORDS, page=str(uuid.uuid4())), headers=HX)
    kept = KeptWords.objects.get(entry=entry)
    response = alice_client.post(f"/journal/{entry.id}/kept/{kept.id}/", {"choice": "entry"}, follow=True)
    assert "The entry stays as it was." in response.content.decode()
    assert _body(alice, entry) == "Saved on the laptop."
    assert not KeptWords.objects.exists()


def test_choosing_after_the_entry_changed_again_writes_nothing_and_shows_the_newest(
    alice_client: Client, alice: Any
) -> None:
    entry = _changed_elsewhere(alice)
    alice_client.post("/journal/autosave/", form_data(entry.id, 1, body=WORDS, page=str(uuid.uuid4())), headers=HX)
    kept = KeptWords.objects.get(entry=entry)
    content = EntryContent(title="", body="Saved a third time.", written_on=entry.written_on)
    entry_update(entry=Entry.objects.get(pk=entry.pk), expected_version=2, content=content)
    response = alice_client.post(f"/journal/{entry.id}/kept/{kept.id}/", {"choice": "kept", "version": 2})
    shown = response.content.decode()
    assert response.status_code == 200
    assert "saved again somewhere just now" in shown and "Saved a third time." in shown
    assert _body(alice, entry) == "Saved a third time."
    assert KeptWords.objects.filter(pk=kept.pk).exists()


ALREADY = "Those kept words were already chosen or let go. This is the entry as it is saved now."


def test_a_double_tap_on_use_my_kept_words_lands_on_the_entry_not_on_a_missing_page(
    alice_client: Client, alice: Any
) -> None:
    entry = _changed_elsewhere(alice)
    alice_client.post("/journal/autosave/", form_data(entry.id, 1, body=WORDS, page=str(uuid.uuid4())), headers=HX)
    kept = KeptWords.objects.get(entry=entry)
    address = f"/journal/{entry.id}/kept/{kept.id}/"
    alice_client.post(address, {"choice": "kept", "version": 2})
    # The browser shows the second tap's answer: it was "We couldn't find that page" (404).
    second = alice_client.post(address, {"choice": "kept", "version": 2})
    assert second.status_code == 302 and second["Location"] == f"/journal/{entry.id}/#messages"
    assert ALREADY in alice_client.get(second["Location"]).content.decode()
    assert _body(alice, entry) == WORDS
    # An old link to the page, opened later, leads to the entry too; another person's is still a 404.
    assert alice_client.get(address)["Location"] == f"/journal/{entry.id}/#messages"


def test_two_taps_sent_at_once_both_end_at_the_entry_holding_the_kept_words(alice_client: Client, alice: Any) -> None:
    """The second tap read the kept words before the first one used them: its save then met the
    version the first one wrote, and it said "saved again somewhere, nothing changed yet"."""
    entry = _changed_elsewhere(alice)
    alice_client.post("/journal/autosave/", form_data(entry.id, 1, body=WORDS, page=str(uuid.uuid4())), headers=HX)
    kept = KeptWords.objects.get(entry=entry)
    real_use = kept_words.kept_words_use

    def first_tap_landed_meanwhile(*, kept: Any, expected_version: int) -> Entry:
        real_use(kept=kept_words.kept_words_open(KeptWords.objects.get(pk=kept.id)), expected_version=expected_version)
        raise EntryConflict(Entry.objects.get(pk=entry.pk))

    with patch.object(kept_words, "kept_words_use", first_tap_landed_meanwhile):
        second = alice_client.post(f"/journal/{entry.id}/kept/{kept.id}/", {"choice": "kept", "version": 2})
    assert second.status_code == 302 and second["Location"] == f"/journal/{entry.id}/#messages"
    shown = alice_client.get(second["Location"]).content.decode()
    assert ALREADY in shown and "saved again somewhere" not in shown
    assert _body(alice, entry) == WORDS


def test_kept_words_of_another_persons_entry_are_still_not_found(
    alice_client: Client, bob_client: Client, alice: Any
) -> None:
    entry = _changed_elsewhere(alice)
    alice_client.post("/journal/autosave/", form_data(entry.id, 1, body=WORDS, page=str(uuid.uuid4())), headers=HX)
    kept = KeptWords.objects.get(entry=entry)
    address = f"/journal/{entry.id}/kept/{kept.id}/"
    assert bob_client.get(address).status_code == 404
    assert bob_client.post(address, {"choice": "entry"}).status_code == 404
    alice_client.post(address, {"choice": "entry"})
    # Gone now: to bob it is still only a 404, never "already chosen".
    assert bob_client.get(address).status_code == 404
    assert bob_client.post(address, {"choice": "kept", "version": 2}).status_code == 404
    assert alice_client.get(f"/journal/{uuid.uuid4()}/kept/{kept.id}/").status_code == 404


def test_save_after_seeing_both_versions_keeps_the_words_until_it_lands(alice_client: Client, alice: Any) -> None:
    entry = _changed_elsewhere(alice)
    page = str(uuid.uuid4())
    shown = alice_client.post(f"/journal/{entry.id}/edit/", form_data(entry.id, 1, body=WORDS, page=page))
    assert "Your words from this tab are kept too" in shown.content.decode()
    assert KeptWords.objects.filter(entry=entry).count() == 1
    # Saved again from that tab, knowingly: the entry holds the words, so no copy is kept apart.
    alice_client.post(f"/journal/{entry.id}/edit/", form_data(entry.id, 2, body=WORDS, page=page))
    assert _body(alice, entry) == WORDS
    assert not KeptWords.objects.exists()


def test_kept_words_follow_a_key_rotation_and_pass_verification(alice_client: Client, alice: Any) -> None:
    entry = _changed_elsewhere(alice)
    alice_client.post("/journal/autosave/", form_data(entry.id, 1, body=WORDS, page=str(uuid.uuid4())), headers=HX)
    kept = KeptWords.objects.get(entry=entry)
    user_data_key_rotate(user_id=alice.pk)
    forget_user_keyring(alice)
    assert bytes(KeptWords.objects.get(pk=kept.pk).words) != bytes(kept.words)
    assert keys_verify().ok
    assert WORDS.replace("'", "&#x27;") in alice_client.get(f"/journal/{entry.id}/kept/{kept.id}/").content.decode()


def test_two_first_keeps_from_one_page_racing_leave_one_copy_with_the_later_words(alice: Any) -> None:
    # The page's autosave and its leave-page beacon, both finding nothing kept yet.
    entry = _changed_elsewhere(alice)
    page = uuid.uuid4()
    first = kept_words_keep(entry=entry, page=page, content=EntryContent("", "Earlier.", entry.written_on))
    with patch.object(KeptWords.objects, "select_for_update") as looked_first:
        looked_first.return_value.filter.return_value = _FirstFindsNothing(entry=entry, page=page)
        kept_words_keep(entry=entry, page=page, content=EntryContent("", "Later.", entry.written_on))
    assert list(KeptWords.objects.values_list("pk", flat=True)) == [first.pk]
    assert kept_words_open(KeptWords.objects.get()).content.body == "Later."


class _FirstFindsNothing:
    """The kept words as the racing request saw them: not there yet, though they are by its INSERT."""

    def __init__(self, **where: Any) -> None:
        self.where = where

    def first(self) -> None:
        return None

    def get(self) -> KeptWords:
        return KeptWords.objects.get(**self.where)


def test_words_that_meet_the_entry_in_the_trash_are_kept_with_it_for_when_it_comes_back(
    alice_client: Client, alice: Any
) -> None:
    entry = entry_trash(entry=entry_create(author=alice, body="As it was."))
    page = str(uuid.uuid4())
    status = alice_client.post("/journal/autosave/", form_data(entry.id, 1, body=WORDS, page=page), headers=HX)
    assert "Your words from this tab are kept with it. Press Save to bring the entry back with them." in (
        status.content.decode()
    )
    kept = KeptWords.objects.get(entry=entry)
    assert b"phone" not in bytes(kept.words)
    assert Entry.objects.get(pk=entry.pk).trashed_at is not None  # an autosave brings nothing back

    alice_client.post(f"/journal/{entry.id}/restore/")
    shown = alice_client.get(f"/journal/{entry.id}/kept/{kept.id}/").content.decode()
    assert "Written in the phone&#x27;s tab, late." in shown and "As it was." in shown


def test_bring_it_back_and_save_from_that_tab_lets_its_kept_copy_go(alice_client: Client, alice: Any) -> None:
    entry = entry_trash(entry=entry_create(author=alice, body="As it was."))
    page = str(uuid.uuid4())
    alice_client.post("/journal/autosave/", form_data(entry.id, 1, body=WORDS, page=page), headers=HX)
    alice_client.post(f"/journal/{entry.id}/edit/", form_data(entry.id, 1, body=WORDS, page=page, bring_back="1"))
    assert Entry.objects.get(pk=entry.pk).trashed_at is None
    assert _body(alice, entry) == WORDS
    assert not KeptWords.objects.exists()


def test_a_title_too_long_to_keep_is_not_called_kept_so_leaving_the_tab_still_asks(
    alice_client: Client, alice: Any
) -> None:
    # The kept copy holds everything but a title past its limit (as a draft does): that title is
    # only in this tab, so the status line must tell journal.js to ask before leaving.
    from journal.services import MAX_TITLE_CHARS

    entry = _changed_elsewhere(alice)
    long_title = "t" * (MAX_TITLE_CHARS + 1)
    data = form_data(entry.id, 1, title=long_title, body=WORDS, page=str(uuid.uuid4()))
    status = alice_client.post("/journal/autosave/", data, headers=HX).content.decode()
    assert 'data-status="kept"' in status
    assert kept_words_open(KeptWords.objects.get(entry=entry)).content.title == ""
    assert "data-title-held-back" in status


def test_the_entry_pages_headings_are_in_order_with_the_kept_words_under_the_entrys_title(
    alice_client: Client, alice: Any
) -> None:
    entry = _changed_elsewhere(alice)
    alice_client.post("/journal/autosave/", form_data(entry.id, 1, body=WORDS, page=str(uuid.uuid4())), headers=HX)
    page = alice_client.get(f"/journal/{entry.id}/").content.decode()
    # The page's own content, without the inert <template>s the idle lock fills in later.
    main = re.search(r"<main\b.*?</main>", page, re.S)
    assert main is not None
    shown = re.sub(r"<template\b.*?</template>", "", main.group(0), flags=re.S)
    headings = re.findall(r"<h([1-6])\b[^>]*>(.*?)</h\1>", shown, re.S)
    levels = [int(level) for level, _text in headings]
    # The page's own heading comes first, and no level is skipped going down.
    assert levels[0] == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))
    titles = [text.strip() for _level, text in headings]
    # The kept words' card is the first thing under the entry's heading, so a phone shows it at once.
    assert titles.index("Your words from another tab are kept") == 1


def _keep(entry: Entry, copies: int) -> None:
    for n in range(copies):
        content = EntryContent(title="", body=f"From the other tab, copy {n}.", written_on=entry.written_on)
        kept_words_keep(entry=entry, page=uuid.uuid4(), content=content)


def test_the_editor_opens_four_kept_copies_with_the_queries_of_one(
    alice_client: Client, alice: Any, django_assert_num_queries: Any
) -> None:
    one, four = _changed_elsewhere(alice), _changed_elsewhere(alice)
    _keep(one, 1)
    _keep(four, 4)
    alice_client.get(f"/journal/{one.id}/edit/")  # the session warmed, as on any later visit
    with CaptureQueriesContext(connection) as for_one:
        page = alice_client.get(f"/journal/{one.id}/edit/")
    assert page.content.decode().count("From the other tab, copy") == 1
    with django_assert_num_queries(len(for_one)):
        page = alice_client.get(f"/journal/{four.id}/edit/")
    assert page.content.decode().count("From the other tab, copy") == 4

"""“What I'd like you to know”: a letter to a loved one, written as a reflection and printed as a letter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from django.test import Client

from journal.models import Entry
from journal.selectors import entry_texts
from journal.services import entry_create
from prompts.definition_checks import parse_yaml
from prompts.definitions import DefinitionError
from prompts.loader import read_library
from supporters.services import share_entry, supporter_add
from tests.prompts.conftest import sequence
from tests.prompts.test_run import begin, post

SLUG = "what-id-like-you-to-know"
PARTS = [
    "What happened",
    "What helps",
    "What does not help",
    "What I need from you now",
    "What I do not need you to fix",
]
ANSWERS = [
    "Things got too much this winter.",
    "Sitting with me.",
    "Lots of questions at once.",
    "To listen.",
    "You don't have to fix this.",
]


def finished_letter(client: Client, answers: Sequence[str | None] = ANSWERS) -> Any:
    run = begin(client, sequence(SLUG))
    for position, answer in enumerate(answers):
        post(client, run, position, answer=answer)
    run.refresh_from_db()
    return run


def test_the_letter_ships_with_its_five_parts_in_order() -> None:
    (letter,) = [definition for definition in read_library() if definition.slug == SLUG]
    assert [step.question for step in letter.steps] == PARTS
    assert all(step.kind == "write" and step.hint for step in letter.steps)
    assert letter.note and letter.note_title == "What I'd like you to know"
    assert letter.content_note


def test_it_is_in_the_library_after_setup(alice_client: Client, library: None) -> None:
    html = alice_client.get("/reflections/").content.decode()
    assert "What I&#x27;d like you to know" in html


def test_a_finished_letter_becomes_a_private_reflection_in_the_journal(
    alice: Any, alice_client: Client, library: None
) -> None:
    run = finished_letter(alice_client)
    assert run.is_finished
    entry = Entry.objects.get(owner=alice)
    assert entry.kind == Entry.Kind.REFLECTION
    texts = entry_texts(user=alice, entry=entry)
    assert texts.title == "What I'd like you to know"
    # Each part's heading, then the person's words: the entry reads as the letter does.
    for part, answer in zip(PARTS, ANSWERS, strict=True):
        assert f"{part}\n{answer}" in texts.body
    done = alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    assert "Your letter" in done
    assert "Sitting with me." in done
    assert f"/reflections/run/{run.id}/note/" in done


def test_skipped_parts_leave_no_heading_in_the_letter(alice: Any, alice_client: Client, library: None) -> None:
    run = finished_letter(alice_client, ["Things got too much.", None, None, "To listen.", None])
    body = entry_texts(user=alice, entry=Entry.objects.get(owner=alice)).body
    assert "What does not help" not in body
    note = alice_client.get(f"/reflections/run/{run.id}/note/").content.decode()
    assert "What helps" not in note
    assert "To listen." in note


def test_the_printable_letter_is_headed_as_a_letter_and_never_stored(alice_client: Client, library: None) -> None:
    run = finished_letter(alice_client)
    response = alice_client.get(f"/reflections/run/{run.id}/note/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "<h1>What I&#x27;d like you to know</h1>" in html
    assert "A note for a conversation" not in html
    # print CSS keys on this class to leave the header and crisis strip off the paper.
    assert 'class="page note-page"' in html
    assert all(answer.replace("'", "&#x27;") in html for answer in ANSWERS)
    assert "data-print hidden>Print</button>" in html


def test_the_talk_to_someone_note_keeps_its_own_heading(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("talk-to-someone"))
    for position in range(7):
        post(alice_client, run, position, answer="Sam" if position == 0 else None)
    assert "<h1>A note for a conversation</h1>" in alice_client.get(f"/reflections/run/{run.id}/note/").content.decode()


def test_another_persons_letter_is_not_found(alice_client: Client, bob_client: Client, library: None) -> None:
    run = finished_letter(alice_client)
    assert bob_client.get(f"/reflections/run/{run.id}/note/").status_code == 404
    assert bob_client.get(f"/reflections/run/{run.id}/").status_code == 404


def test_a_letter_still_being_written_has_no_printable_page(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence(SLUG))
    post(alice_client, run, 0, answer="Things got too much.")
    assert alice_client.get(f"/reflections/run/{run.id}/note/").status_code == 404


LETTER_YAML = """
slug: a-letter
version: 1
title: A letter
purpose: For someone.
minutes: 5
note: {note}
note_title: Dear you
steps:
  - kind: write
    question: What happened
"""


def test_a_note_title_survives_export_and_upload_again() -> None:
    (definition,) = parse_yaml(LETTER_YAML.format(note="true"), source="letter.yaml")
    assert definition.note_title == "Dear you"
    (again,) = parse_yaml(definition.to_yaml(), source="export.yaml")
    assert again.note_title == "Dear you"
    assert again.digest() == definition.digest()


def test_a_note_title_without_a_note_is_pointed_out() -> None:
    with pytest.raises(DefinitionError, match=r"letter.yaml, sequence, field 'note_title'"):
        parse_yaml(LETTER_YAML.format(note="false"), source="letter.yaml")


def test_sequences_without_a_note_title_keep_the_words_they_pinned() -> None:
    # Stored versions are compared by digest: a field nobody set must not change it.
    for definition in read_library():
        if definition.slug != SLUG:
            assert "note_title" not in definition.content()


def test_the_letters_journal_entry_leads_back_to_its_printable_page(
    alice: Any, alice_client: Client, library: None
) -> None:
    run = finished_letter(alice_client)
    entry = Entry.objects.get(owner=alice)
    html = alice_client.get(f"/journal/{entry.id}/").content.decode()
    assert f'href="/reflections/run/{run.id}/note/"' in html


def test_entries_without_a_note_offer_no_printable_note(alice: Any, alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("a-kinder-letter"))
    for position in range(3):
        post(alice_client, run, position, answer="Dear me")
    entry_create(author=alice, body="Just a day.")
    assert Entry.objects.filter(owner=alice).count() == 2
    for entry in Entry.objects.filter(owner=alice):
        assert "/note/" not in alice_client.get(f"/journal/{entry.id}/").content.decode()


def test_the_letter_ends_on_a_screen_that_speaks_of_the_letter(alice_client: Client, library: None) -> None:
    run = finished_letter(alice_client)
    html = alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    assert "Your letter" in html and "Copy the letter" in html
    assert "Your note" not in html and "Copy the note" not in html
    assert "keep it here, print it, or share it with someone you trust" in html
    assert f"/reflections/run/{run.id}/note/" in html
    # Sharing offers the journal entry the letter became, as sharing from the journal does.
    assert f"/people-around-you/share/entry/{run.entry_id}/" in html
    printable = alice_client.get(f"/reflections/run/{run.id}/note/").content.decode()
    assert "Copy the letter" in printable and "The letter stays private" in printable
    assert "Copy the note" not in printable and "The note stays private" not in printable


def test_a_note_that_is_not_a_letter_keeps_its_words(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("talk-to-someone"))
    for position in range(7):
        post(alice_client, run, position, answer="Sam" if position == 0 else None)
    html = alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    assert "Your note" in html and "Copy the note" in html and "Your letter" not in html


def test_a_shared_letter_no_longer_says_it_stays_private(alice: Any, alice_client: Client, library: None) -> None:
    run = finished_letter(alice_client)
    page = alice_client.get(f"/reflections/run/{run.id}/note/").content.decode()
    assert "The letter stays private unless you share it." in page

    supporter = supporter_add(owner=alice, name="Sam")
    share_entry(supporter=supporter, entry=Entry.objects.get(owner=alice))
    page = alice_client.get(f"/reflections/run/{run.id}/note/").content.decode()
    assert "stays private" not in page
    assert "The copy you shared stays as it was until you share it again." in page

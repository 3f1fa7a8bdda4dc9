"""Search reads the person's encrypted search chunks: what it finds follows every change of words,
and nothing deleted stays findable (journal/search_index.py)."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from journal import search_index
from journal.key_lifecycle import user_data_key_rotate
from journal.keyring import load_user_keyring
from journal.models import Entry, SearchChunk
from journal.selectors import search
from journal.services import (
    EntryContent,
    ImportedEntry,
    entries_import,
    entry_create,
    entry_trash,
    entry_update,
    trash_empty,
)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    # Three entries a chunk, so a handful of entries spans several chunks.
    monkeypatch.setattr(search_index, "CHUNK_ENTRIES", 3)


@pytest.fixture
def one_chunk_at_a_time(small_chunks: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # So a few entries are enough for search to stop before the last chunk.
    monkeypatch.setattr(search_index, "BATCH_FIRST", 1)
    monkeypatch.setattr(search_index, "BATCH_MOST", 1)


def _texts_in_chunks(owner: Any) -> dict[str, str]:
    ring = load_user_keyring(owner.pk)
    found: dict[str, str] = {}
    for chunk in SearchChunk.objects.filter(owner=owner):
        opened = search_index._open(ring, chunk.pk, chunk.text)
        found |= dict(zip(opened.ids, opened.texts, strict=True))
    return found


def _titles(user: Any, query: str) -> list[str]:
    return [view.title for view in search(user=user, query=query).results]


@pytest.mark.django_db
def test_entries_across_many_chunks_are_found_newest_first(small_chunks: None, alice: Any) -> None:
    start = date(2026, 1, 1)
    for n in range(8):
        entry_create(
            author=alice,
            title=f"day {n}",
            body="the tide came in" if n % 2 else "quiet",
            written_on=start + timedelta(days=n),
        )
    assert SearchChunk.objects.filter(owner=alice).count() == 3
    assert _titles(alice, "TIDE") == ["day 7", "day 5", "day 3", "day 1"]
    assert search(user=alice, query="tide came").total == 4
    assert search(user=alice, query="tide quiet").total == 0


@pytest.mark.django_db
def test_changed_words_replace_the_old_ones(small_chunks: None, alice: Any) -> None:
    entry = entry_create(author=alice, title="walk", body="heron by the canal")
    entry_create(author=alice, title="other", body="nothing here")
    content = EntryContent(title="walk", body="kingfisher by the canal", written_on=entry.written_on)
    entry_update(entry=entry, expected_version=entry.version, content=content)
    assert _titles(alice, "heron") == []
    assert _titles(alice, "kingfisher") == ["walk"]
    assert list(_texts_in_chunks(alice).values()).count("walk\nkingfisher by the canal") == 1


@pytest.mark.django_db
def test_emptied_trash_leaves_nothing_in_the_chunks(small_chunks: None, alice: Any) -> None:
    kept = entry_create(author=alice, body="lighthouse kept")
    gone = entry_create(author=alice, body="lighthouse gone for good")
    entry_trash(entry=gone)
    assert search(user=alice, query="lighthouse").total == 1  # the trash is never searched
    trash_empty(owner=alice)
    texts = _texts_in_chunks(alice)
    assert str(gone.pk) not in texts and not any("gone for good" in text for text in texts.values())
    assert str(kept.pk) in texts


@pytest.mark.django_db
def test_case_is_folded_the_same_way_as_before(alice: Any) -> None:
    entry_create(author=alice, title="Straße", body="Das ist GROSS")
    assert _titles(alice, "strasse gross") == ["Straße"]


@pytest.mark.django_db
def test_entries_without_a_chunk_are_still_found_and_housekeeping_puts_them_in_one(alice: Any) -> None:
    for n in range(5):
        entry_create(author=alice, title=f"old {n}", body="written before chunks: meadow")
    # As a journal from before search chunks looks.
    SearchChunk.objects.filter(owner=alice).delete()
    Entry.objects.filter(owner=alice).update(search_chunk=None)
    assert search(user=alice, query="meadow").total == 5

    call_command("housekeeping")
    assert not Entry.objects.filter(owner=alice, search_chunk__isnull=True).exists()
    assert len(_texts_in_chunks(alice)) == 5
    assert search(user=alice, query="meadow").total == 5


@pytest.mark.django_db
def test_imported_entries_are_found(small_chunks: None, alice: Any) -> None:
    entries_import(
        author=alice,
        entries=[
            ImportedEntry(
                content=EntryContent(title=f"imported {n}", body=f"orchard {n}", written_on=date(2025, 5, n + 1)),
                source_id=uuid.uuid4(),
            )
            for n in range(7)
        ],
    )
    assert search(user=alice, query="orchard").total == 7
    assert SearchChunk.objects.filter(owner=alice).count() == 3


@pytest.mark.django_db
def test_search_still_works_after_a_new_data_key(alice: Any) -> None:
    entry_create(author=alice, title="before", body="willow")
    user_data_key_rotate(user_id=alice.pk)
    alice.refresh_from_db()
    assert _titles(type(alice).objects.get(pk=alice.pk), "willow") == ["before"]


def test_the_search_page_opens_only_the_entries_it_shows(alice_client: Client, alice: Any) -> None:
    shown = entry_create(author=alice, title="shown", body="fern")
    for n in range(4):
        entry_create(author=alice, title=f"t{n}", body="moss")
    # Entries search does not show are never opened: damaged ones would fail if they were.
    Entry.objects.filter(owner=alice).exclude(pk=shown.pk).update(body=b"not a ciphertext")
    page = alice_client.post("/journal/search/", {"q": "fern"}).content.decode()
    assert "1 entry holds these words" in page and "<mark>fern</mark>" in page


def _as_format_1(owner: Any) -> None:
    """Rewrite the person's chunks as they were before order keys: ids and lengths, then texts."""
    ring = load_user_keyring(owner.pk)
    for chunk in SearchChunk.objects.filter(owner=owner):
        opened = search_index._open(ring, chunk.pk, chunk.text)
        header = json.dumps([opened.ids, [len(text) for text in opened.texts]])
        plain = header + "\n" + "\0".join(opened.texts)
        chunk.text = ring.encrypt(plain, model=search_index.CHUNK, field="text", record_id=chunk.pk)
        chunk.format, chunk.newest = 1, None
        chunk.save()


@pytest.mark.django_db
@pytest.mark.parametrize("chunks", ["with-order-keys", "before-order-keys", "none-yet"])
def test_order_and_count_are_the_same_however_the_chunks_were_written(
    small_chunks: None, alice: Any, bob: Any, chunks: str
) -> None:
    start = date(2026, 3, 1)
    for n in range(4):
        entry_create(author=alice, title=f"day {n}", body="sparrow", written_on=start + timedelta(days=n))
    entry_trash(entry=entry_create(author=alice, title="put away", body="sparrow"))
    entry_create(author=bob, title="bob's", body="sparrow")
    if chunks == "before-order-keys":
        _as_format_1(alice)
    elif chunks == "none-yet":
        SearchChunk.objects.filter(owner=alice).delete()
        Entry.objects.filter(owner=alice).update(search_chunk=None)
    results = search(user=alice, query="sparrow")
    assert results.total == 4
    assert [view.title for view in results.results] == ["day 3", "day 2", "day 1", "day 0"]


@pytest.mark.django_db
def test_housekeeping_gives_old_chunks_their_order_keys_and_keeps_every_entry(small_chunks: None, alice: Any) -> None:
    for n in range(5):
        entry_create(author=alice, title=f"kept {n}", body="bramble", written_on=date(2026, 2, 1 + n))
    gone = entry_create(author=alice, title="gone", body="bramble", written_on=date(2026, 2, 9))
    _as_format_1(alice)
    # An entry deleted without its chunk knowing: an old chunk's text for it must not come back.
    Entry.objects.filter(pk=gone.pk).delete()
    call_command("housekeeping")
    assert not SearchChunk.objects.filter(owner=alice, format=1).exists()
    texts = _texts_in_chunks(alice)
    assert len(texts) == 5 and str(gone.pk) not in texts
    assert _titles(alice, "bramble")[0] == "kept 4"
    # A save into an old chunk writes it anew too.
    _as_format_1(alice)
    entry_create(author=alice, title="new", body="bramble", written_on=date(2026, 3, 1))
    assert _titles(alice, "bramble")[:2] == ["new", "kept 4"]


@pytest.mark.django_db
def test_a_new_date_moves_an_entry_in_the_results(alice: Any) -> None:
    old = entry_create(author=alice, title="moved", body="heather", written_on=date(2025, 1, 1))
    entry_create(author=alice, title="stays", body="heather", written_on=date(2025, 6, 1))
    assert _titles(alice, "heather") == ["stays", "moved"]
    content = EntryContent(title="moved", body="heather", written_on=date(2025, 12, 1))
    entry_update(entry=old, expected_version=old.version, content=content)
    assert _titles(alice, "heather") == ["moved", "stays"]


@pytest.mark.django_db
def test_one_day_s_entries_come_newest_written_first(alice: Any) -> None:
    for n in range(3):
        entry_create(author=alice, title=f"same day {n}", body="gorse", written_on=date(2025, 4, 4))
    assert _titles(alice, "gorse") == ["same day 2", "same day 1", "same day 0"]


def test_results_come_a_page_at_a_time_and_show_more_adds_the_next(alice_client: Client, alice: Any) -> None:
    from journal.selectors import SEARCH_PAGE

    start = date(2025, 1, 1)
    for n in range(SEARCH_PAGE + 3):
        entry_create(author=alice, title=f"walk {n:02}", body="harbour", written_on=start + timedelta(days=n))
    first = alice_client.post("/journal/search/", {"q": "harbour"}).content.decode()
    assert f"{SEARCH_PAGE + 3} entries hold these words" in first
    assert first.count('class="journal-item"') == SEARCH_PAGE
    assert "Show 3 more" in first and 'name="pages" value="2"' in first
    assert f"walk {SEARCH_PAGE + 2:02}" in first and "walk 00" not in first  # newest first

    more = alice_client.post("/journal/search/", {"q": "harbour", "pages": "2"}, headers={"HX-Request": "true"})
    text = more.content.decode()
    assert text.count('class="journal-item"') == SEARCH_PAGE + 3 and "walk 00" in text
    assert 'class="search-more"' not in text  # nothing left to show
    # Focus lands on the first result the tap added.
    assert f'id="result-{SEARCH_PAGE + 1}"' in text
    added = text.split(f'id="result-{SEARCH_PAGE + 1}"')[1].split("</a>")[0]
    assert "data-focus-after-swap" in added

    for odd in ("-4", "0", "many", "99999"):
        page = alice_client.post("/journal/search/", {"q": "harbour", "pages": odd}).content.decode()
        assert page.count('class="journal-item"') == SEARCH_PAGE, odd


@pytest.mark.django_db
@pytest.mark.parametrize("old_chunks", [False, True], ids=["with-order-keys", "before-order-keys"])
def test_chunks_are_read_newest_first_and_results_stay_in_order_whatever_the_order_written(
    one_chunk_at_a_time: None, monkeypatch: pytest.MonkeyPatch, alice: Any, old_chunks: bool
) -> None:
    from journal import selectors

    monkeypatch.setattr(selectors, "SEARCH_PAGE", 2)
    # Written in an order unlike their days, so chunks overlap in time: a day from long ago in the
    # last chunk, the newest day in the middle one.
    days = [5, 1, 9, 3, 12, 2, 7, 4, 0, 11]
    for day in days:
        entry_create(author=alice, title=f"day {day:02}", body="curlew", written_on=date(2026, 1, 1 + day))
    entry_trash(entry=entry_create(author=alice, title="put away", body="curlew", written_on=date(2026, 2, 1)))
    if old_chunks:
        _as_format_1(alice)  # no newest day known: opened before any other
    expected = [f"day {day:02}" for day in sorted(days, reverse=True)]
    for pages in range(1, 7):
        results = search(user=alice, query="curlew", pages=pages)
        assert [view.title for view in results.results] == expected[: 2 * pages]
        # Counted once every chunk was opened; before that, only "more than these".
        assert results.total in (None, len(days))
        assert results.more == (0 if 2 * pages >= len(days) else 2) or results.total is None
    assert search(user=alice, query="curlew", pages=1).total is (len(days) if old_chunks else None)
    assert search(user=alice, query="curlew", pages=5).total == len(days)


@pytest.mark.django_db
def test_a_chunk_knows_its_newest_day(small_chunks: None, alice: Any) -> None:
    for day in (3, 9, 6):
        entry_create(author=alice, body="wren", written_on=date(2026, 5, day))
    entry = entry_create(author=alice, body="wren", written_on=date(2026, 5, 1))
    chunks = SearchChunk.objects.filter(owner=alice).order_by("number")
    assert [chunk.newest for chunk in chunks] == [date(2026, 5, 9), date(2026, 5, 1)]
    content = EntryContent(title="", body="wren", written_on=date(2026, 6, 1))
    entry_update(entry=entry, expected_version=entry.version, content=content)
    assert SearchChunk.objects.get(owner=alice, number=1).newest == date(2026, 6, 1)


def test_the_page_says_more_than_it_shows_when_search_stopped_early(
    one_chunk_at_a_time: None, monkeypatch: pytest.MonkeyPatch, alice_client: Client, alice: Any
) -> None:
    from journal import selectors

    monkeypatch.setattr(selectors, "SEARCH_PAGE", 2)
    for n in range(9):
        entry_create(author=alice, title=f"walk {n}", body="dipper", written_on=date(2025, 3, 1 + n))
    page = alice_client.post("/journal/search/", {"q": "dipper"}).content.decode()
    assert "More than 2 entries hold these words." in page and "Showing the newest 2." in page
    assert ">Show more</button>" in page and "walk 8" in page and "walk 7" in page and "walk 6" not in page
    # Once every chunk has been read, the count is exact again.
    last = alice_client.post("/journal/search/", {"q": "dipper", "pages": "5"}).content.decode()
    assert "9 entries hold these words." in last and "Show" not in last.split("</article>")[-1]


def test_after_show_more_the_status_line_says_how_many_are_shown(
    one_chunk_at_a_time: None, monkeypatch: pytest.MonkeyPatch, alice_client: Client, alice: Any
) -> None:
    # The count again would sound as if "Show more" had done nothing (the browser test has the rest).
    from journal import selectors

    monkeypatch.setattr(selectors, "SEARCH_PAGE", 2)
    for n in range(9):
        entry_create(author=alice, title=f"walk {n}", body="dipper", written_on=date(2025, 3, 1 + n))

    def status(pages: int) -> str:
        text = alice_client.post(
            "/journal/search/", {"q": "dipper", "pages": str(pages)}, headers={"HX-Request": "true"}
        ).content.decode()
        return text.split('id="search-status"')[1].split(">", 1)[1].split("</p>")[0]

    assert status(1) == "More than 2 entries hold these words."
    assert status(2) == "Showing the newest 4."  # search stopped early: it knows no total yet
    assert status(5) == "Showing all 9."


def _as_format_2_typed_apart(owner: Any) -> None:
    """The person's chunks as search wrote them before it composed accents: each "é" kept as the
    keyboard gave it, here "e" and a combining accent."""
    ring = load_user_keyring(owner.pk)
    for chunk in SearchChunk.objects.filter(owner=owner):
        opened = search_index._open(ring, chunk.pk, chunk.text)
        texts = [text.replace("\u00e9", "e\u0301") for text in opened.texts]
        plain = "2" + opened.keys + "\n" + "\0".join(texts)
        chunk.text = ring.encrypt(plain, model=search_index.CHUNK, field="text", record_id=chunk.pk)
        chunk.format = 2
        chunk.save()


@pytest.mark.django_db
def test_an_accent_typed_apart_in_an_older_chunk_is_found_once_housekeeping_has_run(
    small_chunks: None, alice: Any
) -> None:
    for n in range(3):
        entry_create(author=alice, title=f"café {n}", body="a quiet morning", written_on=date(2026, 4, 1 + n))
    _as_format_2_typed_apart(alice)
    # Search composes the words looked for: the older chunks' "café" (typed apart) no longer matched.
    assert _titles(alice, "café") == []
    call_command("housekeeping")
    assert not SearchChunk.objects.filter(owner=alice, format__lt=search_index.FORMAT).exists()
    assert _titles(alice, "café") == ["café 2", "café 1", "café 0"]


@pytest.mark.django_db
def test_a_save_into_an_older_chunk_composes_its_other_entries_too(alice: Any) -> None:
    older = entry_create(author=alice, title="café by the river", body="", written_on=date(2026, 4, 1))
    _as_format_2_typed_apart(alice)
    entry_create(author=alice, title="later", body="", written_on=date(2026, 4, 2))
    assert _titles(alice, "café") == ["café by the river"]
    assert _texts_in_chunks(alice)[str(older.pk)].startswith("café")

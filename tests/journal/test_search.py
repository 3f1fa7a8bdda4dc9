from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from journal.services import entry_create, entry_trash


def test_it_finds_an_entry_by_a_word_in_it_and_highlights_it(alice_client: Client, alice: Any) -> None:
    entry_create(author=alice, title="Thursday", body="I called my sister and we talked about <the> garden.")
    entry_create(author=alice, title="Friday", body="Rain all day.")
    page = alice_client.post("/journal/search/", {"q": "GARDEN"}).content.decode()
    assert "1 entry holds these words" in page
    assert "<mark>garden</mark>" in page
    assert "&lt;the&gt;" in page  # the person's own text is escaped, never markup
    assert "Friday" not in page


def test_every_word_has_to_match(alice_client: Client, alice: Any) -> None:
    entry_create(author=alice, body="the sea was calm")
    entry_create(author=alice, body="the sea was rough")
    page = alice_client.post("/journal/search/", {"q": "sea calm"}).content.decode()
    assert "1 entry holds these words" in page


def test_it_only_searches_your_own_live_entries(alice_client: Client, alice: Any, bob: Any) -> None:
    entry_create(author=bob, body="bob wrote lighthouse")
    entry_trash(entry=entry_create(author=alice, body="trashed lighthouse"))
    page = alice_client.post("/journal/search/", {"q": "lighthouse"}).content.decode()
    assert "<h2>Nothing found. You could try fewer or shorter words.</h2>" in page
    assert "0 entries" not in page  # a count of nothing, above the same news in words
    assert "bob wrote" not in page


def test_search_words_never_travel_in_the_url(alice_client: Client, alice: Any) -> None:
    entry_create(author=alice, body="findable words")
    page = alice_client.get("/journal/search/?q=findable").content.decode()
    assert "holds these words" not in page
    assert 'method="post"' in page


def test_htmx_gets_only_the_results(alice_client: Client, alice: Any) -> None:
    entry_create(author=alice, body="a river")
    page = alice_client.post("/journal/search/", {"q": "river"}, headers={"HX-Request": "true"}).content.decode()
    assert page.lstrip().startswith('<div id="results"')


@pytest.mark.parametrize("query", ["", "   "])
def test_a_search_with_no_words_says_so_where_the_results_go(alice_client: Client, alice: Any, query: str) -> None:
    # htmx swaps in only the results: spaces alone used to clear them and say nothing at all.
    entry_create(author=alice, body="a river")
    page = alice_client.post("/journal/search/", {"q": query}, headers={"HX-Request": "true"}).content.decode()
    assert page.lstrip().startswith('<div id="results"')
    assert "nothing to look for yet" in page
    # Without JavaScript the whole page comes back and says it once, at the box.
    page = alice_client.post("/journal/search/", {"q": query}).content.decode()
    assert page.count("nothing to look for yet") == 1


def _add(alice: Any, count: int) -> None:
    for n in range(count):
        entry_create(author=alice, title=f"t{n}", body=f"common words number {n}", tags=["x"])


def test_search_queries_do_not_grow_with_results(
    alice_client: Client, alice: Any, django_assert_num_queries: Any
) -> None:
    _add(alice, 2)
    alice_client.post("/journal/search/", {"q": "common"})
    with CaptureQueriesContext(connection) as small:
        alice_client.post("/journal/search/", {"q": "common"})
    _add(alice, 30)
    with django_assert_num_queries(len(small.captured_queries)):
        page = alice_client.post("/journal/search/", {"q": "common"}).content.decode()
    assert "32 entries hold these words" in page


@pytest.mark.parametrize("query", ["sleep", "#Sleep", "  SLEEP "])
def test_a_search_for_a_tag_offers_the_entries_tagged_with_it(alice_client: Client, alice: Any, query: str) -> None:
    # Tags are not in the text searched: a search for one used to say only "Nothing found".
    entry = entry_create(author=alice, body="a long night", tags=["Sleep"])
    page = alice_client.post("/journal/search/", {"q": query}).content.decode()
    tag_id = entry.tags.get().pk
    assert f'href="/journal/?tag={tag_id}"' in page
    assert "See every entry tagged <bdi>Sleep</bdi>" in page


def test_a_tag_only_on_trashed_entries_or_anothers_is_not_offered(alice_client: Client, alice: Any, bob: Any) -> None:
    entry_trash(entry=entry_create(author=alice, body="a long night", tags=["sleep"]))
    entry_create(author=bob, body="bob's night", tags=["sleep"])
    page = alice_client.post("/journal/search/", {"q": "sleep"}).content.decode()
    assert "entry tagged" not in page
    assert "Nothing found" in page


def test_a_word_with_an_accent_is_found_however_the_keyboard_spelled_the_accent(
    alice_client: Client, alice: Any
) -> None:
    # "é" arrives as one character from most keyboards, or as "e" and a combining accent from some
    # (pasted from a Mac's file name, a PDF, another phone): they look the same, and were not found.
    entry_create(author=alice, title="Monday", body="Met Jo at the café by the river.")
    entry_create(author=alice, title="Tuesday", body="Back to the cafe\u0301 again, alone.")
    for typed in ("café", "cafe\u0301"):
        page = alice_client.post("/journal/search/", {"q": typed}).content.decode()
        assert "2 entries hold these words" in page, typed
        assert page.count("<mark>café</mark>") == 2, typed


def test_a_word_found_only_in_a_title_with_an_accent_typed_apart_is_marked_there(
    alice_client: Client, alice: Any
) -> None:
    # When the body does not hold the words, the snippet is the title's: it is marked as composed too.
    entry_create(author=alice, title="Cafe\u0301 with Jo", body="We talked about the weekend.")
    page = alice_client.post("/journal/search/", {"q": "café"}).content.decode()
    assert "<mark>Café</mark> with Jo" in page

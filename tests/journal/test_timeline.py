from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from journal.models import Entry, Tag
from journal.services import entry_create, entry_trash
from journal.timeline import PAGE_SIZE


def test_entries_show_newest_first_grouped_by_month(alice_client: Client, alice: Any) -> None:
    entry_create(author=alice, title="January one", body="a", written_on=date(2026, 1, 3))
    entry_create(author=alice, title="March one", body="b", written_on=date(2026, 3, 9))
    entry_create(author=alice, title="March two", body="c", written_on=date(2026, 3, 20))
    page = alice_client.get("/journal/").content.decode()
    assert page.index("March two") < page.index("March one") < page.index("January one")
    assert page.index("March 2026") < page.index("March two")
    assert page.index("January 2026") < page.index("January one")


def test_two_untitled_entries_of_one_day_have_headings_a_screen_reader_tells_apart(
    alice_client: Client, alice: Any
) -> None:
    # Without a title an entry's heading and link is its day: a screen reader's list of headings
    # or links heard "Saturday 14 February" twice. A few first words follow, out of sight.
    day = date(2026, 2, 14)
    entry_create(author=alice, body="A walk by the river with Sam after lunch", written_on=day)
    entry_create(author=alice, body="Could not sleep", written_on=day)
    entry_create(author=alice, title="Named", body="A title says enough", written_on=day)
    page = " ".join(alice_client.get("/journal/").content.decode().split())
    assert 'aria-label="Saturday 14 February, A walk by the river with…">Saturday 14 February</a>' in page
    assert 'aria-label="Saturday 14 February, Could not sleep">Saturday 14 February</a>' in page
    assert "Named</a>" in page


def test_a_reflection_from_prompts_shows_like_any_entry(alice_client: Client, alice: Any) -> None:
    entry_create(author=alice, title="After a hard day", body="Q and A", kind=Entry.Kind.REFLECTION)
    page = alice_client.get("/journal/?kind=reflection").content.decode()
    assert "After a hard day" in page and "Reflection" in page


def test_filters_by_tag_mood_and_kind(alice_client: Client, alice: Any) -> None:
    entry_create(author=alice, title="Tagged sleep", body="x", tags=["Sleep"], mood=2)
    entry_create(author=alice, title="Walk helped", body="y", kind=Entry.Kind.COPING, mood=4)
    sleep = Tag.objects.get(owner=alice)
    by_tag = alice_client.get(f"/journal/?tag={sleep.id}").content.decode()
    assert "Tagged sleep" in by_tag and "Walk helped" not in by_tag
    by_mood = alice_client.get("/journal/?mood=4").content.decode()
    assert "Walk helped" in by_mood and "Tagged sleep" not in by_mood
    by_kind = alice_client.get("/journal/?kind=coping").content.decode()
    assert "Walk helped" in by_kind and "Tagged sleep" not in by_kind


def test_tag_names_never_go_into_a_url(alice_client: Client, alice: Any) -> None:
    entry_create(author=alice, body="x", tags=["my private tag"])
    page = alice_client.get("/journal/").content.decode()
    assert ">my private tag</option>" in page
    assert "tag=my" not in page


def test_trashed_entries_leave_the_timeline(alice_client: Client, alice: Any) -> None:
    entry_trash(entry=entry_create(author=alice, title="Gone for now", body="x"))
    assert "Gone for now" not in alice_client.get("/journal/").content.decode()


def test_the_timeline_is_paginated_and_htmx_gets_only_the_list(alice_client: Client, alice: Any) -> None:
    for n in range(PAGE_SIZE + 3):
        entry_create(author=alice, title=f"Entry number {n:02d}", body="x", written_on=date(2026, 1, 1 + n % 28))
    first = alice_client.get("/journal/").content.decode()
    assert "Page 1" in first and "Older entries" in first and "Newer entries" not in first
    second = alice_client.get("/journal/?page=2", headers={"HX-Request": "true"}).content.decode()
    assert second.lstrip().startswith('<div id="entries"')
    assert second.count('class="journal-item"') == 3


def test_other_peoples_entries_never_appear(alice_client: Client, bob: Any) -> None:
    entry_create(author=bob, title="Bob's day", body="x")
    assert "Bob&#x27;s day" not in alice_client.get("/journal/").content.decode()


def test_an_empty_journal_invites_without_pressure(alice_client: Client) -> None:
    assert "Whenever you" in alice_client.get("/journal/").content.decode()


def test_an_empty_journal_shows_no_filters_until_there_is_something_to_filter(alice_client: Client, alice: Any) -> None:
    # On the first night, three filters stood over "Nothing here yet" and pushed it off a small phone's screen.
    assert "journal-filters" not in alice_client.get("/journal/").content.decode()
    entry_create(author=alice, body="the first lines", mood=2)
    assert "journal-filters" in alice_client.get("/journal/").content.decode()
    # Filters that find nothing stay, so they can be changed back.
    assert "journal-filters" in alice_client.get("/journal/?mood=5").content.decode()


def _add(alice: Any, count: int) -> None:
    for n in range(count):
        entry_create(author=alice, title=f"t{n}", body="words " * 50, tags=["a", f"t{n % 3}"], mood=1 + n % 5)


def test_timeline_queries_do_not_grow_with_entries(
    alice_client: Client, alice: Any, django_assert_num_queries: Any
) -> None:
    _add(alice, 2)
    alice_client.get("/journal/")  # warm the session and the data key
    with CaptureQueriesContext(connection) as small:
        alice_client.get("/journal/")
    _add(alice, PAGE_SIZE)
    with django_assert_num_queries(len(small.captured_queries)):
        response = alice_client.get("/journal/")
    assert response.content.decode().count('class="journal-item"') == PAGE_SIZE


def test_each_entry_shows_its_date_kind_feeling_tags_and_the_start_of_its_words(
    alice_client: Client, alice: Any
) -> None:
    body = "First line.\n\n   " + " ".join(f"word{n}" for n in range(60))
    entry = entry_create(
        author=alice, body=body, written_on=date(2026, 3, 9), mood=2, kind=Entry.Kind.COPING, tags=["walk", "Sleep"]
    )
    page = alice_client.get("/journal/").content.decode()
    # Without a title the heading is the day it was written (and, out of sight, its first words),
    # and it links to the entry.
    named = 'aria-label="Monday 9 March, First line. word0 word1 word2 word3…"'
    assert f'<a href="/journal/{entry.id}/" {named}>Monday 9 March</a>' in page
    assert "<span>9 Mar 2026</span>" in page and "<span>Something that helped</span>" in page
    assert "<span>Feeling: Hard</span>" in page
    assert '<li dir="auto">Sleep</li><li dir="auto">walk</li>' in page  # in the order a person would look for them
    # Spaces collapsed, cut at a word before 160 characters.
    excerpt = page.split('<p dir="auto">First line.', 1)[1].split("</p>", 1)[0]
    assert excerpt.startswith(" word0 word1 ") and excerpt.endswith("…") and "  " not in excerpt
    assert len("First line." + excerpt) <= 161


def test_an_excerpt_is_the_same_whatever_spaces_the_entry_holds(alice_client: Client, alice: Any) -> None:
    # Pasted text can start with a long run of blank lines or hold wide gaps: the excerpt is still
    # the entry's first words with single spaces, cut at a word before 160 characters, "…" when cut.
    words = " ".join(f"word{n}" for n in range(60))
    spaced = entry_create(author=alice, title="Spaced", body="\n" * 900 + "First   line.\n\n" + "\t " * 300 + words)
    exactly = entry_create(author=alice, title="Exactly", body="  " + "a" * 80 + "\n\n" + "b" * 79 + "  ")
    longer = entry_create(author=alice, title="Longer", body="a" * 80 + " " * 500 + "b" * 80)
    page = alice_client.get("/journal/").content.decode()

    def excerpt(entry: Entry) -> str:
        return page.split(f'href="/journal/{entry.id}/"', 1)[1].split('<p dir="auto">', 1)[1].split("</p>", 1)[0]

    collapsed = "First line. " + words
    assert excerpt(spaced) == collapsed[:160].rsplit(" ", 1)[0] + "…"
    assert excerpt(spaced).endswith(" word21…")
    assert excerpt(exactly) == "a" * 80 + " " + "b" * 79  # 160 characters: all of it
    assert excerpt(longer) == "a" * 80 + "…"  # 161: cut at the word


def _fill(alice: Any, count: int) -> None:
    for n in range(count):
        entry_create(author=alice, title=f"Entry number {n:02d}", body="x", written_on=date(2026, 1, 1 + n % 28))


def test_the_last_page_links_only_to_newer_entries(alice_client: Client, alice: Any) -> None:
    _fill(alice, PAGE_SIZE + 3)
    last = alice_client.get("/journal/?page=2").content.decode()
    assert "Page 2" in last and "Newer entries" in last and "Older entries" not in last
    assert last.count('class="journal-item"') == 3


def test_a_full_last_page_does_not_offer_an_empty_older_page(alice_client: Client, alice: Any) -> None:
    _fill(alice, PAGE_SIZE)
    page = alice_client.get("/journal/").content.decode()
    assert page.count('class="journal-item"') == PAGE_SIZE
    assert "Older entries" not in page and "Page 1" not in page


def test_an_old_link_past_the_end_shows_the_last_page(alice_client: Client, alice: Any) -> None:
    _fill(alice, PAGE_SIZE + 3)
    response = alice_client.get("/journal/?page=9")
    page = response.content.decode()
    assert response.status_code == 200 and "Page 2" in page
    assert page.count('class="journal-item"') == 3


def test_a_page_number_too_big_for_the_database_shows_the_last_page(alice_client: Client, alice: Any) -> None:
    _fill(alice, PAGE_SIZE + 3)
    response = alice_client.get("/journal/?page=99999999999999999999")
    assert response.status_code == 200 and "Page 2" in response.content.decode()


def test_a_page_that_is_not_a_number_shows_the_newest_entries(alice_client: Client, alice: Any) -> None:
    _fill(alice, PAGE_SIZE + 3)
    for value in ("abc", "0", "-4", ""):
        page = alice_client.get(f"/journal/?page={value}").content.decode()
        assert "Page 1" in page and "Entry number 22" in page


def test_a_page_deep_in_the_journal_shows_the_right_entries_in_order(alice_client: Client, alice: Any) -> None:
    for n in range(PAGE_SIZE * 6 + 2):
        entry_create(author=alice, title=f"Deep {n:03d}", body="x", written_on=date(2025, 1, 1) + timedelta(days=n))
    page = alice_client.get("/journal/?page=7").content.decode()
    assert "Page 7" in page and "Older entries" not in page
    assert page.index("Deep 001") < page.index("Deep 000")
    deeper = alice_client.get("/journal/?page=6").content.decode()
    titles = [f"Deep {n:03d}" for n in range(PAGE_SIZE + 1, 1, -1)]  # offsets 100 to 119
    assert [deeper.index(t) for t in titles] == sorted(deeper.index(t) for t in titles)
    assert "Deep 001" not in deeper and "Older entries" in deeper


# Back from an entry opened on page 9 came to page 1 (tests/journal/test_place_kept_browser.py).
def test_a_page_or_month_swapped_in_puts_its_address_in_the_history(alice_client: Client, alice: Any) -> None:
    htmx = {"HX-Request": "true"}
    tag = "0b6f4a52-7c4e-4e39-9d0a-5a0c2f3b9a11"
    # The filters' form sends every field, chosen or not; only what narrows the list is kept.
    filtered = alice_client.get("/journal/?tag=&mood=2&kind=&page=1", headers=htmx)
    assert filtered["HX-Push-Url"] == "/journal/?mood=2"
    assert alice_client.get(f"/journal/?tag={tag}&page=1", headers=htmx)["HX-Push-Url"] == f"/journal/?tag={tag}"
    picked = alice_client.get("/journal/calendar/?picked=1&was=2026-05&month=2019-03", headers=htmx)
    assert picked["HX-Push-Url"] == "/journal/calendar/?month=2019-03"
    # A month the calendar doesn't have leaves the month shown, and its address, as they were.
    unclear = alice_client.get("/journal/calendar/?picked=1&was=2026-05&month=1899-12", headers=htmx)
    assert "HX-Push-Url" not in unclear
    # A whole page (no htmx, or Back with htmx keeping no snapshot) is at its address already.
    assert "HX-Push-Url" not in alice_client.get("/journal/?page=2")

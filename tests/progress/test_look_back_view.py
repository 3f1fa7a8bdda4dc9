"""The look back page: signed in only, never stored by the browser, kind to odd input, few queries."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from journal.services import entry_create
from progress import look_back_services as services


def _days_ago(days: int) -> Any:
    return timezone.localdate() - timedelta(days=days)


def test_it_asks_a_visitor_to_sign_in(client: Client) -> None:
    response = client.get("/look-back/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_it_is_never_stored_by_the_browser(alice_client: Client) -> None:
    response = alice_client.get("/look-back/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_an_empty_journal_gets_a_kind_word_not_zeros(alice_client: Client) -> None:
    page = alice_client.get("/look-back/").content.decode()
    assert "Nothing here yet" in page
    assert "whenever you write, it will show up here" in page
    assert "<svg" not in page and "entries written" not in page


@pytest.mark.parametrize(
    "span", ["", "nonsense", "4w'--", "%00", "x" * 5000, "1y&span=all", "../../etc", "ALL", "<script>"]
)
def test_odd_spans_fall_back_to_three_months(alice_client: Client, alice: Any, span: str) -> None:
    entry_create(author=alice, body="words", written_on=_days_ago(1), mood=3, urge=4)
    response = alice_client.get("/look-back/", {"span": span})
    assert response.status_code == 200
    assert '<option value="3m" selected>' in response.content.decode()


def test_a_list_of_spans_uses_the_last_and_never_fails(alice_client: Client) -> None:
    response = alice_client.get("/look-back/?span=4w&span=all&span=")
    assert response.status_code == 200


def test_the_page_shows_counts_summary_table_and_starred_newest_first(alice_client: Client, alice: Any) -> None:
    older = entry_create(author=alice, title="The walk by the sea", body="x", written_on=_days_ago(10), mood=2)
    newer = entry_create(author=alice, title="Tea with Sam", body="x", written_on=_days_ago(2), mood=4, urge=3)
    entry_create(author=alice, body="x", written_on=_days_ago(3), kind="coping")
    for entry in (newer, older):
        services.entry_star(entry=entry, starred=True)

    page = alice_client.get("/look-back/", {"span": "4w"}).content.decode()
    assert "<strong>3</strong> entries written" in page
    assert "<strong>1</strong> note of something that helped" in page
    assert "reflection" not in page[page.index("What you did in this time") : page.index("Small victories")]
    assert "You noted a feeling in 2 entries. On average it was 3.0 out of 5." in page
    assert 'role="img"' in page and '<title id="chart-mood-title">' in page
    table = page[page.index('<caption id="chart-mood-caption">How you felt, on average</caption>') :]
    table = table[: table.index("</table>")]
    # A row for each day with a feeling noted; the days between without one share a row each run.
    assert len(re.findall(r'<th scope="row">', table)) == 5
    assert table.count("nothing noted") == 3
    quiet_from, quiet_to = _days_ago(9), _days_ago(3)
    assert f"{quiet_from.day} {quiet_from:%b %Y} to {quiet_to.day} {quiet_to:%b %Y}" in table
    # Three days ago has an entry with no feeling noted: its row counts what was noted, not entries.
    assert '<th scope="col">Times noted</th>' in table and "Entries" not in table
    starred = page[page.index("What you want to remember") :]
    assert starred.index("Tea with Sam") < starred.index("The walk by the sea")
    assert f'href="/journal/{newer.id}/"' in starred
    assert "style=" not in page


def test_starred_entries_of_someone_else_never_show(alice_client: Client, bob: Any) -> None:
    theirs = entry_create(author=bob, title="Bob's own day", body="x", written_on=_days_ago(1), mood=3)
    services.entry_star(entry=theirs, starred=True)
    entry_create(author=bob, body="x", written_on=_days_ago(1), mood=1, urge=9)
    page = alice_client.get("/look-back/", {"span": "all"}).content.decode()
    assert "Bob&#x27;s own day" not in page and "Bob's own day" not in page
    assert "Nothing here yet" in page


@pytest.mark.parametrize("span", ["4w", "1y", "all"])
def test_it_takes_the_same_few_queries_however_much_is_written(
    alice_client: Client, alice: Any, span: str, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        entry = entry_create(
            author=alice,
            title=f"t{n}",
            body="x",
            written_on=_days_ago(n * 7),
            mood=1 + n % 5,
            urge=n % 11,
            tags=[f"tag {n % 4}"],
        )
        if n % 3 == 0:
            services.entry_star(entry=entry, starred=True)
    alice_client.get("/look-back/")  # the data key is made on a first visit
    # The session and the person; the patterns choice; the data key; the entries; their tags;
    # reflections; the small victories.
    with django_assert_max_num_queries(8):
        assert alice_client.get("/look-back/", {"span": span}).status_code == 200


def test_the_menu_and_home_page_lead_to_it(alice_client: Client) -> None:
    home = alice_client.get("/").content.decode()
    assert 'href="/look-back/"' in home
    assert home.count('href="/look-back/"') == 3  # the menu (wide and compact) and the page itself


def test_the_look_back_gathers_the_small_victories_of_its_span(alice: Any, alice_client: Client) -> None:
    from progress.models import VictoryKind
    from progress.services import victory_add

    today = timezone.localdate()
    entry_create(author=alice, body="a day", written_on=today)
    victory_add(owner=alice, kind=VictoryKind.URGE, about_on=today, note="")
    victory_add(owner=alice, kind=VictoryKind.CONVERSATION, about_on=today - timedelta(days=3), note="called Sam")
    victory_add(owner=alice, kind=VictoryKind.URGE, about_on=today - timedelta(days=200), note="")
    page = " ".join(alice_client.get("/look-back/?span=4w").content.decode().split())
    assert "<strong>2</strong> small victories kept in this time" in page
    assert "<strong>1</strong> urge that passed" in page
    year = " ".join(alice_client.get("/look-back/?span=1y").content.decode().split())
    assert "<strong>3</strong> small victories kept in this time" in year
    assert "<strong>2</strong> urges that passed" in year
    assert 'href="/look-back/victories/"' in year


def test_small_victories_in_a_time_without_entries_stay_in_view(alice: Any, alice_client: Client) -> None:
    # Weeks without writing, with an urge that passed: the page said only "Nothing here yet" and
    # hid the victory (the summary of the same weeks showed it).
    from progress.models import Victory, VictoryKind
    from progress.services import victory_add, victory_remove

    entry_create(author=alice, body="long ago", written_on=_days_ago(200))
    victory_add(owner=alice, kind=VictoryKind.URGE, about_on=_days_ago(2), note="")
    page = " ".join(alice_client.get("/look-back/?span=4w").content.decode().split())
    assert "Nothing here yet" in page
    assert "<strong>1</strong> small victory kept in this time" in page
    assert "<strong>1</strong> urge that passed" in page
    assert 'href="/look-back/victories/">All your small victories' in page
    # Nothing is added to an empty time without one: no card saying none were kept.
    victory_remove(victory=Victory.objects.get(owner=alice))
    empty = " ".join(alice_client.get("/look-back/?span=4w").content.decode().split())
    assert "Nothing here yet" in empty and "Small victories" not in empty


def test_a_noted_setback_is_a_quiet_ring_and_a_word_in_the_table(alice_client: Client, alice: Any) -> None:
    entry_create(author=alice, body="x", written_on=_days_ago(3), mood=4, urge=2)
    entry_create(author=alice, body="x", written_on=_days_ago(2), mood=1, urge=9, setback=True)
    page = " ".join(alice_client.get("/look-back/", {"span": "4w"}).content.decode().split())
    assert page.count('class="progress-setback"') == 2  # one on each chart
    assert "A small ring along the bottom marks when you noted a setback." in page
    table = page[page.index('<caption id="chart-mood-caption">How you felt, on average</caption>') :]
    table = table[: table.index("</table>")]
    assert table.count("<td>a setback</td>") == 1
    for word in ("streak", "clean", "failed", "days since", "reset"):
        assert word not in page.lower()


def test_with_only_setbacks_noted_the_words_say_what_the_rings_are(alice_client: Client, alice: Any) -> None:
    # No feeling or urge noted, only setbacks: the chart is rings alone, and it said "One point for
    # each day you noted it" above them, with no point anywhere.
    entry_create(author=alice, body="x", written_on=_days_ago(2), setback=True)
    entry_create(author=alice, body="x", written_on=_days_ago(5), setback=True)
    page = " ".join(alice_client.get("/look-back/", {"span": "4w"}).content.decode().split())
    assert page.count('class="progress-setback"') == 4  # two on each chart
    assert "progress-dot" not in page
    assert "One point for each" not in page and "changes none of the numbers" not in page
    assert page.count("Each small ring along the bottom marks when you noted a setback. It is part of your path.") == 2
    assert "No feelings were noted in this time." in page


def test_without_a_noted_setback_there_is_no_mark_and_no_column(alice_client: Client, alice: Any) -> None:
    entry_create(author=alice, body="x", written_on=_days_ago(2), mood=1, urge=9)
    page = alice_client.get("/look-back/", {"span": "4w"}).content.decode()
    assert "progress-setback" not in page and "a setback" not in page


def test_a_zero_is_never_a_figure_and_begun_reflections_are_said_in_words(
    alice_client: Client, alice: Any, library: None
) -> None:
    from prompts.models import Sequence
    from prompts.services import run_finish, run_start

    entry_create(author=alice, body="x", written_on=_days_ago(2), mood=3)
    setback = Sequence.objects.get(clinic_key="", slug="after-a-setback")
    for _ in range(3):
        run_start(owner=alice, sequence=setback)

    def counts() -> str:
        page = " ".join(alice_client.get("/look-back/", {"span": "4w"}).content.decode().split())
        return page[page.index("What you did in this time") : page.index("Small victories")]

    begun = counts()
    assert "<strong>1</strong> entry written" in begun
    assert "<strong>0</strong>" not in begun and "something that helped" not in begun and "finished" not in begun
    assert "Reflections you started are waiting for you, whenever you like." in begun
    assert 'href="/reflections/">Pick up where you left off</a>' in begun

    run_finish(run=run_start(owner=alice, sequence=setback), answers={})
    finished = counts()
    assert "<strong>1</strong> reflection finished" in finished and "waiting" not in finished


def test_years_without_a_feeling_noted_share_one_row_of_the_table(alice_client: Client, alice: Any) -> None:
    """An entry from long ago with a feeling (a notebook copied in) and one from this week: the
    table of "Everything" has the two months with feelings and one row for the years between,
    not a row for each of more than a thousand empty months."""
    entry_create(author=alice, body="x", written_on=date(1990, 3, 14), mood=2)
    entry_create(author=alice, body="x", written_on=_days_ago(0), mood=4)

    page = alice_client.get("/look-back/", {"span": "all"}).content.decode()
    table = page[page.index('<caption id="chart-mood-caption">') :]
    table = table[: table.index("</table>")]
    assert len(re.findall(r'<th scope="row">', table)) == 3
    assert '<th scope="row">March 1990</th>' in table
    assert '<th scope="row">April 1990 to ' in table and table.count("nothing noted") == 1


def test_everything_counts_small_victories_kept_before_the_first_entry(alice: Any, alice_client: Client) -> None:
    # Someone kept small victories for a while before they wrote: "Everything" began at the first
    # entry and showed fewer of them than "The last year" did, or, with no entry yet, none at all.
    from progress.models import VictoryKind
    from progress.services import victory_add

    victory_add(owner=alice, kind=VictoryKind.URGE, about_on=_days_ago(20), note="")
    victory_add(owner=alice, kind=VictoryKind.CONVERSATION, about_on=_days_ago(9), note="")
    nothing_written = " ".join(alice_client.get("/look-back/?span=all").content.decode().split())
    assert "Nothing here yet" in nothing_written
    assert "<strong>2</strong> small victories kept in this time" in nothing_written
    assert "<strong>1</strong> urge that passed" in nothing_written

    entry_create(author=alice, body="a first entry", written_on=_days_ago(3), mood=3)
    everything = " ".join(alice_client.get("/look-back/?span=all").content.decode().split())
    year = " ".join(alice_client.get("/look-back/?span=1y").content.decode().split())
    for page in (everything, year):
        assert "<strong>2</strong> small victories kept in this time" in page
        assert "<strong>1</strong> urge that passed" in page


def test_a_count_past_a_thousand_is_grouped_as_people_read_it(alice_client: Client, alice: Any) -> None:
    # Years of writing: "1450 entries written" is hard to take in at a glance; "1,450" is not. The
    # shared summary's plain text and search's count say it the same way.
    for _ in range(1_001):
        entry_create(author=alice, body="A walk by the river.", written_on=_days_ago(1))
    page = alice_client.get("/look-back/", {"span": "1y"}).content.decode()
    assert "<strong>1,001</strong> entries written" in page
    text = alice_client.get("/look-back/summary/", {"span": "1y"}).content.decode()
    assert "1,001 entries written" in text
    found = alice_client.post("/journal/search/", {"q": "river"}).content.decode()
    assert "1,001 entries hold these words." in found
    # After "Show more", the line a screen reader hears says how far the list goes, grouped the same.
    more = alice_client.post("/journal/search/", {"q": "river", "pages": "2"}, headers={"HX-Request": "true"})
    assert "Showing 40 of 1,001." in more.content.decode()

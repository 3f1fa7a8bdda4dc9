"""Words to show someone at the moment of telling: public, the same for everyone, nothing kept."""

from __future__ import annotations

import pytest
from django.test import Client

from prompts.models import Run
from supporters.telling import CARDS
from tests.prompts.conftest import sequence
from tests.prompts.test_run import begin, post

pytestmark = pytest.mark.usefixtures("crisis_resources")

URL = "/people-around-you/words/"


@pytest.mark.parametrize("who", ["visitor", "signed in"])
def test_anyone_can_choose_words_and_each_card_opens_on_its_own(client: Client, alice_client: Client, who: str) -> None:
    reader = client if who == "visitor" else alice_client
    response = reader.get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Words for when you tell someone" in html
    assert 'href="/people-around-you/guide/"' in html
    for card in CARDS:
        assert f'href="{URL}{card.key}/"' in html
    one = reader.get(f"{URL}listen/")
    assert one.status_code == 200
    assert "no-store" in one["Cache-Control"]
    page = one.content.decode()
    assert "I need you to listen." in page
    assert "Someone who trusts you would like you to read this" in page
    assert "For you, the person reading this: how you can help" in page
    # Only the chosen words: the other cards are one tap back, not on this screen.
    assert "I don't feel safe right now" not in page


def test_the_card_for_not_being_safe_sends_the_reader_to_what_to_do_now(client: Client) -> None:
    html = client.get(f"{URL}now/").content.decode()
    assert 'href="/people-around-you/guide/#urgent-heading"' in html
    assert "what to do now" in html


def test_an_unknown_card_is_not_found(client: Client) -> None:
    assert client.get(f"{URL}something-else/").status_code == 404


def test_tab_and_addresses_stay_neutral_on_a_shared_phone(client: Client) -> None:
    for path in [URL, *(f"{URL}{card.key}/" for card in CARDS)]:
        assert "harm" not in path and "hurt" not in path
        assert "<title>Waypoint</title>" in client.get(path).content.decode()


def test_nothing_can_be_written_or_sent_from_these_pages(client: Client) -> None:
    for path in [URL, f"{URL}listen/"]:
        html = client.get(path).content.decode()
        assert "<main" in html
        main = html[html.index("<main") : html.index("</main>")]
        assert "<form" not in main and "<textarea" not in main
        assert client.post(path).status_code == 405


def test_home_links_to_the_words(alice_client: Client) -> None:
    assert f'href="{URL}"' in alice_client.get("/").content.decode()


@pytest.mark.parametrize("who", ["visitor", "signed in"])
def test_after_hurting_themselves_who_they_could_tell_offers_the_words(
    client: Client, alice_client: Client, who: str
) -> None:
    # The moment the words are written for ("I had a hard time again, and I hurt myself…"): the
    # first-minutes page's "Who you could tell" offers them beside the people and the lines.
    page = (client if who == "visitor" else alice_client).get("/safety/after/").content.decode()
    start = page.index('id="after-tell-heading"')
    tell = page[start : page.index("</section>", start)]
    assert f'href="{URL}"' in tell and "Words you could show someone, when you tell them" in tell


def test_the_help_page_offers_the_words_among_other_things_that_might_help(client: Client) -> None:
    # "I'm not safe right now" leads to the help page, and one card says just that to show someone.
    page = client.get("/safety/help/").content.decode()
    start = page.index('id="more-heading"')
    more = page[start : page.index("</section>", start)]
    assert f'href="{URL}"' in more and "Words you could show someone, when you tell them" in more


@pytest.mark.parametrize("slug", ["what-id-like-you-to-know", "talk-to-someone"])
def test_the_reflections_for_telling_someone_end_with_a_link_to_the_words(
    alice_client: Client, library: None, slug: str
) -> None:
    run = begin(alice_client, sequence(slug))
    for position in range(len(run.definition.steps)):
        post(alice_client, run, position, "skip")
    assert Run.objects.get(id=run.id).is_finished
    assert f'href="{URL}"' in alice_client.get(f"/reflections/run/{run.id}/").content.decode()


def test_other_reflections_end_without_it(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("a-kinder-letter"))
    for position in range(len(run.definition.steps)):
        post(alice_client, run, position, "skip")
    assert f'href="{URL}"' not in alice_client.get(f"/reflections/run/{run.id}/").content.decode()

"""A browser from a country Waypoint has no lines for (ja-JP) is told so before the default's 911."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("crisis_resources")]

NO_LINES = "Waypoint doesn't have lines for your country yet"


def _at(html: str, text: str) -> int:
    assert text in html, text
    return html.index(text)


def _main(html: str) -> str:
    return html[html.index("<main") :]


def test_a_browser_from_japan_hears_there_are_no_lines_before_the_default_number() -> None:
    html = _main(Client(HTTP_ACCEPT_LANGUAGE="ja-JP,ja;q=0.9").get("/safety/help/").content.decode())
    no_lines = _at(html, NO_LINES)
    directory = _at(html, 'href="https://findahelpline.com/"')
    choose = _at(html, "Choose your country, if it is in our list")
    emergency = _at(html, "Emergency number in the United States")
    call = _at(html, 'href="tel:911"')
    assert no_lines < directory < emergency < call
    assert choose < emergency


def test_the_strip_says_it_too_and_names_the_911_as_the_united_states() -> None:
    html = Client(HTTP_ACCEPT_LANGUAGE="ja-JP").get("/accounts/login/").content.decode()
    strip = html[html.index('id="crisis-strip"') : html.index("</aside>")]
    assert _at(strip, "No lines for your country here yet.") < _at(strip, "findahelpline.com")
    assert _at(strip, "findahelpline.com") < _at(strip, "In danger in the United States?") < _at(strip, "tel:911")


def test_if_you_have_hurt_yourself_says_it_before_the_call_button() -> None:
    html = _main(Client(HTTP_ACCEPT_LANGUAGE="ja-JP").get("/safety/after/").content.decode())
    assert _at(html, "doesn't have numbers for your country yet.") < _at(html, "findahelpline.com")
    assert _at(html, "findahelpline.com") < _at(html, "The emergency number in the United States:")
    assert _at(html, "The emergency number in the United States:") < _at(html, 'href="tel:911"')


def test_a_uk_browser_is_unchanged_with_uk_lines_first() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    for url in ("/safety/help/", "/safety/after/", "/accounts/login/"):
        html = client.get(url).content.decode()
        assert "for your country" not in html
        assert 'href="tel:999"' in html and 'href="tel:911"' not in html
    html = _main(client.get("/safety/help/").content.decode())
    assert _at(html, "Emergency number in the United Kingdom") < _at(html, "Samaritans")


def test_a_chosen_country_is_unchanged_even_from_a_browser_in_japan(alice: Any, alice_client: Client) -> None:
    visitor = Client(HTTP_ACCEPT_LANGUAGE="ja-JP")
    html = visitor.get("/safety/help/?region=NL").content.decode()
    assert "for your country" not in html and 'href="tel:113"' in html
    # The choice stays for the pages that follow.
    assert "for your country" not in visitor.get("/safety/after/").content.decode()
    alice.region = "US"
    alice.save()
    html = alice_client.get("/safety/help/", HTTP_ACCEPT_LANGUAGE="ja-JP").content.decode()
    assert "for your country" not in html and 'href="tel:911"' in html


def test_a_browser_that_names_no_country_is_unchanged() -> None:
    # Arabic, as English, French or Spanish, is read in many countries: no country to name.
    html = Client(HTTP_ACCEPT_LANGUAGE="ar").get("/safety/help/").content.decode()
    assert "for your country" not in html and 'href="tel:911"' in html


def test_japanese_alone_hears_there_are_no_lines_as_japan_does() -> None:
    # A phone set to "ja" with no region is almost surely in Japan: 911 and 988 would reach nobody.
    html = Client(HTTP_ACCEPT_LANGUAGE="ja").get("/safety/help/").content.decode()
    main = _main(html)
    assert _at(main, NO_LINES) < _at(main, "Emergency number in the United States") < _at(main, 'href="tel:911"')
    strip = html[html.index('id="crisis-strip"') : html.index("</aside>")]
    assert _at(strip, "No lines for your country here yet.") < _at(strip, "In danger in the United States?")


def _strip(html: str) -> str:
    return html[html.index('id="crisis-strip"') : html.index("</aside>")]


def test_a_japanese_phone_with_english_second_hears_there_are_no_lines_and_whose_the_988_is() -> None:
    # "ja-JP, en-US" silently got the United States' 911 and 988, unlabelled, as if they were Japan's.
    client = Client(HTTP_ACCEPT_LANGUAGE="ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7")
    html = client.get("/safety/help/").content.decode()
    main = _main(html)
    assert _at(main, NO_LINES) < _at(main, "Choose your country, if it is in our list")
    assert _at(main, "People you can talk to in the United States") < _at(main, 'href="tel:988"')
    strip = _strip(html)
    assert _at(strip, "No lines for your country here yet.") < _at(strip, "In danger in the United States?")
    assert _at(strip, "988 Suicide &amp; Crisis Lifeline (United States)") < _at(strip, 'href="tel:988"')


def test_a_browser_in_the_united_states_reads_its_lines_without_a_country_before_them() -> None:
    html = Client(HTTP_ACCEPT_LANGUAGE="en-US,ja-JP;q=0.5").get("/safety/help/").content.decode()
    assert "for your country" not in html and "(United States)" not in html
    assert "In danger now?" in _strip(html) and "People you can talk to</h2>" in _main(html)


def test_a_chosen_country_is_not_named_as_someone_elses(alice: Any, alice_client: Client) -> None:
    visitor = Client(HTTP_ACCEPT_LANGUAGE="ja-JP, en-US")
    html = visitor.get("/safety/help/?region=GB").content.decode()
    assert "for your country" not in html and "Samaritans (United Kingdom)" not in html
    assert "People you can talk to</h2>" in _main(html) and "In danger now?" in _strip(html)
    assert "Samaritans (United Kingdom)" not in _strip(visitor.get("/safety/after/").content.decode())
    alice.region = "US"
    alice.save()
    html = alice_client.get("/safety/help/", HTTP_ACCEPT_LANGUAGE="ja-JP, en-US").content.decode()
    assert "Crisis Lifeline (United States)" not in html and "In danger now?" in _strip(html)


def test_the_strip_kept_for_one_browser_is_not_served_to_another_whose_country_differs() -> None:
    # Both get the United States' lines, guessed, with no "no lines" notice: only the label differs.
    unsure = _strip(Client(HTTP_ACCEPT_LANGUAGE="fr, en-US").get("/accounts/login/").content.decode())
    sure = _strip(Client(HTTP_ACCEPT_LANGUAGE="en-US").get("/accounts/login/").content.decode())
    assert "Crisis Lifeline (United States)" in unsure and "In danger in the United States?" in unsure
    assert "Crisis Lifeline (United States)" not in sure and "In danger now?" in sure

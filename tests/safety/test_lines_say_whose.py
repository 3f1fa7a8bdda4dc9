"""Every page with crisis lines says whose they are when they may not be the person's.

"988 Suicide & Crisis Lifeline (United States)", "Crisis lines in the United States": someone in
Japan must not read 988 as their own number. A country the person chose is left unsaid on screen;
the printed plan and the downloaded file always say it, as they are read later, perhaps elsewhere.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safety.services import plan_step_save

pytestmark = pytest.mark.usefixtures("crisis_resources")

UNSURE = "es-419"  # a continent, not a country: the default country's lines, a guess


def _main(html: str) -> str:
    return html[html.index("<main") :]


def _choose(alice: Any, region: str) -> None:
    alice.region = region
    alice.save(update_fields=["region"])


def test_the_plan_pages_name_the_country_of_lines_that_may_not_be_yours(alice: Any) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE=UNSURE)
    client.force_login(alice)
    empty = _main(client.get("/safety/plan/").content.decode())
    assert "Crisis lines in the United States" in empty and "Crisis lines where you are" not in empty
    # The hint of the step that lists them (shown where the plan is written) says whose too.
    editing = _main(client.get("/safety/plan/edit/").content.decode())
    assert "This step already lists crisis lines in the United States." in editing
    assert "crisis lines where you are" not in editing.lower()

    plan_step_save(owner=alice, section="warning_signs", body="Racing thoughts", obstacles="")
    for url in ("/safety/plan/", "/safety/plan/edit/"):
        html = _main(client.get(url).content.decode())
        assert "Crisis lines in the United States" in html, url
        assert "Crisis lines where you are</h" not in html, url


def test_the_plan_pages_leave_a_chosen_country_unsaid(alice: Any, alice_client: Client) -> None:
    _choose(alice, "GB")
    plan_step_save(owner=alice, section="warning_signs", body="Racing thoughts", obstacles="")
    for url in ("/safety/plan/", "/safety/plan/edit/"):
        html = _main(alice_client.get(url).content.decode())
        assert "Crisis lines where you are</h" in html and "Samaritans" in html, url
        assert "United Kingdom" not in html, url
    editing = _main(alice_client.get("/safety/plan/edit/").content.decode())
    assert "This step already lists crisis lines where you are." in editing


@pytest.mark.parametrize("region", ["", "GB"])
def test_the_printed_plan_and_its_file_always_say_whose_lines_they_are(
    alice: Any, alice_client: Client, region: str
) -> None:
    if region:
        _choose(alice, region)
    country, line, call = ("United Kingdom", "Samaritans", "call 116 123") if region else ("United States", "988", "")
    printed = alice_client.get("/safety/plan/print/").content.decode()
    steps = printed[printed.index('class="print-steps"') :]
    assert f"Emergency services ({country}): " in steps
    assert f"({country}): " in steps[steps.index(line) :]
    text = alice_client.get("/safety/plan/download/").content.decode()
    assert f"- Emergency services ({country}): " in text
    if region:
        assert f"- Samaritans ({country}): {call}" in text
        # On screen, the strip above the printed plan still leaves the chosen country unsaid.
        strip = printed[printed.index('id="crisis-strip"') : printed.index("</aside>")]
        assert "In danger now?" in strip and country not in strip
    else:
        assert f"- 988 Suicide & Crisis Lifeline ({country}): call 988" in text


def _urgent(page: str) -> str:
    start = page.index('class="card supporter-urgent"')
    return page[start : page.index("</section>", start)]


def test_a_supporters_page_names_the_country_of_the_lines_when_their_browser_is_unsure(
    supporter_link: str,
) -> None:
    from tests.supporters.test_supporters import _open

    urgent = _urgent(_open(Client(HTTP_ACCEPT_LANGUAGE=UNSURE), supporter_link))
    assert "Emergency services (United States)" in urgent
    assert "988 Suicide &amp; Crisis Lifeline (United States)" in urgent

    # Their own browser's country is theirs: its lines need no name.
    urgent = _urgent(_open(Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8"), supporter_link))
    assert 'href="tel:999"' in urgent and "Samaritans" in urgent
    assert "(United Kingdom)" not in urgent


@pytest.fixture
def supporter_link(alice: Any, alice_client: Client) -> str:
    from journal.services import entry_create
    from supporters import services
    from tests.supporters.test_supporters import _add, _make_link

    supporter = _add(alice_client)
    services.share_entry(supporter=supporter, entry=entry_create(author=alice, title="", body="for Sam"))
    url, _code = _make_link(alice_client, supporter)
    return url


@pytest.mark.django_db
def test_a_heading_that_names_the_country_is_not_repeated_on_each_line() -> None:
    for url in ("/safety/help/", reverse("supporters:guide"), "/offline/US/"):
        html = _main(Client(HTTP_ACCEPT_LANGUAGE=UNSURE).get(url).content.decode())
        assert "Emergency number in the United States" in html, url
        assert "Emergency services (United States)" not in html, url
    help_page = _main(Client(HTTP_ACCEPT_LANGUAGE=UNSURE).get("/safety/help/").content.decode())
    assert "People you can talk to in the United States" in help_page
    assert "(United States)" not in help_page


@pytest.mark.django_db
def test_the_kept_offline_page_names_the_country_of_its_lines() -> None:
    # The worker keeps it and shows it later, perhaps elsewhere, to whoever is offline.
    html = _main(Client(HTTP_ACCEPT_LANGUAGE="en-GB").get("/offline/GB/").content.decode())
    assert "Samaritans (United Kingdom)" in html


@pytest.mark.django_db
def test_a_call_button_for_the_emergency_number_says_whose_number_it_is_when_unsure() -> None:
    # "Ride the wave: talk to someone" and the about page put "Call 911" buttons first.
    talk = _main(Client(HTTP_ACCEPT_LANGUAGE=UNSURE).get("/safety/ride-the-wave/talk/").content.decode())
    assert _before(talk, "If you might act on it, or you are in danger in the United States:", 'href="tel:911"')
    about = _main(Client(HTTP_ACCEPT_LANGUAGE=UNSURE).get("/about/").content.decode())
    assert _before(about, "The emergency number in the United States:", 'href="tel:911"')

    talk = _main(Client(HTTP_ACCEPT_LANGUAGE="en-US").get("/safety/ride-the-wave/talk/").content.decode())
    assert "If you might act on it, or you are in danger:" in talk and "United States" not in talk
    about = _main(Client(HTTP_ACCEPT_LANGUAGE="en-US").get("/about/").content.decode())
    assert 'href="tel:911"' in about and "The emergency number in the United States" not in about


def _before(html: str, words: str, link: str) -> bool:
    assert words in html and link in html, (words, link)
    return html.index(words) < html.index(link)

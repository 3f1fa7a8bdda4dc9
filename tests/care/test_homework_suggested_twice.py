"""The same reflection suggested again while the first still waits: one item on the person's home,
settled as one whatever she does with it, and nothing new on the therapist's side."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from care.models import Assignment, Link
from care.services import homework_assign, link_set_homework_status
from prompts.models import Run, Sequence
from prompts.services import run_start, run_step_submit

pytestmark = pytest.mark.django_db


def _suggested(client: Client) -> list[str]:
    """The titles in the home's "Suggested reflections", as the person reads them."""
    home = client.get(reverse("home")).content.decode()
    section = re.search(r'<section class="card care-homework".*?</section>', home, re.S)
    assert section is not None
    return re.findall(r'<a href="/[^"]*">([^<]+)</a>\s*<span class="muted">from', section.group(0))


def _home(client: Client) -> str:
    return client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("status_shown", [False, True])
def test_a_reflection_suggested_twice_is_one_item_whatever_she_does_with_it(
    library: None, link: Link, alice: Any, alice_client: Client, theo_client: Client, status_shown: bool
) -> None:
    link_set_homework_status(link=link, show=status_shown)
    pause = Sequence.objects.get(clinic_key="", slug="pause-for-kindness")
    homework_assign(link=link, sequence=pause, note="For Sunday evening, if it helps.")
    homework_assign(link=link, sequence=pause, note="Whenever the week feels heavy.")
    client_page = theo_client.get(reverse("care:client", args=[link.id])).content.decode()

    assert _suggested(alice_client) == ["Pause for kindness"]
    home = _home(alice_client)
    assert "For Sunday evening, if it helps." in home and "Whenever the week feels heavy." in home

    run = run_start(owner=alice, sequence=pause)
    assert _suggested(alice_client) == ["Pause for kindness"], "begun: still one"

    alice_client.post(reverse("prompts:run_discard", args=[run.id]))
    assert not Run.objects.filter(pk=run.pk).exists()
    assert _suggested(alice_client) == ["Pause for kindness"], "let go: still one, not two again"

    run = run_start(owner=alice, sequence=pause)
    while not run.is_finished:
        run = run_step_submit(run=run, answers={}, answer="A kind word", action="next")
    assert _suggested(alice_client) == ["Pause for kindness"]
    assert _home(alice_client).count("You did this one.") == 1

    # Theo's page says what it said before: both suggestions, nothing about the person's home.
    therapist_page = theo_client.get(reverse("care:client", args=[link.id])).content.decode()
    assert therapist_page.count("Pause for kindness") == client_page.count("Pause for kindness") >= 2


def test_one_finished_before_it_was_suggested_again_stays_its_own_item(
    library: None, link: Link, alice: Any, alice_client: Client
) -> None:
    pause = Sequence.objects.get(clinic_key="", slug="pause-for-kindness")
    homework_assign(link=link, sequence=pause)
    run = run_start(owner=alice, sequence=pause)
    while not run.is_finished:
        run = run_step_submit(run=run, answers={}, answer="A kind word", action="next")
    homework_assign(link=link, sequence=pause)
    assert _suggested(alice_client) == ["Pause for kindness", "Pause for kindness"]
    assert _home(alice_client).count("You did this one.") == 1


# --- The therapist's side: suggested again while still open, it stays one, and they are told. ---

HX = {"HX-Request": "true"}


def _suggest(theo_client: Client, link: Link, slug: str, note: str = "", **extra: Any) -> str:
    sequence = Sequence.objects.get(clinic_key="", slug=slug)
    response = theo_client.post(
        reverse("care:assign", args=[link.id]), {"sequence": sequence.id, "note": note}, **extra, follow=True
    )
    assert response.status_code == 200
    return response.content.decode()


def _rows(page: str) -> list[str]:
    """The therapist's homework list, title by title, as they read it."""
    return re.findall(r'<li class="care-row"[^>]*>\s*<span><strong>([^<]+)</strong>', page)


def _client_page(theo_client: Client, link: Link) -> str:
    return theo_client.get(reverse("care:client", args=[link.id])).content.decode()


def test_suggested_again_while_still_open_the_therapist_keeps_one_and_is_told_so(
    library: None, link: Link, alice_client: Client, theo_client: Client
) -> None:
    link_set_homework_status(link=link, show=True)
    _suggest(theo_client, link, "pause-for-kindness", "For Sunday evening, if it helps.", headers=HX)
    _suggest(theo_client, link, "ride-the-wave", headers=HX)
    first = Assignment.objects.get(sequence__slug="pause-for-kindness")
    Assignment.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=3))
    day = date_format(timezone.localdate(timezone.now() - timedelta(days=3)), "DATE_FORMAT")

    swapped = _suggest(theo_client, link, "pause-for-kindness", "Whenever the week feels heavy.", headers=HX)

    assert _rows(swapped) == ["Ride the wave", "Pause for kindness"]
    told = f"You suggested this already on {day}, and it is still open. It stays one suggestion."
    assert swapped.count(told) == 1
    # Focus lands on the suggestion kept, the one the words are under, not on the newest row.
    focused = re.findall(r'<li class="care-row" tabindex="-1" data-focus-after-swap>(.*?)</li>', swapped, re.S)
    assert len(focused) == 1 and "Pause for kindness" in focused[0] and told in focused[0]
    # Neither note is lost: both under the one suggestion, on both sides.
    assert "For Sunday evening, if it helps." in focused[0] and "Whenever the week feels heavy." in focused[0]
    assert _suggested(alice_client) == ["Ride the wave", "Pause for kindness"]
    home = _home(alice_client)
    assert "For Sunday evening, if it helps." in home and "Whenever the week feels heavy." in home
    # Said once: the page opened later lists it once and says nothing more.
    later = _client_page(theo_client, link)
    assert _rows(later) == ["Ride the wave", "Pause for kindness"] and told not in later


def test_without_htmx_the_page_says_it_at_the_top(library: None, link: Link, theo_client: Client) -> None:
    link_set_homework_status(link=link, show=True)
    _suggest(theo_client, link, "pause-for-kindness")
    page = _suggest(theo_client, link, "pause-for-kindness", "Only if tonight feels okay for it.")
    day = date_format(timezone.localdate(), "DATE_FORMAT")
    assert f"You suggested this already on {day}, and it is still open." in page
    assert _rows(page) == ["Pause for kindness"]
    assert "Only if tonight feels okay for it." in page, "the new note goes on the one kept"
    assert Assignment.objects.count() == 1


def test_the_same_note_again_shows_once_and_a_new_date_replaces_the_old(
    library: None, link: Link, theo_client: Client
) -> None:
    link_set_homework_status(link=link, show=True)
    pause = Sequence.objects.get(clinic_key="", slug="pause-for-kindness")
    homework_assign(link=link, sequence=pause, note="Just the first step is fine.")
    soon = timezone.localdate() + timedelta(days=5)
    homework_assign(link=link, sequence=pause, note="Just the first step is fine.", due_on=soon)
    homework_assign(link=link, sequence=pause)
    page = _client_page(theo_client, link)
    assert _rows(page) == ["Pause for kindness"]
    assert page.count("Just the first step is fine.") == 1
    assert Assignment.objects.get().due_on == soon


def test_the_same_note_typed_again_with_other_spacing_shows_once(
    library: None, link: Link, alice_client: Client, theo_client: Client
) -> None:
    # A browser sends a textarea's line ends as CRLF; a note pasted again may carry other spaces.
    link_set_homework_status(link=link, show=True)
    _suggest(theo_client, link, "pause-for-kindness", note="Go gently.\r\n\r\nJust the first step is fine.")
    _suggest(theo_client, link, "pause-for-kindness", note="Just the first  step is fine. ")
    _suggest(theo_client, link, "pause-for-kindness", note="Go gently.\n\n\nJust the first step\nis fine.")
    page = _client_page(theo_client, link)
    assert _rows(page) == ["Pause for kindness"]
    assert page.count("Go gently.") == 1 and page.count("Just the first step is fine.") == 1
    assert _home(alice_client).count("Go gently.") == 1, "her home shows the note once too"

    _suggest(theo_client, link, "pause-for-kindness", note="Go gently.\r\n\r\nOnly if tonight feels okay.")
    page = _client_page(theo_client, link)
    assert "Only if tonight feels okay." in page, "a note with something new is kept whole"


def test_finished_it_may_be_suggested_again_as_a_new_one(
    library: None, link: Link, alice: Any, theo_client: Client
) -> None:
    link_set_homework_status(link=link, show=True)
    _suggest(theo_client, link, "pause-for-kindness")
    pause = Sequence.objects.get(clinic_key="", slug="pause-for-kindness")
    run = run_start(owner=alice, sequence=pause)
    while not run.is_finished:
        run = run_step_submit(run=run, answers={}, answer="A kind word", action="next")
    swapped = _suggest(theo_client, link, "pause-for-kindness", headers=HX)
    assert _rows(swapped) == ["Pause for kindness", "Pause for kindness"]
    assert "You suggested this already" not in swapped
    assert re.search(r'<li class="care-row" tabindex="-1" data-focus-after-swap>', swapped), "focus on the new one"


def test_when_she_keeps_how_it_goes_to_herself_nothing_tells_the_therapist_it_is_open(
    library: None, link: Link, theo_client: Client
) -> None:
    """One row more or not, or "still open", would tell what she chose not to show."""
    _suggest(theo_client, link, "pause-for-kindness")
    swapped = _suggest(theo_client, link, "pause-for-kindness", headers=HX)
    assert "still open" not in swapped
    assert _rows(swapped) == ["Pause for kindness", "Pause for kindness"]

"""The same reflection suggested again while the first still waits: one item on the person's home,
settled as one whatever she does with it, and nothing new on the therapist's side."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from care.models import Link
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

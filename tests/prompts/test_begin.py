"""Begin on a reflection already under way picks it up, starting fresh leaves no copy behind, and the
"pick up where you left off" lists tell one open reflection from another by when it began."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from prompts.models import Run, Sequence
from prompts.selectors import run_answers, runs_in_progress
from prompts.services import run_begin, run_finish, run_start
from tests.prompts.conftest import sequence, step_post

WORDS = "The kettle, the quiet, a long breath"
AGAIN = "You began this one before. Here is where you left off."


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _begin(client: Client, seq: Sequence) -> Any:
    return client.post(reverse("prompts:start", args=[seq.id]))


def _started(run: Run, when: datetime) -> None:
    Run.objects.filter(pk=run.pk).update(started_at=when)


def test_begin_again_picks_up_the_open_one_with_its_words(alice: Any, alice_client: Client, setback: Sequence) -> None:
    first = _begin(alice_client, setback)
    run = Run.objects.get(owner=alice)
    for position in range(2):
        alice_client.post(reverse("prompts:run", args=[run.id]), step_post(position))
    alice_client.post(reverse("prompts:run", args=[run.id]), step_post(2, "stop", WORDS))

    for _ in range(2):  # a second visit, and a second tap
        again = _begin(alice_client, setback)
        assert again.status_code == 302 and again["Location"] == first["Location"]
    assert Run.objects.filter(owner=alice).count() == 1
    page = _text(alice_client.get(again["Location"]))
    assert AGAIN in page and "Step 3 of 6" in page and f"{WORDS}</textarea>" in page


def test_begin_starts_a_new_one_once_the_last_is_finished_or_for_another_person(
    alice: Any, bob: Any, alice_client: Client, setback: Sequence
) -> None:
    run_start(owner=bob, sequence=setback)
    finished = run_finish(run=run_start(owner=alice, sequence=setback), answers={})
    response = _begin(alice_client, setback)
    run = Run.objects.get(owner=alice, status=Run.Status.IN_PROGRESS)
    assert response["Location"] == reverse("prompts:run", args=[run.id]) and run.id != finished.id
    assert AGAIN not in _text(alice_client.get(response["Location"]))
    assert Run.objects.filter(owner=bob).count() == 1


def test_run_begin_says_whether_it_is_new(alice: Any, library: None) -> None:
    setback, letter = sequence("after-a-setback"), sequence("a-kinder-letter")
    run, new = run_begin(owner=alice, sequence=setback)
    assert new
    assert run_begin(owner=alice, sequence=setback) == (run, False)
    other, new_other = run_begin(owner=alice, sequence=letter)
    assert new_other and other.id != run.id
    # Of copies begun before Begin picked up, the one touched last.
    older = run_start(owner=alice, sequence=setback)
    Run.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(days=1))
    assert run_begin(owner=alice, sequence=setback) == (run, False)


def test_the_reflections_page_offers_picking_up_or_starting_fresh(
    alice: Any, alice_client: Client, setback: Sequence
) -> None:
    page = reverse("prompts:sequence", args=[setback.id])
    begin = f'action="{reverse("prompts:start", args=[setback.id])}"'
    assert begin in _text(alice_client.get(page))  # Begin, while none is open
    run = run_start(owner=alice, sequence=setback)
    shown = _text(alice_client.get(page))
    assert f'href="/reflections/run/{run.id}/"' in shown and "Pick up where you left off" in shown
    day = f"{timezone.localtime(run.started_at):%A %-d %B}"
    assert f"started {day}, step 1 of 6" in shown
    assert f'href="/reflections/run/{run.id}/start-fresh/">Begin at the first question instead</a>' in shown
    assert begin not in shown


def test_starting_fresh_asks_first_then_leaves_one_run_at_the_first_question(
    alice: Any, alice_client: Client, setback: Sequence
) -> None:
    old = run_start(owner=alice, sequence=setback)
    alice_client.post(reverse("prompts:run", args=[old.id]), step_post(0, "next"))
    alice_client.post(reverse("prompts:run", args=[old.id]), step_post(1, "stop", WORDS))
    url = reverse("prompts:run_start_fresh", args=[old.id])

    asked = _text(alice_client.get(url))
    assert "Begin this reflection at its first question?" in asked and "Yes, begin at the first question" in asked
    assert "Keep it and carry on" in asked and WORDS not in asked
    assert Run.objects.filter(owner=alice).count() == 1

    response = alice_client.post(url)
    fresh = Run.objects.get(owner=alice)
    assert fresh.id != old.id and response["Location"] == reverse("prompts:run", args=[fresh.id])
    assert (fresh.position, run_answers(fresh)) == (0, {})
    assert "Step 1 of 6" in _text(alice_client.get(response["Location"]))
    assert alice_client.get(reverse("prompts:run", args=[old.id])).status_code == 404


def test_only_ones_own_open_reflection_starts_fresh(
    alice: Any, alice_client: Client, bob_client: Client, setback: Sequence
) -> None:
    run = run_start(owner=alice, sequence=setback)
    url = reverse("prompts:run_start_fresh", args=[run.id])
    assert bob_client.get(url).status_code == 404 and bob_client.post(url).status_code == 404
    finished = run_finish(run=run, answers={})
    # Finished meanwhile (another tab): its thank-you page says so, and nothing starts.
    response = alice_client.post(reverse("prompts:run_start_fresh", args=[finished.id]))
    assert response["Location"] == reverse("prompts:run", args=[finished.id])
    assert list(Run.objects.filter(owner=alice)) == [finished]


def test_the_lists_tell_open_reflections_apart_by_when_they_began(
    alice: Any, alice_client: Client, setback: Sequence
) -> None:
    # Copies begun before Begin picked up: two on one evening, one on another day.
    now = timezone.localtime()
    evening = now.replace(hour=21, minute=40, second=0, microsecond=0)
    earlier, later, other_day = (run_start(owner=alice, sequence=setback) for _ in range(3))
    _started(earlier, evening - timedelta(days=400, minutes=65))
    _started(later, evening - timedelta(days=400))
    _started(other_day, evening - timedelta(days=2))

    items = {item.run.id: item for item in runs_in_progress(alice)}
    assert [items[run.id].with_time for run in (earlier, later, other_day)] == [True, True, False]
    long_ago, recent = (evening - timedelta(days=400)), (evening - timedelta(days=2))
    for url in ("/", "/reflections/"):
        page = _text(alice_client.get(url))
        assert f"started {long_ago:%A %-d %B %Y} at 20:35, step 1 of 6" in page
        assert f"started {long_ago:%A %-d %B %Y} at 21:40, step 1 of 6" in page
        want = f"{recent:%A %-d %B}" + ("" if recent.year == now.year else f" {recent.year}")
        assert f"started {want}, step 1 of 6" in page
        assert page.count('aria-describedby="run-') >= 3
        assert "<title>Waypoint</title>" in page
    # On the reflection's own page each can be picked up or let go; "fresh" would have to guess which.
    on_its_page = _text(alice_client.get(reverse("prompts:sequence", args=[setback.id])))
    assert on_its_page.count("Pick up where you left off") == 3 and on_its_page.count("Let this one go") == 3
    assert "Begin at the first question instead" not in on_its_page

"""The gentle check on the home page's daily prompt and on reflection answers.

When it says yes, its panel stands where the routine "Saved" confirmation would have been.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from journal.models import Entry
from journal.selectors import entry_texts
from prompts.models import Run
from prompts.selectors import run_answers
from safety.gentle_check import SESSION_KEY
from safety.services import preferences_set_gentle_check
from tests.prompts.conftest import sequence
from tests.prompts.test_run import HTMX, begin, post
from tests.safety.conftest import crisis_resources  # noqa: F401  (the shipped crisis lines)
from tests.safety.test_gentle_check_session import stored_session

pytestmark = pytest.mark.usefixtures("crisis_resources")

PANEL = 'id="gentle-check-heading"'
DANGER = "i wanna kms tonight"
DAILY_SAVED = "Saved in your journal. It stays private unless you share it."
REFLECTION_SAVED = "Your reflection is saved in your journal"


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


# --- Today's prompt -------------------------------------------------------------------------


def test_danger_in_todays_prompt_brings_the_panel_instead_of_saved(
    alice: Any, alice_client: Client, library: None
) -> None:
    response = alice_client.post("/reflections/today/", {"body": DANGER}, follow=True)
    html = response.content.decode()
    assert entry_texts(user=alice, entry=Entry.objects.get(owner=alice)).body == DANGER
    # At the panel, which is #messages (focus lands on it), as "Saved" would be.
    assert response.redirect_chain == [("/#messages", 302)]
    assert '<section class="gentle-check card" id="messages" tabindex="-1"' in html
    assert PANEL in html
    assert 'href="/safety/plan/"' in html and 'href="tel:988"' in html
    assert DAILY_SAVED not in html


def test_the_panel_shows_once_and_the_next_visit_is_an_ordinary_home_page(alice_client: Client, library: None) -> None:
    alice_client.post("/reflections/today/", {"body": DANGER}, follow=True)
    assert PANEL not in alice_client.get("/").content.decode()
    assert SESSION_KEY not in alice_client.session


def test_an_ordinary_daily_note_still_says_saved(alice_client: Client, library: None) -> None:
    html = alice_client.post("/reflections/today/", {"body": "The rain sounded nice"}, follow=True).content.decode()
    assert DAILY_SAVED in html
    assert PANEL not in html


def test_a_past_told_as_past_is_saved_without_the_panel(alice_client: Client, library: None) -> None:
    body = "I wanted to kill myself last year, and I'm glad I'm still here."
    html = alice_client.post("/reflections/today/", {"body": body}, follow=True).content.decode()
    assert DAILY_SAVED in html
    assert PANEL not in html


def test_with_the_check_off_todays_prompt_just_says_saved(alice: Any, alice_client: Client, library: None) -> None:
    preferences_set_gentle_check(owner=alice, enabled=False)
    html = alice_client.post("/reflections/today/", {"body": DANGER}, follow=True).content.decode()
    assert DAILY_SAVED in html
    assert PANEL not in html


def test_the_check_keeps_nothing_beyond_what_an_ordinary_save_keeps(
    alice: Any, alice_client: Client, library: None
) -> None:
    alice_client.post("/reflections/today/", {"body": "Warming up keys and preferences."}, follow=True)
    before = row_counts()
    alice_client.post("/reflections/today/", {"body": "An ordinary note."})
    after_ordinary, session_after_ordinary = row_counts(), stored_session()
    alice_client.get("/")
    alice_client.post("/reflections/today/", {"body": DANGER})
    after_match, session_after_match = row_counts(), stored_session()
    assert {k: after_match[k] - after_ordinary[k] for k in before} == {k: after_ordinary[k] - before[k] for k in before}
    # Until the next page takes it, the session holds a sealed answer either way, alike in a copy.
    ordinary, match = json.loads(session_after_ordinary), json.loads(session_after_match)
    assert ordinary.keys() == match.keys() and len(ordinary[SESSION_KEY]) == len(match[SESSION_KEY])
    assert len(session_after_ordinary) == len(session_after_match)
    alice_client.get("/")
    assert SESSION_KEY not in alice_client.session


# --- Reflection answers -----------------------------------------------------------------------


def test_danger_in_a_reflection_answer_brings_the_panel_above_the_next_step(
    alice: Any, alice_client: Client, library: None
) -> None:
    run = begin(alice_client, sequence("small-victories"))
    response = post(alice_client, run, 0, answer=DANGER)
    assert response.status_code == 302 and response["Location"] == f"/reflections/run/{run.id}/#messages"
    html = alice_client.get(response["Location"]).content.decode()
    assert PANEL in html
    assert "Step 2 of" in html
    run.refresh_from_db()
    assert run_answers(run) == {"0": DANGER}
    assert PANEL not in alice_client.get(f"/reflections/run/{run.id}/").content.decode()


def panel_in(html: str) -> str:
    """The panel's section, as it would be shown, without the mark that moves focus after a swap."""
    found = re.search(r'<section class="gentle-check card".*?</section>', html, re.S)
    assert found, "no panel"
    return found.group(0).replace(" data-focus-after-swap", "")


def test_without_javascript_an_answer_lands_on_one_address_panel_or_not(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("small-victories"))
    ordinary = post(alice_client, run, 0, answer="I made breakfast")
    alice_client.get(ordinary["Location"])
    danger = post(alice_client, run, 1, answer=DANGER)
    # The history of a shared phone says nothing about which answer brought the panel.
    assert (ordinary.status_code, ordinary["Location"]) == (danger.status_code, danger["Location"])
    assert danger["Location"] == f"/reflections/run/{run.id}/#messages"


def test_with_htmx_the_panel_comes_with_the_next_step_and_no_new_page(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("small-victories"))
    ordinary = post(alice_client, run, 0, answer="I made breakfast", **HTMX)
    danger = post(alice_client, run, 1, answer=DANGER, **HTMX)
    # Both swap the next step in place: no redirect, no reload, nothing for the history.
    assert ordinary.status_code == danger.status_code == 200
    assert [name for name in danger.headers if name.lower().startswith("hx-")] == []
    assert [name for name in ordinary.headers if name.lower().startswith("hx-")] == []
    html = danger.content.decode()
    assert "Step 3 of" in html
    # The panel goes out of band into #run-top, where a whole page shows it, and takes focus
    # there instead of the next question.
    top = html[html.index('<div id="run-top" hx-swap-oob="true">') :]
    assert PANEL in top
    assert re.search(r'<section class="gentle-check card"[^>]* data-focus-after-swap', top)
    assert 'id="step-heading" tabindex="-1">' in html
    # An ordinary answer empties #run-top, as a whole page would no longer show it.
    assert '<div id="run-top" hx-swap-oob="true"></div>' in ordinary.content.decode()
    assert PANEL not in ordinary.content.decode()
    assert 'id="step-heading" tabindex="-1" data-focus-after-swap>' in ordinary.content.decode()
    run.refresh_from_db()
    assert run_answers(run) == {"0": "I made breakfast", "1": DANGER}
    assert SESSION_KEY not in alice_client.session  # taken, as the whole page takes it


def test_the_panel_swapped_in_says_what_a_whole_page_says(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("small-victories"))
    swapped = post(alice_client, run, 0, answer=DANGER, **HTMX).content.decode()
    post(alice_client, run, 1, "back", answer=DANGER)
    whole = alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    assert panel_in(swapped) == panel_in(whole)
    assert 'href="/safety/plan/"' in panel_in(swapped) and 'href="tel:988"' in panel_in(swapped)


def test_finishing_with_danger_by_htmx_brings_the_thank_you_and_the_panel(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("small-victories"))
    last = len(run.definition.steps) - 1
    for position in range(last):
        post(alice_client, run, position, "skip")
    response = post(alice_client, run, last, answer=DANGER, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Redirect" not in response
    assert "Thank you" in html and PANEL in html
    assert REFLECTION_SAVED not in html


def test_finishing_with_danger_shows_the_panel_in_place_of_the_saved_line(
    alice: Any, alice_client: Client, library: None
) -> None:
    run = begin(alice_client, sequence("small-victories"))
    last = len(run.definition.steps) - 1
    for position in range(last):
        post(alice_client, run, position, "skip")
    html = post(alice_client, run, last, answer=DANGER, follow=True).content.decode()
    run.refresh_from_db()
    assert run.status == Run.Status.FINISHED
    assert DANGER in entry_texts(user=alice, entry=Entry.objects.get(owner=alice)).body
    assert PANEL in html
    assert REFLECTION_SAVED not in html


def test_finishing_ordinarily_keeps_the_saved_line(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("small-victories"))
    last = len(run.definition.steps) - 1
    for position in range(last):
        post(alice_client, run, position, "skip")
    html = post(alice_client, run, last, answer="A good walk", follow=True).content.decode()
    assert REFLECTION_SAVED in html and PANEL not in html


def test_stopping_with_danger_brings_the_panel_home_instead_of_saved(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("small-victories"))
    html = post(alice_client, run, 0, "stop", answer=DANGER, follow=True).content.decode()
    assert PANEL in html
    assert "You can pick this up from the home page" not in html


def test_a_skipped_step_is_not_checked(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("small-victories"))
    response = post(alice_client, run, 0, "skip", answer=DANGER, follow=True)
    assert PANEL not in response.content.decode()


def test_another_persons_reflection_is_still_a_404(alice_client: Client, bob_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("small-victories"))
    assert post(bob_client, run, 0, answer=DANGER).status_code == 404
    assert run_answers(Run.objects.get(id=run.id)) == {}


def test_a_daily_note_saved_opens_home_at_saved(alice_client: Client, library: None) -> None:
    # #messages takes focus: the same prompt comes back with an empty box, and "Saved" is what
    # a keyboard or screen reader meets first, not the menu at the top.
    response = alice_client.post("/reflections/today/", {"body": "The rain sounded nice"})
    assert response.status_code == 302 and response["Location"] == "/#messages"
    assert DAILY_SAVED in alice_client.get("/").content.decode()


def test_danger_in_a_daily_note_opens_home_at_the_panel(alice_client: Client, library: None) -> None:
    # As "Saved" takes focus (#messages) for an ordinary note, the panel that stands in its place
    # takes it after one that sounded like danger: it is what a keyboard or screen reader meets
    # first, not the menu at the top.
    response = alice_client.post("/reflections/today/", {"body": DANGER})
    assert response.status_code == 302 and response["Location"] == "/#messages"
    html = alice_client.get("/").content.decode()
    assert '<section class="gentle-check card" id="messages" tabindex="-1"' in html

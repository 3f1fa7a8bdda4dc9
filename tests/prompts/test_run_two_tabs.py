"""The same reflection open in two tabs (or a phone and a laptop): a page opened before the other
saved never silently replaces the newer words. It shows both and keeps what was typed on it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from journal.models import Entry
from prompts import selectors, views
from prompts.models import Run
from prompts.selectors import run_answers
from tests.prompts.conftest import sequence, step_post
from tests.prompts.test_run import HTMX, begin

COMFORT = "Comfort: a warm drink, a soft blanket, a favourite smell"
CALM = "Breathe: slow breathing, or count five things you can see"


def send(client: Client, run: Run, action: str, answer: str, seen: str, kept: str = "", **extra: Any) -> Any:
    data = {**step_post(0, action, answer), "seen": seen, "kept": kept}
    return client.post(f"/reflections/run/{run.id}/", data, **extra)


def test_each_write_step_says_which_answer_it_opened_with(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("small-victories"))
    assert 'name="seen" value=""' in alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    send(alice_client, run, "stop", "Tea & toast", seen="")
    assert 'name="seen" value="Tea &amp; toast"' in alice_client.get(f"/reflections/run/{run.id}/").content.decode()


def test_a_tab_opened_earlier_cannot_replace_newer_words_and_keeps_its_own(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("small-victories"))
    # Both tabs opened the first step empty; the second saved first.
    send(alice_client, run, "stop", "Newer words\r\nfrom the phone", seen="")

    response = send(alice_client, run, "next", "Older tab's words", seen="", **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This answer has a newer version" in html
    assert "Older tab&#x27;s words</textarea>" in html  # what was typed here stays in the box
    assert "Newer words\r\nfrom the phone</textarea>" in html  # and the newer answer is shown
    run.refresh_from_db()
    assert run.position == 0
    assert run_answers(run) == {"0": "Newer words\r\nfrom the phone"}

    # Both versions seen, carrying on is a choice: what is in the box now is kept.
    assert 'name="seen" value="Newer words\r\nfrom the phone"' in html
    send(alice_client, run, "next", "Both, together", seen="Newer words\nfrom the phone", **HTMX)
    run.refresh_from_db()
    assert run.position == 1
    assert run_answers(run) == {"0": "Both, together"}


def test_stop_and_back_from_an_earlier_tab_are_held_too(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("small-victories"))
    send(alice_client, run, "stop", "Newer words", seen="")
    for action in ("stop", "back"):
        response = send(alice_client, run, action, "Older tab's words", seen="")
        assert response.status_code == 200
        assert "This answer has a newer version" in response.content.decode()
        run.refresh_from_db()
        assert run.position == 0
        assert run_answers(run) == {"0": "Newer words"}


def test_an_untouched_earlier_tab_moves_on_and_leaves_the_newer_words(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("small-victories"))
    send(alice_client, run, "stop", "First words", seen="")
    send(alice_client, run, "stop", "Newer words", seen="First words")
    # A tab still showing "First words", as it opened: nothing typed there, nothing to ask about.
    response = send(alice_client, run, "next", "First words", seen="First words")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.position == 1
    assert run_answers(run) == {"0": "Newer words"}


def test_the_beacon_from_an_earlier_tab_keeps_nothing_over_newer_words(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("small-victories"))
    send(alice_client, run, "stop", "Newer words", seen="")
    assert send(alice_client, run, "keep", "Older tab, closing", seen="").status_code == 204
    run.refresh_from_db()
    assert run_answers(run) == {"0": "Newer words"}


def test_a_page_whose_own_beacon_kept_its_words_saves_as_usual(alice_client: Client, library: None) -> None:
    """The phone put down mid-answer (the beacon keeps it), picked up again, Next: no question."""
    run = begin(alice_client, sequence("small-victories"))
    send(alice_client, run, "keep", "Half a thought", seen="")
    response = send(alice_client, run, "next", "Half a thought, finished", seen="", kept="Half a thought", **HTMX)
    assert "This answer has a newer version" not in response.content.decode()
    run.refresh_from_db()
    assert run.position == 1
    assert run_answers(run) == {"0": "Half a thought, finished"}


def finish_elsewhere(client: Client, run: Run) -> None:
    for position in range(4):
        client.post(f"/reflections/run/{run.id}/", step_post(position, "skip"))
    run.refresh_from_db()
    assert run.is_finished


def test_words_sent_after_another_tab_finished_stay_on_the_page(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("small-victories"))
    finish_elsewhere(alice_client, run)
    body = Entry.objects.get(owner=run.owner)
    response = send(alice_client, run, "next", "Words typed in the older tab", seen="", **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your words from this page weren't added" in html
    assert "Words typed in the older tab</textarea>" in html
    assert "Thank you" in html
    assert Entry.objects.get(owner=run.owner).pk == body.pk


def test_after_finishing_only_words_not_in_it_are_shown_back(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("small-victories"))
    for position in range(3):
        alice_client.post(f"/reflections/run/{run.id}/", step_post(position, "skip"))
    finishing = {**step_post(3, "next", "Asked for help"), "seen": ""}
    alice_client.post(f"/reflections/run/{run.id}/", finishing)
    # Finish pressed twice, or Skip after typing: nothing was lost, nothing to show.
    for data in (finishing, {**step_post(3, "skip", "Not this"), "seen": ""}):
        html = alice_client.post(f"/reflections/run/{run.id}/", data).content.decode()
        assert "Thank you" in html
        assert "weren't added" not in html
    assert alice_client.post(f"/reflections/run/{run.id}/", step_post(3, "keep", "Late beacon")).status_code == 204


def test_a_step_sent_after_another_tab_let_the_reflection_go_says_so_and_keeps_the_words(
    alice_client: Client, library: None
) -> None:
    """htmx leaves a 404 unshown: Next seemed to do nothing at all."""
    run = begin(alice_client, sequence("small-victories"))
    alice_client.post(f"/reflections/run/{run.id}/let-go/")
    response = send(alice_client, run, "next", "Words from the older tab", seen="", **HTMX)
    assert response.status_code == 404
    assert response["Waypoint-Run"] == "gone"  # prompts.js swaps it in where the step was
    html = response.content.decode()
    assert "This reflection was let go or begun again" in html
    assert "Words from the older tab</textarea>" in html
    assert html.lstrip().startswith('<section id="run-step"')
    # Without htmx it is the whole page; a beacon and a plain visit are plain 404s.
    page = send(alice_client, run, "stop", "Words from the older tab", seen="")
    assert page.status_code == 404
    assert "Words from the older tab</textarea>" in page.content.decode()
    assert send(alice_client, run, "keep", "Late beacon", seen="").status_code == 404
    assert alice_client.get(f"/reflections/run/{run.id}/").status_code == 404


def test_someone_elses_reflection_shows_nothing_of_theirs(
    alice_client: Client, bob_client: Client, library: None
) -> None:
    run = begin(bob_client, sequence("small-victories"))
    send(bob_client, run, "stop", "Bob's own words", seen="")
    html = send(alice_client, run, "next", "", seen="", **HTMX).content.decode()
    assert "Bob" not in html
    assert "Small victories" not in html
    run.refresh_from_db()
    assert run_answers(run) == {"0": "Bob's own words"}


def test_words_a_lost_beacon_said_it_kept_are_not_taken_as_saved(alice_client: Client, library: None) -> None:
    # The page's beacon kept "Went for a walk"; the next one, sent with no signal, never arrived,
    # though the page noted it as kept. Next must not count those words as saved and move on.
    run = begin(alice_client, sequence("small-victories"))
    send(alice_client, run, "keep", "Went for a walk", seen="")
    typed = "Went for a walk, and called Mum"
    response = send(alice_client, run, "next", typed, seen="", kept=typed, **HTMX)
    run.refresh_from_db()
    assert "This answer has a newer version" in response.content.decode()
    assert run.position == 0
    assert run_answers(run) == {"0": "Went for a walk"}
    assert f"{typed}</textarea>" in response.content.decode()


def test_a_step_number_no_form_could_send_is_not_a_server_error(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("small-victories"))
    for position in ("\u00b2", "9" * 5000):
        data = {**step_post(0, "next", "Still here"), "seen": "", "position": position}
        response = alice_client.post(f"/reflections/run/{run.id}/", data, **HTMX)
        assert response.status_code == 200
        assert "Still here</textarea>" in response.content.decode()  # the words come back


def pick(client: Client, run: Run, position: int, action: str, answer: Any, seen: Any, **extra: Any) -> Any:
    data = {**step_post(position, action, answer), "seen_choice": json.dumps(seen)}
    return client.post(f"/reflections/run/{run.id}/", data, **extra)


def test_each_scale_and_choice_says_which_answer_it_opened_with(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("ride-the-wave"))
    pick(alice_client, run, 1, "stop", "4", seen=None)
    assert 'name="seen_choice" value="4"' in alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    pick(alice_client, run, 3, "stop", [CALM, COMFORT], seen=None)
    html = alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    run.refresh_from_db()
    assert f'name="seen_choice" value="{escape(json.dumps(run_answers(run)["3"]))}"' in html


def test_a_tab_opened_earlier_cannot_replace_a_newer_point_on_the_scale(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("ride-the-wave"))
    # Both tabs opened the scale with nothing chosen; the phone chose 2 first.
    pick(alice_client, run, 1, "stop", "2", seen=None)

    response = pick(alice_client, run, 1, "next", "5", seen=None, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This answer has a newer version" in html
    assert "2, on a line from “Barely there” (1) to “Very strong” (5)" in html  # the newer answer
    assert 'value="5" checked' in html  # what was chosen here stays chosen
    run.refresh_from_db()
    assert run.position == 1
    assert run_answers(run) == {"1": 2}

    # Both seen, carrying on is a choice: what is marked now is kept.
    assert 'name="seen_choice" value="2"' in html
    pick(alice_client, run, 1, "next", "5", seen=2, **HTMX)
    run.refresh_from_db()
    assert run.position == 2
    assert run_answers(run) == {"1": 5}


def test_a_tab_opened_earlier_cannot_replace_newer_choices(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("ride-the-wave"))
    pick(alice_client, run, 3, "stop", [COMFORT], seen=None)
    response = pick(alice_client, run, 3, "back", [CALM], seen=None)
    assert response.status_code == 200
    assert "This answer has a newer version" in response.content.decode()
    run.refresh_from_db()
    assert run.position == 3
    assert run_answers(run) == {"3": [COMFORT]}


def test_an_untouched_earlier_tab_moves_on_and_leaves_the_newer_choice(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("ride-the-wave"))
    pick(alice_client, run, 3, "stop", [COMFORT, CALM], seen=None)
    pick(alice_client, run, 3, "stop", [CALM], seen=[COMFORT, CALM])
    # Still showing what it opened with (in any order): nothing chosen there, nothing to ask about.
    response = pick(alice_client, run, 3, "next", [CALM, COMFORT], seen=[CALM, COMFORT])
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.position == 4
    assert run_answers(run) == {"3": [CALM]}


def test_a_step_that_meets_another_tab_s_finish_at_the_row_lock_keeps_its_words(
    alice_client: Client, library: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Read by this request just before the other tab's Finish was saved (two workers at once).
    run = begin(alice_client, sequence("small-victories"))
    read_before = Run.objects.select_related("version__sequence", "owner").get(id=run.id)
    finish_elsewhere(alice_client, run)
    monkeypatch.setattr(views, "_get_run_for_user", lambda request, run_id: read_before)
    html = send(alice_client, run, "next", "Words typed in the older tab", seen="", **HTMX).content.decode()
    assert "Thank you" in html
    assert "Your words from this page weren't added" in html
    assert "Words typed in the older tab</textarea>" in html
    assert Entry.objects.filter(owner=run.owner).count() == 1
    assert send(alice_client, run, "keep", "Late beacon", seen="").status_code == 204


def test_a_step_that_meets_another_tab_s_let_go_at_the_row_lock_says_so(
    alice_client: Client, library: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = begin(alice_client, sequence("small-victories"))
    read_before = Run.objects.select_related("version__sequence", "owner").get(id=run.id)
    alice_client.post(f"/reflections/run/{run.id}/let-go/")
    monkeypatch.setattr(views, "_get_run_for_user", lambda request, run_id: read_before)
    response = send(alice_client, run, "next", "Words from the older tab", seen="", **HTMX)
    assert response.status_code == 404
    assert response["Waypoint-Run"] == "gone"
    assert "Words from the older tab</textarea>" in response.content.decode()
    assert send(alice_client, run, "keep", "Late beacon", seen="").status_code == 204


@pytest.mark.parametrize(
    "seen_choice",
    ["[" * 100_000 + "]" * 100_000, '["calm", 2]', '{"a": 1}', "true", "[[1]]", "not json"],
)
def test_a_seen_choice_no_page_draws_is_not_a_server_error(
    alice_client: Client, library: None, seen_choice: str
) -> None:
    """Hand-made: nested deeper than the JSON reader goes, or words and numbers mixed. The choice
    is saved as if the page had not said what it opened with."""
    run = begin(alice_client, sequence("ride-the-wave"))
    pick(alice_client, run, 3, "stop", [COMFORT], seen=None)  # something stored to compare with
    data = {**step_post(3, "stop", [CALM]), "seen_choice": seen_choice}
    response = alice_client.post(f"/reflections/run/{run.id}/", data)
    assert response.status_code == 302
    run.refresh_from_db()
    assert run_answers(run) == {"3": [CALM]}


def test_beside_a_newer_answer_an_emptied_box_is_not_said_to_hold_words(alice_client: Client, library: None) -> None:
    # "Your words from here are still in the box", over an empty box: carrying on leaves no answer.
    run = begin(alice_client, sequence("small-victories"))
    send(alice_client, run, "stop", "First words", seen="")
    send(alice_client, run, "stop", "Newer words", seen="First words")
    html = send(alice_client, run, "next", "", seen="First words", **HTMX).content.decode()
    assert "This answer has a newer version" in html
    assert "The box on this page is empty, so carrying on leaves this step without an answer." in html
    assert "still in the box" not in html
    run.refresh_from_db()
    assert run_answers(run) == {"0": "Newer words"}


def test_beside_a_newer_choice_nothing_marked_is_not_said_to_be_marked(alice_client: Client, library: None) -> None:
    # Every option unticked in the older tab: "What you chose on this page is still marked below"
    # was said over nothing marked, and carrying on then took the newer choice away.
    run = begin(alice_client, sequence("ride-the-wave"))
    pick(alice_client, run, 3, "stop", [CALM], seen=None)
    pick(alice_client, run, 3, "stop", [COMFORT], seen=[CALM])
    html = pick(alice_client, run, 3, "next", [], seen=[CALM], **HTMX).content.decode()
    assert "This answer has a newer version" in html
    assert "Nothing is marked on this page now, so carrying on leaves this step without an answer." in html
    assert "still marked below" not in html
    run.refresh_from_db()
    assert run_answers(run) == {"3": [COMFORT]}
    # With something marked, the words are as before.
    html = pick(alice_client, run, 3, "next", [CALM, COMFORT], seen=[CALM], **HTMX).content.decode()
    assert "What you chose on this page is still marked below." in html


@pytest.mark.parametrize(
    ("ask", "said"),
    [
        ("let-go", "If you&#x27;d rather not keep it, you can delete it from your journal."),
        ("start-fresh", "You could begin it again any time."),
    ],
)
@pytest.mark.parametrize("when", ["before the page asked", "while the page asked"])
def test_letting_go_or_beginning_again_after_another_tab_finished_keeps_it_and_says_so(
    alice_client: Client, library: None, monkeypatch: pytest.MonkeyPatch, ask: str, said: str, when: str
) -> None:
    run = begin(alice_client, sequence("small-victories"))
    if when == "before the page asked":
        finish_elsewhere(alice_client, run)
    else:
        # The other tab's Finish lands after this request read the run, before it removes it.
        read = selectors.run_for_owner

        def read_then_finished_elsewhere(**kwargs: Any) -> Run | None:
            found = read(**kwargs)
            monkeypatch.undo()  # the other tab's requests read as usual
            finish_elsewhere(alice_client, run)
            return found

        monkeypatch.setattr(selectors, "run_for_owner", read_then_finished_elsewhere)
    response = alice_client.post(f"/reflections/run/{run.id}/{ask}/")
    assert response.status_code == 302
    assert response["Location"] == f"/reflections/run/{run.id}/"
    html = alice_client.get(response["Location"]).content.decode()
    assert "This reflection was finished, so it is in your journal now." in html
    assert said in html
    assert "Thank you" in html
    assert [(kept.id, kept.is_finished) for kept in Run.objects.filter(owner=run.owner)] == [(run.id, True)]
    assert Entry.objects.filter(owner=run.owner).count() == 1


@pytest.mark.parametrize("when", ["before the page asked", "while the page asked"])
def test_letting_go_after_another_tab_began_it_again_points_to_the_new_copy(
    alice_client: Client, library: None, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    # "Done. That reflection is gone" was said while the copy begun again in the other tab stayed open.
    run = begin(alice_client, sequence("small-victories"))
    if when == "before the page asked":
        alice_client.post(f"/reflections/run/{run.id}/start-fresh/")
    else:
        # The other tab's Start again lands after this request read the run, before it removes it.
        read = selectors.run_for_owner

        def read_then_begun_again_elsewhere(**kwargs: Any) -> Run | None:
            found = read(**kwargs)
            monkeypatch.undo()
            alice_client.post(f"/reflections/run/{run.id}/start-fresh/")
            return found

        monkeypatch.setattr(selectors, "run_for_owner", read_then_begun_again_elsewhere)
    response = alice_client.post(f"/reflections/run/{run.id}/let-go/", {"sequence": run.version.sequence_id})
    fresh = Run.objects.get(owner=run.owner)
    assert fresh.id != run.id, "the copy begun again is kept"
    assert response.status_code == 302
    assert response["Location"] == f"/reflections/run/{fresh.id}/"
    html = alice_client.get(response["Location"]).content.decode()
    assert "This reflection was begun again in another tab, so a new copy is still here." in html
    assert "gone" not in html


def test_letting_go_after_another_tab_let_it_go_says_it_is_done(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("small-victories"))
    alice_client.post(f"/reflections/run/{run.id}/let-go/")
    response = alice_client.post(f"/reflections/run/{run.id}/let-go/", {"sequence": run.version.sequence_id})
    assert response["Location"] == "/"
    assert "Done. That reflection is gone" in alice_client.get("/").content.decode()


@pytest.mark.parametrize("posted", ["²", "99999999999999999999", "abc"])
def test_beginning_again_a_reflection_gone_with_a_number_no_page_sends_is_not_found(
    alice_client: Client, library: None, posted: str
) -> None:
    # "²" passes isdigit() but not int(): a server error on a form anyone can send.
    run = begin(alice_client, sequence("small-victories"))
    alice_client.post(f"/reflections/run/{run.id}/let-go/")
    response = alice_client.post(f"/reflections/run/{run.id}/start-fresh/", {"sequence": posted})
    assert response.status_code == 404


@pytest.mark.parametrize("when", ["before the page asked", "while the page asked"])
def test_beginning_again_after_another_tab_began_it_again_opens_that_copy(
    alice_client: Client, library: None, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    # A bare 404 was the answer, though the copy begun again in the other tab was there.
    run = begin(alice_client, sequence("small-victories"))
    if when == "before the page asked":
        alice_client.post(f"/reflections/run/{run.id}/start-fresh/")
    else:
        # The other tab's Start again lands after this request read the run, before it removes it.
        read = selectors.run_for_owner

        def read_then_begun_again_elsewhere(**kwargs: Any) -> Run | None:
            found = read(**kwargs)
            monkeypatch.undo()
            alice_client.post(f"/reflections/run/{run.id}/start-fresh/")
            return found

        monkeypatch.setattr(selectors, "run_for_owner", read_then_begun_again_elsewhere)
    response = alice_client.post(f"/reflections/run/{run.id}/start-fresh/", {"sequence": run.version.sequence_id})
    fresh = Run.objects.get(owner=run.owner)
    assert fresh.id != run.id
    assert response.status_code == 302
    assert response["Location"] == f"/reflections/run/{fresh.id}/"
    html = alice_client.get(response["Location"]).content.decode()
    assert "This reflection was already begun again in another tab, so here is that new copy." in html


@pytest.mark.parametrize("when", ["before the page asked", "while the page asked"])
def test_beginning_again_after_another_tab_let_it_go_offers_to_begin_it(
    alice_client: Client, library: None, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    seq = sequence("small-victories")
    run = begin(alice_client, seq)
    if when == "before the page asked":
        alice_client.post(f"/reflections/run/{run.id}/let-go/")
    else:
        read = selectors.run_for_owner

        def read_then_let_go_elsewhere(**kwargs: Any) -> Run | None:
            found = read(**kwargs)
            monkeypatch.undo()
            alice_client.post(f"/reflections/run/{run.id}/let-go/")
            return found

        monkeypatch.setattr(selectors, "run_for_owner", read_then_let_go_elsewhere)
    response = alice_client.post(f"/reflections/run/{run.id}/start-fresh/", {"sequence": seq.id})
    assert response.status_code == 302
    assert response["Location"] == f"/reflections/{seq.id}/"
    html = alice_client.get(response["Location"]).content.decode()
    assert "This reflection was let go in another tab, so there is nothing left to clear." in html
    assert not Run.objects.filter(owner=run.owner).exists()  # nothing begins unasked


@pytest.mark.parametrize("sent", ["²", "١٢", "99999999999999999999999", "-1", ""])
def test_a_sequence_no_page_sends_on_let_go_is_not_a_server_error(
    alice_client: Client, library: None, sent: str
) -> None:
    # "²" and Arabic-Indic digits pass str.isdigit() but not int(); a number past the database's
    # integers overflowed it. Anyone can send the form: the answer is the plain "it is gone".
    run = begin(alice_client, sequence("small-victories"))
    alice_client.post(f"/reflections/run/{run.id}/let-go/")
    response = alice_client.post(f"/reflections/run/{run.id}/let-go/", {"sequence": sent})
    assert response.status_code == 302 and response["Location"] == "/"

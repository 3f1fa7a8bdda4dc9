from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from journal.models import Entry
from journal.selectors import entry_texts, search
from prompts.definitions import from_content
from prompts.models import Run, Sequence
from prompts.selectors import run_answers
from prompts.services import sequence_save
from tests.prompts.conftest import sequence, step_post

HTMX: dict[str, Any] = {"HTTP_HX_REQUEST": "true"}


def begin(client: Client, seq: Sequence) -> Run:
    response = client.post(f"/reflections/{seq.id}/begin/")
    assert response.status_code == 302
    return Run.objects.get(id=response["Location"].rstrip("/").split("/")[-1])


def post(client: Client, run: Run, position: int, action: str = "next", answer: Any = None, **extra: Any) -> Any:
    return client.post(f"/reflections/run/{run.id}/", step_post(position, action, answer), **extra)


def test_a_reflection_shows_one_step_at_a_time_with_where_you_are(alice_client: Client, setback: Sequence) -> None:
    run = begin(alice_client, setback)
    html = alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    assert "Step 1 of 6" in html
    assert "Your body comes first" in html
    assert "What was going on around you" not in html
    assert "not safe right now" in html
    assert 'name="action" value="skip"' in html
    assert 'name="action" value="stop"' in html


def test_next_skip_and_back_move_through_the_steps_without_losing_words(
    alice_client: Client, alice: Any, library: None
) -> None:
    run = begin(alice_client, sequence("small-victories"))
    post(alice_client, run, 0, answer="I made breakfast")
    post(alice_client, run, 1, "skip", answer="typed but skipped")
    run.refresh_from_db()
    assert run.position == 2
    assert run_answers(run) == {"0": "I made breakfast"}

    post(alice_client, run, 2, "back", answer="My sister")
    run.refresh_from_db()
    assert run.position == 1
    assert run_answers(run)["2"] == "My sister"

    post(alice_client, run, 1, "back")
    html = alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    assert "Step 1 of 4" in html
    assert "I made breakfast</textarea>" in html


def test_going_back_from_the_first_step_stays_there(alice_client: Client, setback: Sequence) -> None:
    run = begin(alice_client, setback)
    post(alice_client, run, 0, "back")
    run.refresh_from_db()
    assert run.position == 0
    assert 'value="back"' not in alice_client.get(f"/reflections/run/{run.id}/").content.decode()


def test_stop_here_keeps_answers_and_offers_them_on_the_home_page(alice_client: Client, setback: Sequence) -> None:
    run = begin(alice_client, setback)
    post(alice_client, run, 0)
    post(alice_client, run, 1)
    response = post(alice_client, run, 2, "stop", answer="It was a long day at work")
    assert response.status_code == 302
    # At "Saved.", the address a stop that brought the gentle check lands on too: the history tells nothing.
    assert response["Location"] == "/#messages"
    home = alice_client.get("/").content.decode()
    assert "Saved. You can pick this up from the home page whenever you like." in home
    assert "Pick up where you left off" in home
    assert f"/reflections/run/{run.id}/" in home
    assert "step 3 of 6" in home
    run.refresh_from_db()
    assert run_answers(run) == {"2": "It was a long day at work"}


def test_resuming_after_signing_out_and_back_in_continues_where_you_stopped(
    alice: Any, alice_client: Client, setback: Sequence
) -> None:
    run = begin(alice_client, setback)
    post(alice_client, run, 0)
    post(alice_client, run, 1)
    post(alice_client, run, 2, "stop", answer="Words from yesterday evening")
    alice_client.post("/accounts/logout/")
    assert alice_client.get(f"/reflections/run/{run.id}/").status_code == 302

    next_day = Client()
    next_day.force_login(alice)
    assert f"/reflections/run/{run.id}/" in next_day.get("/").content.decode()
    html = next_day.get(f"/reflections/run/{run.id}/").content.decode()
    assert "Step 3 of 6" in html
    assert "Words from yesterday evening</textarea>" in html


def test_finishing_saves_one_reflection_in_the_journal_and_ends_with_kindness(
    alice: Any, alice_client: Client, setback: Sequence
) -> None:
    run = begin(alice_client, setback)
    answers = {2: "Home alone after an argument", 4: "You are doing your best", 5: "Sleep early"}
    for position in range(6):
        post(alice_client, run, position, answer=answers.get(position))
    run.refresh_from_db()
    assert run.is_finished
    entries = Entry.objects.filter(owner=alice)
    assert entries.count() == 1
    entry = entries.get()
    assert entry.kind == Entry.Kind.REFLECTION
    assert run.entry == entry
    texts = entry_texts(user=alice, entry=entry)
    assert texts.title == "After a setback"
    assert "What was going on around you before it happened?\nHome alone after an argument" in texts.body
    assert "Sleep early" in texts.body

    found = search(user=alice, query="argument")
    assert [view.entry.id for view in found.results] == [entry.id]
    assert "After a setback" in alice_client.get("/journal/").content.decode()

    done = alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    assert "Thank you" in done
    assert "What you have learned is yours to keep." in done
    assert "of 6" not in done
    assert alice_client.get("/").content.decode().count(str(run.id)) == 0


def test_finishing_twice_still_makes_one_entry(alice: Any, alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("a-kinder-letter"))
    for position in range(3):
        post(alice_client, run, position, answer="Dear me")
    post(alice_client, run, 2, answer="Dear me")
    assert Entry.objects.filter(owner=alice).count() == 1


def test_htmx_gets_just_the_next_step(alice_client: Client, setback: Sequence) -> None:
    run = begin(alice_client, setback)
    response = post(alice_client, run, 0, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="run-step"')
    assert "Step 2 of 6" in html
    assert "<html" not in html


def test_stop_here_with_htmx_goes_home_as_a_full_page(alice_client: Client, setback: Sequence) -> None:
    run = begin(alice_client, setback)
    response = post(alice_client, run, 0, "stop", **HTMX)
    assert response.headers["HX-Redirect"] == "/#messages"


def test_an_answer_too_long_to_keep_gets_a_kind_message_and_stays_in_the_box(
    alice_client: Client, library: None
) -> None:
    run = begin(alice_client, sequence("small-victories"))
    long_text = "A good day. " * 2000
    html = post(alice_client, run, 0, answer=long_text).content.decode()
    assert "longer than one answer can hold (20,000 characters)" in html  # as the journal writes 100,000
    assert 'aria-invalid="true"' in html
    assert long_text.strip() in html
    run.refresh_from_db()
    assert run.position == 0


def test_skip_moves_on_past_an_answer_too_long_to_keep(alice_client: Client, library: None) -> None:
    """Skip leaves the answer out, so the length message must not hold the person on the step."""
    run = begin(alice_client, sequence("small-victories"))
    post(alice_client, run, 0, answer="A first small thing")
    post(alice_client, run, 1, "back")
    html = post(alice_client, run, 0, "skip", answer="A good day. " * 2000, **HTMX).content.decode()
    assert "longer than one answer can hold" not in html
    assert "Step 2 of 4" in html
    run.refresh_from_db()
    assert run.position == 1
    assert run_answers(run) == {"0": "A first small thing"}  # what was kept there stays


def test_scale_and_choice_answers_are_kept_and_shown_again(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("ride-the-wave"))
    post(alice_client, run, 0)
    post(alice_client, run, 1, answer="4")
    post(alice_client, run, 2)
    client_data = {"position": 3, "action": "back", "answer": ["Express: write, draw, or sing along to loud music"]}
    alice_client.post(f"/reflections/run/{run.id}/", client_data)
    run.refresh_from_db()
    assert run_answers(run) == {"1": 4, "3": ["Express: write, draw, or sing along to loud music"]}
    post(alice_client, run, 2, "back")
    html = alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    assert 'value="4" checked' in html


def test_ride_the_wave_links_the_urge_timer_and_the_safety_plan(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("ride-the-wave"))
    html = alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    assert '<a href="/safety/ride-the-wave/">Ride the wave with the timer</a>' in html
    assert "urge timer" not in html
    for position in range(6):
        post(alice_client, run, position)
    html = alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    assert "Open your safety plan" in html


def test_talking_to_someone_ends_with_a_note_to_copy_or_print(alice_client: Client, library: None) -> None:
    run = begin(alice_client, sequence("talk-to-someone"))
    post(alice_client, run, 0, answer="Sam")
    for position in range(1, 7):
        post(alice_client, run, position, answer=["Just to listen"] if position == 2 else None)
    html = alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    assert "Your note" in html
    assert "data-copy-note" in html
    assert "Just to listen" in html
    note = alice_client.get(f"/reflections/run/{run.id}/note/")
    assert note.status_code == 200
    assert "Sam" in note.content.decode()


def test_the_print_view_is_only_for_finished_notes(alice_client: Client, setback: Sequence) -> None:
    run = begin(alice_client, setback)
    assert alice_client.get(f"/reflections/run/{run.id}/note/").status_code == 404


def test_letting_a_reflection_go_removes_its_answers(alice_client: Client, setback: Sequence) -> None:
    run = begin(alice_client, setback)
    page = alice_client.get(f"/reflections/run/{run.id}/let-go/").content.decode()
    assert "Let this reflection go?" in page
    # Nothing written yet: it told of removing "what you have written so far".
    assert "This removes anything you have written in" in page and "what you have written" not in page
    assert alice_client.post(f"/reflections/run/{run.id}/let-go/").status_code == 302
    assert not Run.objects.filter(id=run.id).exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_another_persons_reflection_is_not_found(
    alice_client: Client, bob_client: Client, setback: Sequence, htmx: bool
) -> None:
    run = begin(alice_client, setback)
    headers: dict[str, Any] = HTMX if htmx else {}
    assert bob_client.get(f"/reflections/run/{run.id}/", **headers).status_code == 404
    assert post(bob_client, run, 0, answer="not mine", **headers).status_code == 404
    assert bob_client.get(f"/reflections/run/{run.id}/let-go/", **headers).status_code == 404
    assert bob_client.post(f"/reflections/run/{run.id}/let-go/", **headers).status_code == 404
    assert bob_client.get(f"/reflections/run/{run.id}/note/", **headers).status_code == 404
    assert Run.objects.filter(id=run.id).exists()


def test_signed_out_visitors_are_sent_to_sign_in(client: Client, setback: Sequence) -> None:
    response = client.get(f"/reflections/{setback.id}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_small_victories_gather_into_a_list_on_their_page(alice_client: Client, library: None) -> None:
    seq = sequence("small-victories")
    for words in ("I made breakfast", "I called my brother"):
        run = begin(alice_client, seq)
        post(alice_client, run, 0, answer=words)
        for position in range(1, 4):
            post(alice_client, run, position, "skip")
    html = alice_client.get(f"/reflections/{seq.id}/").content.decode()
    assert "What you have noticed so far" in html
    assert html.index("I called my brother") < html.index("I made breakfast")


def test_after_a_setback_opens_with_body_care_and_the_regions_emergency_number(
    alice: Any, alice_client: Client, setback: Sequence
) -> None:
    alice.region = "AU"
    alice.save(update_fields=["region"])
    run = begin(alice_client, setback)
    html = alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    card = html[html.index('id="step-heading"') : html.index("run-actions")]
    assert "Your body comes first" in card
    assert "Call the emergency number now if you are bleeding a lot." in card
    assert "even if you feel okay" in card
    assert '<a class="button" href="tel:000"><span>Call <bdi dir="ltr">000</bdi></span></a>' in card
    assert "a pharmacist or nurse can help" in card
    # A safety card is never folded away behind a click.
    assert "<details" not in html[html.index("<main") :]


def test_no_card_in_the_shipped_library_is_ever_folded_away(alice_client: Client, library: None) -> None:
    for seq in Sequence.objects.filter(clinic_key=""):
        run = begin(alice_client, seq)
        for position in range(len(run.definition.steps)):
            html = alice_client.get(f"/reflections/run/{run.id}/").content.decode()
            assert "<details" not in html[html.index("<main") :], (seq.slug, position)
            assert "Read the card" not in html
            post(alice_client, run, position, "skip")


def test_the_content_note_is_said_once_before_the_sequence_begins(alice_client: Client, library: None) -> None:
    for slug, note in [
        ("after-a-setback", "This reflection mentions self-harm and looking after an injury."),
        ("ride-the-wave", "This reflection is about urges to self-harm."),
    ]:
        seq = sequence(slug)
        page = alice_client.get(f"/reflections/{seq.id}/").content.decode()
        assert page.index(note) < page.index(seq.latest.definition.purpose)  # type: ignore[union-attr]
        assert page.index(note) < page.index(">Begin</button>")
        run = begin(alice_client, seq)
        for position in range(len(run.definition.steps)):
            assert "Content note:" not in alice_client.get(f"/reflections/run/{run.id}/").content.decode()
            post(alice_client, run, position, "skip")


def test_the_body_care_card_links_the_first_minutes_page(alice_client: Client, setback: Sequence) -> None:
    run = begin(alice_client, setback)
    html = alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    assert '<a href="/safety/after/">What to do in the first minutes</a>' in html
    assert alice_client.get("/safety/after/").status_code == 200


def test_a_reflection_begun_before_notes_moved_shows_its_card_open_with_its_own_note(
    alice_client: Client, library: None
) -> None:
    definition = sequence("pause-for-kindness").latest.definition  # type: ignore[union-attr]
    content = definition.content()
    content["steps"][1]["content_note"] = "This card mentions a hard moment."
    old = from_content(slug="older-words", version=1, content=content)
    saved = sequence_save(definition=old)
    run = begin(alice_client, saved.sequence)
    post(alice_client, run, 0)
    html = alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    assert "This card mentions a hard moment." in html
    assert "This is a hard moment. It is painful." in html
    assert "<details" not in html[html.index("<main") :]


def test_words_kept_as_the_page_goes_away_stay_on_their_step_and_move_nothing(
    alice_client: Client, library: None
) -> None:
    """The beacon prompts.js sends when a tab is closed with an answer typed and not sent."""
    run = begin(alice_client, sequence("small-victories"))
    post(alice_client, run, 0, answer="I made breakfast")
    response = post(alice_client, run, 1, "keep", answer="Half a thought, typed at night")
    assert response.status_code == 204
    run.refresh_from_db()
    assert run.position == 1
    assert run.status == Run.Status.IN_PROGRESS
    assert run_answers(run) == {"0": "I made breakfast", "1": "Half a thought, typed at night"}
    html = alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    assert "Step 2 of 4" in html
    assert "Half a thought, typed at night</textarea>" in html
    # A tab left open on an earlier step keeps its words there, and the reflection stays put.
    post(alice_client, run, 0, "keep", answer="I made breakfast and tea")
    run.refresh_from_db()
    assert run.position == 1
    assert run_answers(run)["0"] == "I made breakfast and tea"
    # Nothing said on the next page: nobody saw this answer.
    assert "Saved" not in alice_client.get("/").content.decode()


def test_a_step_sent_after_the_session_ended_is_told_to_sign_in_again_not_sent_to_the_login_page(
    alice_client: Client, setback: Sequence
) -> None:
    """htmx would draw the sign-in page in the step's place, and the words typed would go with it."""
    run = begin(alice_client, setback)
    alice_client.logout()
    response = post(alice_client, run, 0, answer="words from before", **HTMX)
    assert response.status_code == 401
    assert response["HX-Trigger"] == "waypoint:locked"
    run.refresh_from_db()
    assert run.position == 0
    # Opening it still goes to the sign-in page, as before.
    opened = alice_client.get(f"/reflections/run/{run.id}/")
    assert opened.status_code == 302
    assert "/accounts/login/" in opened["Location"]


def test_the_thank_you_says_what_is_in_the_journal(alice_client: Client, library: None) -> None:
    # Gone through without a word, the entry holds no questions and answers: the page must not say it does.
    seq = sequence("small-victories")
    run = begin(alice_client, seq)
    for position in range(4):
        post(alice_client, run, position, "skip")
    html = alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    assert "Your reflection is saved in your journal. It stays private unless you share it." in html
    assert "each question beside your answer" not in html

    run = begin(alice_client, seq)
    post(alice_client, run, 0, answer="I made breakfast")
    for position in range(1, 4):
        post(alice_client, run, position, "skip")
    html = alice_client.get(f"/reflections/run/{run.id}/").content.decode()
    assert "Your reflection is saved in your journal, with each question beside your answer." in html

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from journal.models import Entry
from safety.forms import WaveDoneForm
from safety.models import SafetyPreferences
from safety.selectors import waves_ridden_for
from safety.services import wave_ridden

TALK = "It's getting stronger: talk to someone now"
DONE = "/safety/ride-the-wave/done/"
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


@pytest.mark.django_db
def test_the_timer_page_is_open_to_everyone(client: Client) -> None:
    html = client.get("/safety/ride-the-wave/").content.decode()
    assert 'data-wave-minutes="5"' in html and 'data-wave-minutes="15"' in html
    assert 'href="/safety/ride-the-wave/?minutes=5&amp;step=1"' in html


@pytest.mark.django_db
def test_the_start_says_wait_15_minutes_then_decide_and_offers_5_as_a_gentler_start(client: Client) -> None:
    """Issue 18 asked for a plain "wait 15 minutes, then decide"; the 5-minute choice under it is
    named as a gentler start, so the heading and the buttons never disagree."""
    html = client.get("/safety/ride-the-wave/").content.decode()
    assert "Wait a few minutes" not in html
    assert "You don't have to decide anything now, or promise anything." in html
    # Both the timer (JavaScript) and the step-by-step start (without it) open with it.
    assert html.count("Wait 15 minutes, then decide</h2>") == 2
    assert html.count("If 15 minutes feels long, you could start with 5.") == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/safety/ride-the-wave/",
        "/safety/ride-the-wave/?minutes=5&step=2",
        "/safety/ride-the-wave/?minutes=5&step=4",
        "/safety/ride-the-wave/?minutes=5&step=8",
        "/safety/ride-the-wave/?minutes=5&step=3&stop=1",
        "/safety/ride-the-wave/talk/",
        "/safety/grounding/",
    ],
)
def test_every_urge_page_has_i_am_not_safe_right_now(client: Client, url: str) -> None:
    html = client.get(url).content.decode()
    assert '<a class="button button-secondary" href="/safety/help/">I\'m not safe right now</a>' in html


@pytest.mark.django_db
def test_without_javascript_the_steps_come_one_page_at_a_time(client: Client) -> None:
    html = client.get("/safety/ride-the-wave/?minutes=15&step=1").content.decode()
    assert "Notice the urge" in html
    assert 'href="/safety/ride-the-wave/?minutes=15&amp;step=2"' in html
    assert "data-wave " not in html and "data-wave>" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("step", [4, 7])
def test_every_check_in_offers_a_person_when_it_is_getting_stronger(client: Client, step: int) -> None:
    html = client.get(f"/safety/ride-the-wave/?minutes=5&step={step}").content.decode()
    assert "Has it eased?" in html
    assert f'href="/safety/ride-the-wave/?minutes=5&amp;step={step + 1}"' in html  # keep going
    assert f'href="/safety/ride-the-wave/talk/?minutes=5&amp;step={step}" data-wave-talk>{TALK}</a>' in html
    assert 'href="/safety/coping/"' in html and 'href="/safety/plan/"' in html


@pytest.mark.django_db
def test_the_last_check_in_comes_before_the_finish(client: Client) -> None:
    last_check_in = client.get("/safety/ride-the-wave/?minutes=5&step=7").content.decode()
    assert "Notice how strong it feels now" in last_check_in
    assert "You stayed with it" not in last_check_in
    finish = client.get("/safety/ride-the-wave/?minutes=5&step=8").content.decode()
    assert "You stayed with it" in finish
    assert "It's still strong: talk to someone now" in finish
    # Kind words with no tally in them: issue 18 read "still counts" as a score kept, and this said "That counts."
    assert "However strong it feels now, you gave it time, and that matters." in finish
    assert not re.search(r"\bcounts\b", finish)


@pytest.mark.django_db
def test_stopping_early_says_so_honestly_and_offers_a_person(client: Client) -> None:
    step = client.get("/safety/ride-the-wave/?minutes=5&step=3").content.decode()
    assert 'href="/safety/ride-the-wave/?minutes=5&amp;step=3&amp;stop=1">Stop here</a>' in step
    html = client.get("/safety/ride-the-wave/?minutes=5&step=3&stop=1").content.decode()
    assert "You stopped here" in html
    assert "You stayed with it" not in html and "rode the wave" not in html
    assert "/safety/ride-the-wave/done/" not in html
    assert f'href="/safety/ride-the-wave/talk/?minutes=5&amp;step=3" data-wave-talk>{TALK}</a>' in html


def test_stopping_early_never_counts_a_wave(alice: Any, alice_client: Client) -> None:
    alice_client.post("/safety/settings/", {"show_wave_count": "on"})
    html = alice_client.get("/safety/ride-the-wave/?minutes=5&step=2&stop=1").content.decode()
    assert ">Finish</button>" not in html and "Times you rode the wave" not in html


def test_the_wave_count_stays_hidden_until_the_person_turns_it_on(alice: Any, alice_client: Client) -> None:
    first = alice_client.post(DONE, {}, follow=True).content.decode()
    assert "You rode the wave" in first
    assert "Times you rode the wave" not in first
    assert "Times you rode the wave" not in alice_client.get("/safety/ride-the-wave/?minutes=5&step=8").content.decode()
    assert "Times you rode the wave" not in alice_client.get("/safety/ride-the-wave/").content.decode()

    alice_client.post("/safety/settings/", {"show_wave_count": "on", "gentle_check": "on"})
    second = alice_client.post(DONE, {}, follow=True).content.decode()
    assert "Times you rode the wave: 2" in second
    finish = alice_client.get("/safety/ride-the-wave/?minutes=5&step=8").content.decode()
    assert "Times you rode the wave so far: 2" in finish
    # The count is the person's own and encrypted; it only ever goes up.
    preferences = SafetyPreferences.objects.get(owner=alice)
    assert preferences.waves_ridden and b"2" not in bytes(preferences.waves_ridden)[-1:]

    alice_client.post("/safety/settings/", {"gentle_check": "on"})
    assert "Times you rode the wave" not in alice_client.post(DONE, {}, follow=True).content.decode()


@pytest.mark.django_db
def test_a_visitor_can_ride_the_wave_without_an_account(client: Client) -> None:
    html = client.get("/safety/ride-the-wave/?minutes=5&step=8").content.decode()
    assert "You stayed with it" in html
    assert "/safety/ride-the-wave/done/" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["minutes=7&step=abc", "minutes=5&step=99999999999999999999", "step=3&stop=1"])
def test_odd_query_values_fall_back_to_something_sensible(client: Client, query: str) -> None:
    response = client.get(f"/safety/ride-the-wave/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Step by step" in html or "You stayed with it" in html


def test_finishing_can_be_noted_in_the_journal_as_something_that_helped(alice: Any, alice_client: Client) -> None:
    response = alice_client.post(DONE, {"note_in_journal": "on"}, follow=True)
    assert "in your journal as something that helped" in response.content.decode()
    entry = Entry.objects.get(owner=alice)
    assert entry.kind == Entry.Kind.COPING
    alice_client.post(DONE, {}, follow=True)
    assert Entry.objects.filter(owner=alice).count() == 1


def test_opening_the_urge_pages_writes_nothing(alice: Any, alice_client: Client) -> None:
    for url in [
        "/safety/ride-the-wave/",
        "/safety/ride-the-wave/?minutes=5&step=8",
        "/safety/ride-the-wave/?minutes=5&step=2&stop=1",
        "/safety/ride-the-wave/talk/",
        DONE,
        "/safety/grounding/",
        "/safety/after/",
        "/safety/settings/",
    ]:
        assert alice_client.get(url).status_code == 200
    assert not SafetyPreferences.objects.filter(owner=alice).exists()


def test_reloading_the_finish_page_counts_and_notes_nothing_again(alice: Any, alice_client: Client) -> None:
    alice_client.post("/safety/settings/", {"show_wave_count": "on"})
    finished = alice_client.post(DONE, {"note_in_journal": "on"})
    # Post, then redirect, then get: Back, reload and a restored tab all land on a plain GET.
    assert finished.status_code == 302 and finished["Location"] == DONE
    for _reload in range(3):
        with CaptureQueriesContext(connection) as queries:
            page = alice_client.get(DONE)
        assert page.status_code == 200
        html = page.content.decode()
        assert "You rode the wave" in html
        assert "It's in your journal as something that helped." in html
        assert "Times you rode the wave: 1" in html
        assert not [q["sql"] for q in queries.captured_queries if WRITE.match(q["sql"])]
    assert Entry.objects.filter(owner=alice, kind=Entry.Kind.COPING).count() == 1
    assert waves_ridden_for(alice) == 1


def test_the_session_keeps_only_what_the_finish_page_says(alice: Any, alice_client: Client) -> None:
    alice_client.post(DONE, {"note_in_journal": "on"})
    kept = alice_client.session["safety_wave_done"]
    assert kept == {"counted": True, "noted": True, "note_left_out": False}


def test_a_finish_page_with_nothing_finished_is_calm_and_writes_nothing(alice: Any, alice_client: Client) -> None:
    alice_client.post("/safety/settings/", {"show_wave_count": "on"})
    wave_ridden(owner=alice, note_in_journal=True)  # an earlier wave, finished in another session
    with CaptureQueriesContext(connection) as queries:
        page = alice_client.get(DONE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "You rode the wave" in html
    assert "in your journal" not in html and "Times you rode the wave" not in html
    assert "isn't in your wave count" not in html
    assert not [q["sql"] for q in queries.captured_queries if WRITE.match(q["sql"])]


@pytest.mark.django_db
def test_a_visitor_opening_the_finish_page_goes_back_to_the_timer(client: Client) -> None:
    response = client.get(DONE)
    assert response.status_code == 302 and response["Location"] == "/safety/ride-the-wave/"
    # Finish itself needs an account: signing in comes first, then the calm page.
    finished = client.post(DONE, {"note_in_journal": "on"})
    assert finished.status_code == 302 and finished["Location"].startswith("/accounts/login/")


def _finish_once(client: Client) -> str:
    found = re.search(r'name="once" value="([^"]+)"', client.get("/safety/ride-the-wave/").content.decode())
    assert found is not None, "the Finish form carries its random value"
    return found.group(1)


def test_finish_sent_twice_counts_and_notes_the_wave_once(alice: Any, alice_client: Client) -> None:
    alice_client.post("/safety/settings/", {"show_wave_count": "on"})
    fields = {"once": _finish_once(alice_client), "note_in_journal": "on"}
    first = alice_client.post(DONE, fields, follow=True)
    second = alice_client.post(DONE, fields, follow=True)
    assert waves_ridden_for(alice) == 1
    assert Entry.objects.filter(owner=alice, kind=Entry.Kind.COPING).count() == 1
    for page in (first, second):
        html = page.content.decode()
        assert "Times you rode the wave: 1" in html and "It's in your journal as something that helped." in html
    # The next wave is a new form: it counts.
    alice_client.post(DONE, {"once": _finish_once(alice_client)})
    assert waves_ridden_for(alice) == 2


def test_a_double_tap_that_began_before_the_first_finished_counts_once(
    alice: Any, alice_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    fields = {"once": _finish_once(alice_client), "note_in_journal": "on"}
    second_tap = Client()
    second_tap.cookies = alice_client.cookies
    first: list[Any] = []
    form = WaveDoneForm

    def first_tap_lands_meanwhile(*args: Any, **kwargs: Any) -> Any:
        if not first:
            first.append(None)
            first[0] = alice_client.post(DONE, fields)  # the whole first tap, after the second read its session
        return form(*args, **kwargs)

    monkeypatch.setattr("safety.urge_views.WaveDoneForm", first_tap_lands_meanwhile)
    second = second_tap.post(DONE, fields)
    assert first[0].status_code == 302 and second.status_code == 302
    assert waves_ridden_for(alice) == 1
    assert Entry.objects.filter(owner=alice, kind=Entry.Kind.COPING).count() == 1
    assert "It's in your journal as something that helped." in alice_client.get(DONE).content.decode()


def test_the_finish_value_is_one_the_timer_can_renew_for_each_wave(alice: Any, alice_client: Client) -> None:
    # static/js/safety.js finds the value by data-wave-once and gives each wave ridden on one page
    # a new one: without the mark, a second wave after Back would look like the first sent twice.
    page = alice_client.get("/safety/ride-the-wave/").content.decode()
    field = re.search(r'<input[^>]*name="once"[^>]*>', page)
    assert field is not None
    assert "data-wave-once" in field.group(0) and 'autocomplete="off"' in field.group(0)


def test_a_finish_from_an_older_page_without_the_value_still_counts(alice: Any, alice_client: Client) -> None:
    alice_client.post(DONE, {})
    alice_client.post(DONE, {})
    assert waves_ridden_for(alice) == 2


def _main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


@pytest.mark.django_db
def test_the_step_by_step_pages_speak_of_no_timer(client: Client) -> None:
    # Without JavaScript there is no timer, only the steps: someone who stopped at step 3 read
    # "You stopped the timer" and "Start the timer from the beginning", and the talk page said
    # "Back to the timer".
    stopped = _main(client.get("/safety/ride-the-wave/?minutes=5&step=3&stop=1").content.decode())
    assert "timer" not in stopped.lower()
    assert 'href="/safety/ride-the-wave/?minutes=5&amp;step=1">Start again from the first step</a>' in stopped
    talk = _main(client.get("/safety/ride-the-wave/talk/?minutes=5&step=4").content.decode())
    assert "timer" not in talk.lower()
    assert 'href="/safety/ride-the-wave/?minutes=5&amp;step=4">Back to where you were</a>' in talk
    assert "timer" not in _main(client.get("/safety/ride-the-wave/?minutes=5&step=8").content.decode()).lower()
    # The timer's own page (JavaScript) still names its timer.
    start = client.get("/safety/ride-the-wave/").content.decode()
    assert "You stopped the timer" in start and "Start the timer from the beginning" in start
    assert "Back to the timer" in client.get("/safety/ride-the-wave/talk/").content.decode()


def _finish_fields(html: str) -> dict[str, str]:
    form = re.search(r'<form method="post" action="/safety/ride-the-wave/done/".*?</form>', html, re.DOTALL)
    assert form is not None
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(0)))
    return {**fields, "note_in_journal": "on"}


def test_finishing_step_by_step_notes_no_timer_in_the_journal(alice: Any, alice_client: Client) -> None:
    # The step-by-step Finish, sent as the plain form without JavaScript: the journal said
    # "I rode the wave with the timer" to someone who never saw one.
    steps_done = _finish_fields(alice_client.get("/safety/ride-the-wave/?minutes=5&step=8").content.decode())
    alice_client.post(DONE, steps_done)
    journal = alice_client.get("/journal/").content.decode()
    assert "I rode the wave, and it helped me through." in journal
    assert "with the timer" not in journal
    # The timer's Finish (the page JavaScript runs) still says the timer helped.
    alice_client.post(DONE, _finish_fields(alice_client.get("/safety/ride-the-wave/").content.decode()))
    assert "I rode the wave with the timer, and it helped me through." in alice_client.get("/journal/").content.decode()
    assert Entry.objects.filter(owner=alice, kind=Entry.Kind.COPING).count() == 2

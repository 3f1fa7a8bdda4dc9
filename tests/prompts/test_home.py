from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from journal.models import Entry
from journal.selectors import entry_texts
from prompts.checkin import FEELINGS, SITUATIONS
from prompts.forms import CheckinForm
from prompts.selectors import daily_prompt
from tests.prompts.conftest import sequence


def checkin(client: Client, *, feelings: list[str] | None = None, situation: str = "", **extra: Any) -> str:
    data: dict[str, Any] = {"feelings": feelings or [], "situation": situation}
    return client.post("/reflections/check-in/", data, **extra).content.decode()


def test_signed_out_visitors_see_the_welcome_page(client: Client, db: None) -> None:
    html = client.get("/").content.decode()
    assert "A private place to write after a hard day" in html
    assert "How are you arriving today?" not in html


def test_home_asks_how_you_are_arriving_and_keeps_the_usual_links(alice_client: Client, library: None) -> None:
    html = alice_client.get("/").content.decode()
    assert "How are you arriving today?" in html
    assert 'href="/journal/"' in html
    assert 'href="/safety/"' in html


def test_write_in_your_journal_opens_a_new_entry(alice_client: Client, library: None) -> None:
    # It opened the journal's list: on the first night, filters over "Nothing here yet", one more tap to write.
    html = alice_client.get("/").content.decode()
    assert '<a href="/journal/new/">Write in your journal</a>' in html


def test_the_check_in_boxes_are_the_ones_django_would_draw(alice_client: Client, library: None) -> None:
    # home.html writes each box itself (Django's three widget templates a box were a quarter of the
    # page's time): every box, its label and its order stay what the form's own widgets draw.
    html = alice_client.get("/").content.decode()
    form = CheckinForm()
    drawn = [str(choice.tag()) for name in ("feelings", "situation") for choice in form[name]]
    assert len(drawn) == len(FEELINGS) + len(SITUATIONS)
    positions = [html.index(f'<label class="chip" for="{form["feelings"][0].id_for_label}">')]
    for choice, tag in zip([*form["feelings"], *form["situation"]], drawn, strict=True):
        position = html.index(f"{tag} {escape(choice.choice_label)}</label>")
        assert position > positions[-1]
        positions.append(position)


@pytest.mark.parametrize(
    ("situation", "slug"),
    [("setback", "after-a-setback"), ("urge", "ride-the-wave"), ("rough", "pause-for-kindness")],
)
def test_the_check_in_gently_suggests_a_fitting_reflection(
    alice_client: Client, library: None, situation: str, slug: str
) -> None:
    html = checkin(alice_client, situation=situation)
    assert f'href="/reflections/{sequence(slug).id}/"' in html


def test_an_urge_now_also_offers_the_safety_plan_and_help(alice_client: Client, library: None) -> None:
    html = checkin(alice_client, situation="urge")
    # Named as the crisis strip names it, so one link never reads as two different places.
    assert '<a class="button button-secondary" href="/safety/plan/">My safety plan</a>' in html
    assert "not safe right now" in html


def test_an_urge_leads_to_the_urge_timer_first_and_the_reflection_second(alice_client: Client, library: None) -> None:
    html = checkin(alice_client, situation="urge")
    # One name for the timer, the one its own page carries ("Ride the wave"), never "the urge timer".
    assert "urge timer" not in html
    assert "You could ride this one out with the timer, a few minutes at a time." in html
    timer = html.index('<a class="button" href="/safety/ride-the-wave/">Ride the wave with the timer</a>')
    reflection = html.index(f'href="/reflections/{sequence("ride-the-wave").id}/">Ride the wave: a reflection</a>')
    assert timer < reflection


def test_not_feeling_safe_is_the_first_choice_and_leads_straight_to_help(
    alice: Any, alice_client: Client, library: None
) -> None:
    form = alice_client.get("/").content.decode()
    choices = form[form.index("situation-choices") :]
    assert choices.index("I don&#x27;t feel safe right now") < choices.index("I have an urge right now")

    alice.region = "GB"
    alice.save(update_fields=["region"])
    html = checkin(alice_client, feelings=["numb"], situation="unsafe")
    assert "You don&#x27;t have to get through this alone." in html
    assert '<a class="button" href="tel:999"><span>Call <bdi dir="ltr">999</bdi></span></a>' in html
    assert '<a class="button" href="/safety/help/">Get help now</a>' in html
    assert 'href="/safety/plan/">My safety plan</a>' in html
    # Help, not homework: no reflection is suggested in this moment.
    assert "/reflections/" not in html[html.index('id="checkin"') : html.index("Nothing you picked was saved.")]


def test_self_harm_happened_carries_no_again_and_meets_shame_with_care(alice_client: Client, library: None) -> None:
    form = alice_client.get("/").content.decode()
    assert "Self-harm happened</label>" in form
    assert "again" not in form[form.index("situation-choices") : form.index("Suggest something gentle")].lower()

    html = checkin(alice_client, situation="setback")
    # sequences.md: first acknowledge the courage to come back; never a word on honesty, which
    # would make not saying it sound like a fault.
    assert "It takes courage to come back and say so." in html and "honest" not in html
    assert "Many people feel shame after self-harm." in html
    assert "it does not make you a bad person" in html
    # Body care comes before the reflection, with the number to call where this person lives.
    body = html.index("Call the emergency number now if you are bleeding a lot.")
    assert "even if you feel okay" in html
    assert body < html.index('<a class="button" href="tel:911"><span>Call <bdi dir="ltr">911</bdi></span></a>')
    assert body < html.index(f'href="/reflections/{sequence("after-a-setback").id}/"')


def test_after_self_harm_the_check_in_points_to_the_first_minutes(alice_client: Client, library: None) -> None:
    html = checkin(alice_client, situation="setback")
    link = html.index('<a href="/safety/after/">What to do in the first minutes</a>')
    # Right after the body-care words, before the reflection is offered.
    assert html.index("For a smaller injury, a pharmacist or nurse can help") < link
    assert link < html.index(f'href="/reflections/{sequence("after-a-setback").id}/"')
    # Only where self-harm happened: an urge or a rough day is not told what to do after an injury.
    for situation in ("urge", "rough", "unsafe"):
        assert "/safety/after/" not in checkin(alice_client, situation=situation).split('id="checkin"', 1)[1]


def test_feeling_ashamed_is_answered_as_a_feeling_not_a_verdict(alice_client: Client, library: None) -> None:
    html = checkin(alice_client, feelings=["ashamed", "tired"])
    assert "It is a feeling, not the truth about you." in html
    assert f'href="/reflections/{sequence("pause-for-kindness").id}/"' in html


def test_not_feeling_safe_answers_as_a_fragment_with_htmx_too(alice_client: Client, library: None) -> None:
    html = checkin(alice_client, situation="unsafe", HTTP_HX_REQUEST="true")
    assert html.lstrip().startswith('<section class="card checkin" id="checkin"')
    assert "Get help now" in html


def test_heavy_feelings_alone_suggest_a_pause_for_kindness(alice_client: Client, library: None) -> None:
    html = checkin(alice_client, feelings=["numb", "tired"])
    assert f'href="/reflections/{sequence("pause-for-kindness").id}/"' in html


def test_the_check_in_saves_nothing_and_scores_nothing(alice_client: Client, library: None) -> None:
    with CaptureQueriesContext(connection) as queries:
        html = checkin(alice_client, feelings=["ashamed"], situation="setback")
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert not [sql for sql in writes if "prompts_" in sql or "journal_" in sql]
    assert not any("ashamed" in q["sql"] for q in queries)
    assert "Nothing you picked was saved." in html
    assert "score" not in html.lower()


def test_the_check_in_answer_arrives_as_a_fragment_with_htmx(alice_client: Client, library: None) -> None:
    html = checkin(alice_client, situation="rough", HTTP_HX_REQUEST="true")
    assert html.lstrip().startswith('<section class="card checkin" id="checkin"')
    assert "<html" not in html


def test_the_daily_prompt_is_steady_for_a_day_and_changes_the_next() -> None:
    day = datetime.date(2026, 11, 26)
    assert daily_prompt(day) == daily_prompt(day)
    for offset in range(40):
        today = day + datetime.timedelta(days=offset)
        assert daily_prompt(today) != daily_prompt(today + datetime.timedelta(days=1))


def test_todays_prompt_is_on_the_home_page_and_writing_saves_to_the_journal(
    alice: Any, alice_client: Client, library: None, today: datetime.date
) -> None:
    html = alice_client.get("/").content.decode()
    prompt = daily_prompt(today)
    assert prompt.replace("'", "&#x27;") in html
    response = alice_client.post("/reflections/today/", {"body": "The rain sounded nice"})
    assert response.status_code == 302
    entry = Entry.objects.get(owner=alice)
    assert entry_texts(user=alice, entry=entry).body == "The rain sounded nice"


def test_an_empty_daily_note_gets_a_kind_message(alice_client: Client, library: None) -> None:
    html = alice_client.post("/reflections/today/", {"body": "   "}).content.decode()
    assert "nothing here yet" in html
    assert 'aria-invalid="true"' in html


def test_the_home_page_costs_the_same_with_many_reflections_in_progress(alice_client: Client, library: None) -> None:
    def home_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get("/").status_code == 200
        return len(queries)

    alice_client.post(f"/reflections/{sequence('small-victories').id}/begin/")
    alice_client.get("/")
    one = home_queries()
    for slug in ("after-a-setback", "ride-the-wave", "a-kinder-letter", "talk-to-someone"):
        alice_client.post(f"/reflections/{sequence(slug).id}/begin/")
    alice_client.get("/")
    assert home_queries() == one

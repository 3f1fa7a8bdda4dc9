"""The page for "It's getting stronger" without JavaScript: who to reach right now."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from safety.services import plan_contact_add


@pytest.mark.django_db
def test_a_visitor_sees_the_emergency_number_and_the_crisis_lines(client: Client, crisis_resources: None) -> None:
    html = client.get("/safety/ride-the-wave/talk/?minutes=5&step=4").content.decode()
    main = html[html.index("<main") :]
    assert "<h1>Talk to someone now</h1>" in main
    assert '<a class="button" href="tel:911"><span>Call <bdi dir="ltr">911</bdi></span></a>' in main
    # The test browser names no country: the lines say whose they are, not "where you are".
    assert 'href="tel:988"' in main and "Crisis lines in the United States" in main
    assert "People from your safety plan" not in main
    assert 'href="/safety/ride-the-wave/?minutes=5&amp;step=4">Back to where you were</a>' in main


@pytest.mark.django_db
def test_lines_are_where_you_are_only_when_the_browser_says_so(crisis_resources: None) -> None:
    html = Client(HTTP_ACCEPT_LANGUAGE="en-US").get("/safety/ride-the-wave/talk/").content.decode()
    assert "Crisis lines where you are" in html and 'href="tel:988"' in html
    html = Client(HTTP_ACCEPT_LANGUAGE="ja-JP, en-US").get("/safety/ride-the-wave/talk/").content.decode()
    assert "Crisis lines where you are" not in html and "Crisis lines in the United States" in html


def test_a_person_sees_the_people_in_their_own_plan(
    alice: Any, alice_client: Client, bob_client: Client, crisis_resources: None
) -> None:
    plan_contact_add(owner=alice, section="people", name="Sam Reyes", phone="+44 7700 900123")
    plan_contact_add(owner=alice, section="professionals", name="Dr Okafor", phone="020 7946 0000")
    plan_contact_add(owner=alice, section="people", name="No number yet", phone="")
    html = alice_client.get("/safety/ride-the-wave/talk/").content.decode()
    assert "People from your safety plan" in html
    assert html.index("Sam Reyes") < html.index("Dr Okafor")
    assert 'href="tel:+447700900123"' in html and 'href="sms:+447700900123"' in html
    assert 'href="tel:02079460000"' in html
    assert "No number yet" not in html
    # Nobody else's plan ever shows up on someone's page.
    other = bob_client.get("/safety/ride-the-wave/talk/").content.decode()
    assert "Sam Reyes" not in other and "Dr Okafor" not in other
    assert "add people you trust to your safety plan" in other


def test_the_timer_start_carries_the_same_panel_for_javascript(alice: Any, alice_client: Client) -> None:
    plan_contact_add(owner=alice, section="people", name="Sam", phone="07700 900123")
    html = alice_client.get("/safety/ride-the-wave/").content.decode()
    panel = html[html.index("data-wave-talk-panel") : html.index("data-wave-talk-back")]
    assert "Talk to someone now" in panel and 'href="tel:07700900123"' in panel


@pytest.mark.django_db
def test_odd_values_send_back_to_the_start(client: Client) -> None:
    html = client.get("/safety/ride-the-wave/talk/?minutes=12&step=<script>").content.decode()
    assert 'href="/safety/ride-the-wave/">Back to the timer</a>' in html
    assert "<script>" not in html.split("<main", 1)[1].split("</main>")[0]

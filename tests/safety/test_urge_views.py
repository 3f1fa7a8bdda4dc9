from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from safety.models import SafetyPreferences


@pytest.mark.django_db
def test_the_timer_page_is_open_to_everyone(client: Client) -> None:
    html = client.get("/safety/ride-the-wave/").content.decode()
    assert 'data-wave-minutes="5"' in html and 'data-wave-minutes="15"' in html
    assert 'href="/safety/ride-the-wave/?minutes=5&amp;step=1"' in html


@pytest.mark.django_db
def test_without_javascript_the_steps_come_one_page_at_a_time(client: Client) -> None:
    html = client.get("/safety/ride-the-wave/?minutes=15&step=1").content.decode()
    assert "Notice the urge" in html
    assert 'href="/safety/ride-the-wave/?minutes=15&amp;step=2"' in html
    assert "data-wave " not in html and "data-wave>" not in html


@pytest.mark.django_db
def test_the_no_javascript_version_asks_if_it_has_eased(client: Client) -> None:
    html = client.get("/safety/ride-the-wave/?minutes=5&step=4").content.decode()
    assert "Has it eased?" in html
    assert "Keep going" in html and 'href="/safety/ride-the-wave/?minutes=5&amp;step=5"' in html
    assert 'href="/safety/coping/"' in html and 'href="/safety/plan/"' in html


def test_finishing_counts_up_and_never_resets(alice: Any, alice_client: Client) -> None:
    first = alice_client.post("/safety/ride-the-wave/done/", {})
    assert "Times you rode the wave: 1" in first.content.decode()
    second = alice_client.post("/safety/ride-the-wave/done/", {})
    assert "Times you rode the wave: 2" in second.content.decode()
    preferences = SafetyPreferences.objects.get(owner=alice)
    assert preferences.waves_ridden and b"2" not in bytes(preferences.waves_ridden)[-1:]
    last_step = alice_client.get("/safety/ride-the-wave/?minutes=5&step=7").content.decode()
    assert "You stayed with it" in last_step
    assert "Times you rode the wave so far: 2" in last_step


@pytest.mark.django_db
def test_a_visitor_can_ride_the_wave_without_an_account(client: Client) -> None:
    html = client.get("/safety/ride-the-wave/?minutes=5&step=7").content.decode()
    assert "You stayed with it" in html
    assert "/safety/ride-the-wave/done/" not in html


@pytest.mark.django_db
def test_odd_query_values_fall_back_to_the_start(client: Client) -> None:
    html = client.get("/safety/ride-the-wave/?minutes=7&step=abc").content.decode()
    assert "Step by step" in html


def test_finishing_can_be_noted_in_the_journal_as_something_that_helped(alice: Any, alice_client: Client) -> None:
    from journal.models import Entry

    response = alice_client.post("/safety/ride-the-wave/done/", {"note_in_journal": "on"})
    assert "in your journal as something that helped" in response.content.decode()
    entry = Entry.objects.get(owner=alice)
    assert entry.kind == Entry.Kind.COPING
    alice_client.post("/safety/ride-the-wave/done/", {})
    assert Entry.objects.filter(owner=alice).count() == 1


def test_opening_the_timer_writes_nothing(alice: Any, alice_client: Client) -> None:
    alice_client.get("/safety/ride-the-wave/?minutes=5&step=7")
    assert not SafetyPreferences.objects.filter(owner=alice).exists()

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_five_four_three_two_one_goes_through_the_senses_in_order(client: Client) -> None:
    html = client.get("/safety/grounding/").content.decode()
    senses = ["Five things you can see", "Four things you can feel", "Three things you can hear"]
    senses += ["Two things you can smell", "One thing you can taste"]
    positions = [html.index(sense) for sense in senses]
    assert positions == sorted(positions)
    assert '<ol class="grounding-steps" reversed>' in html
    assert "<details" not in html[html.index("<main") :]


@pytest.mark.django_db
def test_it_is_linked_from_the_urge_tools_and_the_safety_hub(client: Client) -> None:
    for url in ["/safety/", "/safety/ride-the-wave/", "/safety/ride-the-wave/?minutes=5&step=8"]:
        assert 'href="/safety/grounding/"' in client.get(url).content.decode(), url

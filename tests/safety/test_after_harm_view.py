"""The first minutes after self-harm: public, the emergency number first, nothing folded away."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safety.after_harm import CARE_PAGES


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_the_url_other_pages_link_to_is_stable() -> None:
    assert reverse("safety:after_harm") == "/safety/after/"


@pytest.mark.django_db
def test_a_visitor_can_read_it_with_the_emergency_number_first(client: Client, crisis_resources: None) -> None:
    response = client.get("/safety/after/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Waypoint</title>" in html
    main = _main(html)
    call = main.index('<a class="button" href="tel:911">Call 911</a>')
    when = main.index("Call the emergency number now if you are bleeding a lot")
    assert "or if you have swallowed or taken anything that could harm you. Call even if you feel okay." in main
    # Before the content note, the body care, the wound pointer and who to tell.
    for later in ["Content note:", "Looking after your body", "For smaller injuries", "Wound and scar care"]:
        assert when < call < main.index(later), later
    assert main.index("Who you could tell") > main.index("Wound and scar care")
    assert "<details" not in main


def test_the_number_follows_the_persons_country(alice: Any, alice_client: Client, crisis_resources: None) -> None:
    alice.region = "GB"
    alice.save(update_fields=["region"])
    main = _main(alice_client.get("/safety/after/").content.decode())
    assert '<a class="button" href="tel:999">Call 999</a>' in main
    assert "The emergency number for United Kingdom" in main
    assert 'href="/safety/plan/#step-people"' in main and 'href="/journal/new/"' in main


@pytest.mark.django_db
def test_it_points_to_public_wound_and_scar_care_with_a_checked_date(client: Client) -> None:
    main = _main(client.get("/safety/after/").content.decode())
    for page in CARE_PAGES:
        assert page.url.startswith("https://www.nhs.uk/conditions/")
        assert f'<a href="{page.url}" rel="noopener">' in main
    assert "Checked on 2 December 2026" in main
    for words in ["pharmacist", "nurse", "GP or family doctor", "you deserve care"]:
        assert words in main


@pytest.mark.django_db
def test_it_states_a_plain_harm_minimisation_stance_without_judgement(client: Client) -> None:
    main = _main(client.get("/safety/after/").content.decode())
    stance = main.index("Stopping self-harm can take time, and nobody expects it all at once.")
    assert "Whenever it happens, your safety comes first." in main
    assert "They are part of recovery, not giving up on it." in main
    # The same closing words as the setback reflection: "still counts" reads as a score kept.
    assert "What you have learned is yours to keep." in main
    assert "still counts" not in main
    # Said inside the no-judgement section, after the safety, body-care and wound-care parts.
    assert main.index("No judgement here") < stance
    assert main.index("Wound and scar care") < stance


@pytest.mark.django_db
def test_it_is_linked_from_the_safety_hub(client: Client) -> None:
    assert 'href="/safety/after/"' in client.get("/safety/").content.decode()

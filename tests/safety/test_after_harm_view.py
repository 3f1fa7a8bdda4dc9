"""The first minutes after self-harm: public, the emergency number first, nothing folded away."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safety.after_harm import AUSTRALIA, ELSEWHERE, UK, US


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
    call = main.index('<a class="button" href="tel:911"><span>Call <bdi dir="ltr">911</bdi></span></a>')
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
    assert '<a class="button" href="tel:999"><span>Call <bdi dir="ltr">999</bdi></span></a>' in main
    assert "The emergency number in the United Kingdom" in main
    assert 'href="/safety/plan/#step-people"' in main and 'href="/journal/new/"' in main


@pytest.mark.django_db
def test_it_points_to_public_wound_and_scar_care_with_a_checked_date(client: Client) -> None:
    # A visitor in the tests is in the US, the default region.
    main = _main(client.get("/safety/after/").content.decode())
    for page in US.pages:
        assert page.url.startswith("https://medlineplus.gov/")
        assert f'<a href="{page.url}" rel="noopener">' in main
    assert "Checked on 5 December 2026" in main
    for words in ["pharmacist", "nurse", "GP or family doctor", "you deserve care"]:
        assert words in main


# Each country's pages tell a person bleeding to call that country's number: someone in the US
# sent to the NHS's page read "call 999".
@pytest.mark.parametrize(
    ("region", "sources", "publisher", "whose"),
    [
        ("US", US, "MedlinePlus (US)", "These pages come from MedlinePlus"),
        ("GB", UK, "NHS (UK)", "These pages come from the NHS, the UK&#x27;s health service."),
        ("AU", AUSTRALIA, "healthdirect (Australia)", "This page comes from healthdirect"),
        ("CA", ELSEWHERE, "NHS (UK)", "A pharmacist or your own health service can tell you what applies"),
    ],
)
def test_the_care_pages_are_the_persons_own_countrys(
    alice: Any, alice_client: Client, region: str, sources: Any, publisher: str, whose: str
) -> None:
    alice.region = region
    alice.save(update_fields=["region"])
    main = _main(alice_client.get("/safety/after/").content.decode())
    links = [page.url for page in sources.pages]
    assert links
    for url in links:
        assert f'<a href="{url}" rel="noopener">' in main
    assert publisher in main and whose in main
    others = {"https://www.nhs.uk/", "https://medlineplus.gov/", "https://www.healthdirect.gov.au/"}
    for site in others - {url[: url.index("/", 8) + 1] for url in links}:
        assert site not in main, site


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

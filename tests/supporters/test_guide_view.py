"""The guide for family and friends: public, in order, cited, and with the reader's own number to call."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from supporters.guide_sources import SOURCES
from supporters.models import GuideSection

pytestmark = pytest.mark.usefixtures("crisis_resources")

URL = "/people-around-you/guide/"
HEADINGS = [
    "What self-harm is, and what it is not",
    "A setback is part of recovery",
    "The first minutes after you find out",
    "What helps to say, and what does not",
    "When it is urgent",
    "Looking after yourself",
    "Sources",
]


def _headings(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.DOTALL)]


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_anyone_can_read_it_without_an_account(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert "A guide for family and friends" in response.content.decode()
    # The tab stays neutral on a shared device, as on every page.
    assert "<title>Waypoint</title>" in response.content.decode()


def test_a_signed_in_person_can_read_it_too(alice_client: Client) -> None:
    response = alice_client.get(URL)
    assert response.status_code == 200
    assert _headings(response.content.decode())[:7] == HEADINGS


def test_the_sections_come_in_the_briefs_order(client: Client) -> None:
    headings = _headings(client.get(URL).content.decode())
    assert [h for h in headings if h in HEADINGS] == HEADINGS


def test_every_source_is_listed_with_its_checked_and_review_dates(client: Client) -> None:
    sources = _section(client.get(URL).content.decode(), "sources-heading")
    for source in SOURCES:
        assert f'href="{source.url}"' in sources
    assert "Checked on 3 December 2026. Review due by 3 December 2027." in sources


def test_each_section_says_what_it_is_based_on(client: Client) -> None:
    html = client.get(URL).content.decode()
    for heading_id in ("what-it-is-heading", "setbacks-heading", "first-minutes-heading", "urgent-heading"):
        assert "Based on:" in _section(html, heading_id)
    assert 'href="#source-samaritans-struggling">Samaritans</a>' in _section(html, "what-to-say-heading")
    assert 'href="#source-charlie-waller-own-needs">Charlie Waller Trust</a>' in _section(html, "yourself-heading")


def test_the_urgent_section_gives_the_readers_own_emergency_number(client: Client) -> None:
    uk = _section(client.get(URL, HTTP_ACCEPT_LANGUAGE="en-GB").content.decode(), "urgent-heading")
    us = _section(client.get(URL, HTTP_ACCEPT_LANGUAGE="en-US").content.decode(), "urgent-heading")
    assert "Emergency number in the United Kingdom" in uk and 'href="tel:999"' in uk
    assert 'href="tel:911"' in us and 'href="tel:999"' not in us
    # Crisis lines from the same data, for the person or for the one supporting them.
    assert "Samaritans" in uk and 'href="tel:116123"' in uk
    assert "988" in us


def test_a_signed_in_persons_own_country_wins(alice: Any, alice_client: Client) -> None:
    alice.region = "DE"
    alice.save()
    urgent = _section(alice_client.get(URL, HTTP_ACCEPT_LANGUAGE="en-GB").content.decode(), "urgent-heading")
    assert 'href="tel:112"' in urgent and 'href="tel:999"' not in urgent


def test_a_section_from_the_service_shows_after_looking_after_yourself(client: Client) -> None:
    GuideSection.objects.create(title="Our family evenings", body="Every Tuesday.\n\nAsk at reception.", position=1)
    html = client.get(URL).content.decode()
    headings = _headings(html)
    assert headings.index("Our family evenings") == headings.index("Looking after yourself") + 1
    assert headings.index("Our family evenings") < headings.index("Sources")
    assert "Added by the clinic or service that runs this Waypoint" in html
    assert "<p>Every Tuesday.</p>\n\n<p>Ask at reception.</p>" in html


def test_a_hidden_section_from_the_service_is_not_shown(client: Client) -> None:
    GuideSection.objects.create(title="Old group times", body="No longer running.", shown=False)
    html = client.get(URL).content.decode()
    assert "Old group times" not in html
    assert "Added by the clinic or service" not in html


def test_the_services_text_is_shown_as_plain_text(client: Client) -> None:
    GuideSection.objects.create(title="Links <b>here</b>", body='<script>alert("x")</script>')
    html = client.get(URL).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "Links &lt;b&gt;here&lt;/b&gt;" in html


def test_it_can_be_printed(client: Client) -> None:
    html = client.get(URL).content.decode()
    assert "data-print hidden>Print this guide</button>" in html
    assert 'href="/static/css/print' in html and 'media="print"' in html


def test_home_welcome_about_and_help_link_to_it(client: Client, alice_client: Client) -> None:
    link = f'<a href="{URL}">For family and friends: how to help someone you care about</a>'
    assert link in client.get("/").content.decode()
    assert link in alice_client.get("/").content.decode()
    assert link in client.get("/about/").content.decode()
    assert link in client.get("/safety/help/").content.decode()


def test_only_reading_is_allowed(client: Client) -> None:
    assert client.post(URL).status_code == 405


def test_the_operator_adds_and_hides_sections_in_the_admin(admin_client: Client) -> None:
    response = admin_client.post(
        "/admin/supporters/guidesection/add/",
        {"title": "Carers' group", "body": "First Monday of the month.", "position": 0, "shown": "on"},
    )
    assert response.status_code == 302
    assert "Carers&#x27; group" in Client().get(URL).content.decode()
    section = GuideSection.objects.get()
    admin_client.post(
        f"/admin/supporters/guidesection/{section.pk}/change/",
        {"title": "Carers' group", "body": "First Monday of the month.", "position": 0},
    )
    assert "Carers&#x27; group" not in Client().get(URL).content.decode()


def test_the_guide_leads_supporters_to_peer_support(client: Client) -> None:
    # To what is for them: a group for the person is not for the people around them.
    page = client.get(reverse("supporters:guide")).content.decode()
    assert f'href="{reverse("safety:peer_support")}?for=family"' in page

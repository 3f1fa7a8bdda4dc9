"""Phone numbers keep their digit groups in order on a right-to-left page (config.ltr).

In Arabic, "+44 7700 900123" after translated words was laid out as "900123 7700 44+": the tel: link
still dialled right, but a person reading the number to dial it by hand, or to tell someone, read
it wrong. Every number shown as part of a page sits in <bdi dir="ltr">; the Markdown plan stays plain.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from safety.services import plan_contact_add

pytestmark = pytest.mark.usefixtures("crisis_resources")

_NUMBER_LINK = re.compile(r'<a [^>]*href="(?:tel|sms):[^"]*"[^>]*>(.*?)</a>', re.S)
_LEFT_TO_RIGHT = re.compile(r'<bdi dir="ltr">[^<]*</bdi>')
# Read out, never laid out: the line's name after a link's words ("…, NHS 111") for a screen reader.
_NOT_SHOWN = re.compile(r'<span class="visually-hidden">[^<]*</span>')


def _number_links(html: str) -> list[str]:
    """The inside of every link that calls or texts."""
    return _NUMBER_LINK.findall(html)


def _assert_every_shown_number_is_left_to_right(html: str) -> None:
    links = _number_links(html)
    assert links, "the page shows numbers to call"
    for inside in links:
        outside = _LEFT_TO_RIGHT.sub("", _NOT_SHOWN.sub("", inside))
        assert not re.search(r"\d", outside), f"a number shown outside <bdi dir=ltr>: {inside!r}"


@pytest.mark.django_db
def test_the_help_page_and_its_strip_show_every_number_left_to_right(client: Client) -> None:
    html = client.get("/safety/help/").content.decode()
    _assert_every_shown_number_is_left_to_right(html)
    assert 'Call <bdi dir="ltr">988</bdi>' in html
    assert 'Text HOME to <bdi dir="ltr">741741</bdi>' in html


@pytest.mark.django_db
def test_a_number_with_groups_stays_in_one_left_to_right_run(client: Client) -> None:
    html = client.get("/safety/help/?region=GB").content.decode()
    _assert_every_shown_number_is_left_to_right(html)
    assert re.search(r'<bdi dir="ltr">\d+ \d+[ \d]*</bdi>', html), "a number with spaces is one isolated run"


@pytest.mark.django_db
def test_the_page_after_hurting_yourself_shows_its_numbers_left_to_right(client: Client) -> None:
    _assert_every_shown_number_is_left_to_right(client.get("/safety/after/").content.decode())


def test_a_plan_contact_s_number_is_left_to_right_on_every_plan_page(alice: Any, alice_client: Client) -> None:
    plan_contact_add(owner=alice, section="people", name="Sam", phone="+44 7700 900123")
    for url in ("/safety/plan/edit/", "/safety/plan/"):
        html = alice_client.get(url).content.decode()
        _assert_every_shown_number_is_left_to_right(html)
        assert 'Call <bdi dir="ltr">+44 7700 900123</bdi>' in html, url
    printed = alice_client.get("/safety/plan/print/").content.decode()
    assert '<bdi dir="ltr">+44 7700 900123</bdi></a>' in printed
    # The crisis lines printed with the plan are sentences, not links: their numbers are isolated too.
    assert 'call <bdi dir="ltr">988</bdi>' in printed


def test_a_number_someone_typed_with_markup_in_it_is_shown_as_text(alice: Any, alice_client: Client) -> None:
    plan_contact_add(owner=alice, section="people", name="Sam", phone='123<script>alert("x")</script>')
    for url in ("/safety/plan/edit/", "/safety/plan/", "/safety/plan/print/"):
        html = alice_client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert '<bdi dir="ltr">123&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</bdi>' in html, url


def test_the_downloaded_plan_keeps_numbers_as_plain_text(alice: Any, alice_client: Client) -> None:
    plan_contact_add(owner=alice, section="people", name="Sam", phone="+44 7700 900123")
    text = alice_client.get("/safety/plan/download/").content.decode()
    assert "- Sam: +44 7700 900123" in text
    assert "988 Suicide & Crisis Lifeline (United States): call 988" in text
    assert "bdi" not in text

"""A person's words shown as paragraphs: each paragraph takes its own direction.

An English paragraph, then an Arabic one: the box around them guessed left to right from the first
letter, and the Arabic paragraph inherited it. Each <p> now carries dir="auto" (config/own_words.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.test import Client
from django.urls import reverse

from config.own_words import paragraphs
from journal.services import entry_create
from tests.share_helpers import as_shown
from tests.supporters.test_supporters import _add, _make_link, _open

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
ENGLISH = "It was a hard day."
ARABIC = "كان يومًا صعبًا، لكنني كتبت عنه."
BODY = f"{ENGLISH}\n\n{ARABIC}"


def _paragraphs_with_direction(page: str) -> list[str]:
    return re.findall(r'<p dir="auto">([^<]*)</p>', page)


def test_each_paragraph_carries_its_own_direction() -> None:
    assert _paragraphs_with_direction(paragraphs(BODY)) == [ENGLISH, ARABIC]


def test_lines_stay_in_their_paragraph_and_everything_is_escaped() -> None:
    shown = paragraphs("one\r\ntwo <b>\r\n\r\n\r\nthree")
    assert shown == '<p dir="auto">one<br>two &lt;b&gt;</p>\n\n<p dir="auto">three</p>'
    assert paragraphs("") == ""


def test_the_entry_page_gives_each_paragraph_its_direction(alice: Any, alice_client: Client) -> None:
    entry = entry_create(author=alice, title="", body=BODY)
    page = alice_client.get(reverse("journal:entry", args=[entry.id])).content.decode()
    assert _paragraphs_with_direction(page)[-2:] == [ENGLISH, ARABIC]


def test_the_supporters_page_gives_each_shared_paragraph_its_direction(
    alice: Any, alice_client: Client, client: Client
) -> None:
    entry = entry_create(author=alice, title="For Sam", body=BODY)
    supporter = _add(alice_client)
    share = reverse("supporters:share_entry", args=[entry.id])
    alice_client.post(share, as_shown(alice_client, share, supporter=supporter.id))
    url, _code = _make_link(alice_client, supporter)
    page = _open(client, url)
    assert _paragraphs_with_direction(page)[-2:] == [ENGLISH, ARABIC]


def test_no_page_shows_someones_words_with_djangos_linebreaks() -> None:
    """Every block of someone's words goes through the one filter, so a new page cannot forget."""
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for match in re.finditer(r"\{\{ [\w.]+\|linebreaks(?:br)? \}\}", path.read_text())
    ]
    # Waypoint's own words, in the page's language: a choice or scale answer as the sequence words
    # it, and the guide for family and friends.
    assert found == [
        "prompts/run.html: {{ newer_choice|linebreaksbr }}",
        "supporters/guide.html: {{ section.body|linebreaks }}",
    ]

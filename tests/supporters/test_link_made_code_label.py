"""The code shown once after "Make a link" is read out with what it is for, not as a bare string."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from django.test import Client
from django.urls import reverse

from journal.services import entry_create
from supporters import services
from tests.supporters.test_supporters import _add

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _CodeFinder(HTMLParser):
    """Notes the open elements around the code, and the text of the term just before it."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code, self.term, self.term_of_code = code, "", ""
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.around: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "dt":
            self.term = ""
        if tag in _VOID:
            return
        self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if any(tag == "dt" for tag, _ in self.stack):
            self.term += data
        if self.code in data and not self.around:
            self.around, self.term_of_code = list(self.stack), " ".join(self.term.split())


def test_the_code_is_labelled_by_the_words_beside_it(alice: Any, alice_client: Client) -> None:
    supporter = _add(alice_client)
    services.share_entry(supporter=supporter, entry=entry_create(author=alice, body="behind a code"))
    response = alice_client.post(reverse("supporters:link_make", args=[supporter.id]), {"days": 7, "with_code": "on"})
    page = response.content.decode()
    code = re.search(r'class="supporter-code"[^>]*><strong>([A-Z0-9-]+)</strong>', page)
    assert code is not None

    finder = _CodeFinder(code.group(1))
    finder.feed(page)
    tags = [tag for tag, _ in finder.around]
    # A description term and its value: announced together. An aria-label on a <p> is not.
    assert "dd" in tags and "dl" in tags
    assert finder.term_of_code == "The code to tell them yourself, not in the same message:"
    assert not [attrs for tag, attrs in finder.around if "aria-label" in attrs]

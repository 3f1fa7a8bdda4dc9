"""A link whose words hold a name reads with the space before the name, on a phone too.

On a phone a link standing alone is a flex box (a 44 px target), and so is every link in a
"care-share" line. Each child of a flex box is its own item and the space at its edge goes: the
homework offer after a reflection read "Share it withTheo Park…" at 390 px and at 1280 px, the one
on the home page "Share it withTheo Park?" at 390 px, and a tag search "See every entry
taggedSleep". A link with a name in it keeps its words in one <span> (as the back links do), so
they are one item and one line of text.

A button keeps a gap between its items, so the space stays, but a long name beside its words
squeezed them: "Remove" stood as "Re / mo / ve" beside a 60-character name at 375 px. Its words
are one <span> too.
"""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
A_BUTTON = re.compile(r'class="[^"]*\bbutton\b')
BUTTON = re.compile(r"<button\b([^>]*)>(.*?)</button>", re.S)


def _words_beside_a_name(body: str) -> bool:
    """Whether words and a visible <bdi> sit side by side straight inside the link."""
    outside = re.sub(r"{%.*?%}", "", body, flags=re.S)
    # What is inside a span is one item: a wrapper around all the words, or words nobody sees.
    outside = re.sub(r"<span\b[^>]*>.*?</span>", "", outside, flags=re.S)
    if "<bdi" not in outside:
        return False
    return bool(re.sub(r"<bdi\b[^>]*>.*?</bdi>", "", outside, flags=re.S).strip())


def test_the_helper_tells_split_words_from_kept_ones() -> None:
    assert _words_beside_a_name("{% blocktranslate %}Share it with <bdi>{{ name }}</bdi>?{% endblocktranslate %}")
    assert not _words_beside_a_name("<span>Back to <bdi>{{ name }}</bdi></span>")
    assert not _words_beside_a_name('<span class="visually-hidden"> </span><bdi>{{ tag.name }}</bdi>')
    assert not _words_beside_a_name('Call {{ number }}<span class="visually-hidden">, <bdi>{{ name }}</bdi></span>')


def test_no_link_splits_its_words_from_the_name_in_them() -> None:
    split = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text()
        for match in LINK.finditer(text):
            attributes, body = match.groups()
            if not A_BUTTON.search(attributes) and _words_beside_a_name(body):
                split.append(f"{template.relative_to(TEMPLATES)}:{text.count(chr(10), 0, match.start()) + 1}")
    assert split == []


def test_no_button_splits_its_words_from_the_name_in_them() -> None:
    split = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text()
        links = [match for match in LINK.finditer(text) if A_BUTTON.search(match.group(1))]
        for match in [*links, *BUTTON.finditer(text)]:
            if _words_beside_a_name(match.group(2)):
                split.append(f"{template.relative_to(TEMPLATES)}:{text.count(chr(10), 0, match.start()) + 1}")
    assert split == []

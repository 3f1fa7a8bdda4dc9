"""`{{ text|paragraphs }}`: a person's own words shown as paragraphs, each taking its own direction.

People write in any script, and often in more than one: an English line, then Arabic. Django's
`linebreaks` gives the paragraphs no direction of their own, so they all took the one their box
guessed from its first letter, and an Arabic paragraph after an English one was set left to right.
Here each <p> carries dir="auto"; lines inside a paragraph (a single line break) take their own
direction from the unicode-bidi rule on [dir="auto"] p in waypoint.css. Every page that shows
someone's words as a block renders them with this filter, so the rule lives in one place.
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString

register = template.Library()

_BLANK_LINES = re.compile(r"\n{2,}")


def paragraphs_of(text: str) -> list[str]:
    """A person's words in the paragraphs the page shows: a blank line starts one, whatever line
    ends (a browser's CRLF) they came with."""
    normalised = re.sub(r"\r\n|\r", "\n", text).strip("\n")
    return _BLANK_LINES.split(normalised) if normalised else []


@register.filter(is_safe=True)
def paragraphs(text: object) -> SafeString:
    """As `linebreaks`: a blank line starts a paragraph, a single line break is a <br>; all escaped."""
    parts = [escape(part).replace("\n", "<br>") for part in paragraphs_of(str(text or ""))]
    if not parts:
        return SafeString("")
    return SafeString("\n\n".join(f'<p dir="auto">{part}</p>' for part in parts))

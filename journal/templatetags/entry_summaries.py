"""`{% entry_summaries items %}`: each entry's line in a list (the timeline, search, a day's page).

Written in Python, not as an included template: the timeline draws twenty of them, and the
template engine spent ~500 Python calls on each (its ~25 tags and variables), about a quarter of
the timeline's CPU. The HTML is the one the template (journal/_entry_summary.html, now gone)
wrote, byte for byte (tests/journal/test_entry_summaries.py): everything a person wrote, and
every translation, escaped as conditional_escape escapes it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django import template
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from journal.selectors import EntryView

register = template.Library()


def _escaped(value: Any) -> str:
    """Django's conditional_escape, without its check for lazy arguments on every call (a fifth of
    an entry's line): HTML already (a search snippet's marks) as it is, anything else escaped."""
    if isinstance(value, Promise):
        value = str(value)
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


@lru_cache(maxsize=64)
def _fixed_words(language: str | None) -> tuple[str, str]:
    """The draft badge and the start of the tag list: the same on every entry for everyone who
    reads the language, so translated once per language, as {% fixed %} kept them."""
    draft = f'<span class="journal-badge">{_escaped(gettext("Draft"))}</span>'
    tags = f'<ul class="journal-tags" aria-label="{_escaped(gettext("Tags"))}">'
    return draft, tags


def entry_summary(item: EntryView, draft: str, tags_open: str) -> str:
    heading = _escaped(item.heading)
    parts = ['\n<article class="journal-item"']
    if item.position:
        parts.append(f' id="result-{item.position}"')
    parts.append(f'>\n  <h3><a href="{_escaped(item.url)}"')
    if item.focus:
        parts.append(" data-focus-after-swap")
    if item.title:
        parts.append(' dir="auto"')
    first_words = item.first_words
    if first_words:
        # Translators: an untitled entry's link, read by a screen reader: its day, then its first words.
        label = gettext("%(heading)s, %(words)s") % {"heading": heading, "words": _escaped(first_words)}
        parts.append(f' aria-label="{label}"')
    parts.append(f'>{heading}</a></h3>\n  <p class="journal-meta">\n    <span>{_escaped(item.written_label)}</span>')
    parts.append(f"\n    <span>{_escaped(item.kind_label)}</span>\n    ")
    if item.mood:
        parts.append(f"<span>{_escaped(item.mood_text)}</span>")
    parts.append("\n    ")
    if item.entry.is_draft:
        parts.append(draft)
    parts.append("\n  </p>\n  ")
    if item.snippet:
        parts.append(f'<p class="journal-snippet" dir="auto">{_escaped(item.snippet)}</p>')
    elif item.excerpt:
        parts.append(f'<p dir="auto">{_escaped(item.excerpt)}</p>')
    parts.append("\n  ")
    if item.tags:
        parts.append(tags_open)
        parts.extend(f'<li dir="auto">{_escaped(tag)}</li>' for tag in item.tags)
        parts.append("</ul>")
    parts.append("\n</article>\n")
    return "".join(parts)


@register.simple_tag
def entry_summaries(items: Iterable[EntryView]) -> SafeString:
    draft, tags_open = _fixed_words(get_language())
    return SafeString("".join(entry_summary(item, draft, tags_open) for item in items))

"""Every word a template shows is marked for translation, so a translator's catalogue covers the
whole page: text between tags, and the attributes people read or hear (aria-label, title, alt,
placeholder). Words left outside {% translate %} / {% blocktranslate %} stay English in every
language and never reach `makemessages`. Python's and JavaScript's strings are held elsewhere:
gettext calls by test_language.py's lint, and our scripts take their words from the page.
Dates are held to named formats, so a translation gets its own order (docs/translating.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted(
    path
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]
    for path in folder.rglob("*")
    if path.suffix in {".html", ".txt", ".md"}
)

_READ_ATTRIBUTES = re.compile(
    r"""\s(?:aria-label|aria-description|title|alt|placeholder)\s*=\s*("[^"]*"|'[^']*')""", re.IGNORECASE
)
_ANY_ATTRIBUTE = re.compile(r"""\s[\w:-]+\s*=\s*("[^"]*"|'[^']*')""")
_WORD = re.compile(r"[^\W\d_]{2,}")
_STRIPPED = [
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S),
    # A block that fills in a class name (main_class, body_class) holds CSS classes, not words.
    re.compile(r"\{%\s*block\s+\w*class\w*\s*%\}.*?\{%\s*endblock\b.*?%\}", re.S),
    re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I),
    re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S),
    re.compile(r"&#?\w+;"),
]


def unmarked_words(source: str, *, markup: bool = True) -> list[str]:
    """The words a template would show untranslated: text nodes, and attributes people read."""
    for pattern in _STRIPPED:
        source = pattern.sub(" ", source)
    found = [value[1:-1].strip() for value in _READ_ATTRIBUTES.findall(source) if _WORD.search(value)]
    # Attributes first: a tag whose attributes sit in {% if %} branches has more than one ">".
    text = re.sub(r"""<[^>]*>""", "\n", _ANY_ATTRIBUTE.sub(" ", source)) if markup else source
    return found + [line.strip() for line in text.splitlines() if _WORD.search(line)]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_word_in_a_template_is_marked_for_translation(path: Path) -> None:
    assert unmarked_words(path.read_text(encoding="utf-8"), markup=path.suffix == ".html") == []


def test_the_check_finds_text_and_attributes_left_unmarked() -> None:
    source = """{% load i18n %}<p>{% translate "Marked" %}</p><h2>Not marked</h2>
    <a href="/x/" aria-label="Read it">{% translate "Read" %}</a>
    <input placeholder="{% translate 'Search' %}"><img src="/a.png" alt="A picture">
    <p>{% blocktranslate with n=1 %}Also {{ n }} marked{% endblocktranslate %} Straggler</p>"""
    assert unmarked_words(source) == ["Read it", "A picture", "Not marked", "Straggler"]


def test_the_check_leaves_code_comments_and_class_names_alone() -> None:
    source = """{% extends "base.html" %}{# a comment #}{% block main_class %}entrance wide{% endblock %}
    <script src="/s.js"></script><div class="card narrow" id="top">{{ value|date:"DATE_FORMAT" }} &rsaquo; 12</div>"""
    assert unmarked_words(source) == []


# Dates people read use a named format (DATE_FORMAT, SHORT_DATE_FORMAT…) or config/dates.py's
# filters, so each language has its own order; "Y-m" and "Y-m-d" are for links and form values.
_DATE_FILTER = re.compile(r"""\|(?:date|time):(["'])(.*?)\1""")
_MACHINE_FORMATS = {"Y-m", "Y-m-d", "c"}


def literal_date_formats(source: str) -> list[str]:
    return [fmt for _quote, fmt in _DATE_FILTER.findall(source) if not re.fullmatch(r"[A-Z_]+", fmt)]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_dates_in_templates_follow_the_language(path: Path) -> None:
    written = [fmt for fmt in literal_date_formats(path.read_text(encoding="utf-8")) if fmt not in _MACHINE_FORMATS]
    assert written == [], "Use a named format (DATE_FORMAT, SHORT_DATE_FORMAT…) or {% load dates %}"


def test_the_date_check_finds_a_format_written_out() -> None:
    source = """{{ day|date:"l j F Y" }} {{ day|date:'Y-m' }} {{ day|date:"DATE_FORMAT" }} {{ at|time:"H:i" }}"""
    assert literal_date_formats(source) == ["l j F Y", "Y-m", "H:i"]

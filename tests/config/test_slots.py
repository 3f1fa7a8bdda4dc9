"""Named slots: a lower app's page leaves a place, and the apps above fill it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from config.slots import slot_register, slot_unregister


@pytest.fixture
def test_slot() -> Iterator[str]:
    name = "tests.example"
    yield name
    for filler in ("tests_slot.html", _shout, _marked):
        slot_unregister(name, filler)


def _shout(context: Any, **values: Any) -> str:
    return f"<b>{values.get('word', '')}</b>"


def _marked(context: Any, **values: Any) -> str:
    return mark_safe("<i>safe</i>")


def _render(source: str, **context: Any) -> str:
    return Template("{% load slots %}" + source).render(Context(context))


def test_a_slot_nobody_fills_renders_nothing(test_slot: str) -> None:
    assert _render('[{% slot "tests.example" %}]') == "[]"


def test_a_function_gets_the_slots_values_and_its_text_is_escaped(test_slot: str) -> None:
    slot_register(test_slot, _shout)
    assert _render('{% slot "tests.example" word=w %}', w="hi") == "&lt;b&gt;hi&lt;/b&gt;"


def test_html_marked_safe_by_a_filler_stays_html(test_slot: str) -> None:
    slot_register(test_slot, _marked)
    assert _render('{% slot "tests.example" %}') == "<i>safe</i>"


def test_fillers_render_in_the_order_registered_and_once_each(test_slot: str) -> None:
    slot_register(test_slot, _marked)
    slot_register(test_slot, _shout)
    slot_register(test_slot, _marked)  # ready() can run twice; the page shows it once
    assert _render('{% slot "tests.example" word="x" %}') == "<i>safe</i>&lt;b&gt;x&lt;/b&gt;"


def test_a_template_filler_renders_exactly_as_an_include_would(test_slot: str, tmp_path: Path, settings: Any) -> None:
    (tmp_path / "tests_slot.html").write_text("{{ greeting }}, {{ kind }} {{ item }}.")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    slot_register(test_slot, "tests_slot.html", kind="entry")
    included = _render('{% include "tests_slot.html" with kind="entry" item=x %}', greeting="Hello", x="<one>")
    slotted = _render('{% slot "tests.example" item=x %}', greeting="Hello", x="<one>")
    assert slotted == included == "Hello, entry &lt;one&gt;."


def test_the_help_strip_fills_its_slot_once_on_every_page(alice_client: Any) -> None:
    html = alice_client.get("/").content.decode()
    assert html.count('id="crisis-strip"') == 1


@pytest.mark.django_db
def test_the_help_strip_is_on_a_page_rendered_without_a_request() -> None:
    # Error pages may render without a request or context processors; help still shows.
    html = render_to_string("base.html")
    assert 'id="crisis-strip"' in html

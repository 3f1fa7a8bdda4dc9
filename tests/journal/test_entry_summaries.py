"""An entry's line in a list (timeline, search, a day's page) is written in Python
(journal/templatetags/entry_summaries.py): the same HTML its template wrote, escaped as it was."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.test import Client
from django.utils.safestring import mark_safe

from journal.models import Entry
from journal.selectors import EntryView
from journal.services import entry_create
from journal.templatetags.entry_summaries import entry_summaries


def test_an_untitled_draft_with_a_feeling_and_tags_is_the_line_the_template_wrote(
    alice_client: Client, alice: Any
) -> None:
    entry = entry_create(
        author=alice,
        body="Could not sleep, then a walk at six.",
        written_on=date(2026, 3, 9),
        mood=2,
        kind=Entry.Kind.COPING,
        tags=["walk", "Sleep"],
        is_draft=True,
    )
    page = alice_client.get("/journal/").content.decode()
    assert (
        '\n<article class="journal-item">\n'
        f'  <h3><a href="/journal/{entry.id}/" aria-label="Monday 9 March, Could not sleep, then a walk…">'
        "Monday 9 March</a></h3>\n"
        '  <p class="journal-meta">\n'
        "    <span>9 Mar 2026</span>\n"
        "    <span>Something that helped</span>\n"
        "    <span>Feeling: Hard</span>\n"
        '    <span class="journal-badge">Draft</span>\n'
        "  </p>\n"
        '  <p dir="auto">Could not sleep, then a walk at six.</p>\n'
        '  <ul class="journal-tags" aria-label="Tags"><li dir="auto">Sleep</li><li dir="auto">walk</li></ul>\n'
        "</article>\n"
    ) in page


def test_a_titled_search_result_keeps_its_marks_and_escapes_what_was_written(db: None) -> None:
    entry = Entry(id=uuid.uuid4(), kind=Entry.Kind.FREE, written_on=date(2026, 3, 9))
    item = EntryView(
        entry=entry,
        title='<b>"Me" & you</b>',
        body="<script>x</script>",
        mood=None,
        urge=None,
        tags=["a&b", "<i>"],
        snippet=mark_safe("a <mark>walk</mark> &amp; more"),  # made safe by search, its words escaped there
        position=3,
        focus=True,
    )
    html = entry_summaries([item])
    assert html == (
        '\n<article class="journal-item" id="result-3">\n'
        f'  <h3><a href="/journal/{entry.id}/" data-focus-after-swap dir="auto">'
        "&lt;b&gt;&quot;Me&quot; &amp; you&lt;/b&gt;</a></h3>\n"
        '  <p class="journal-meta">\n'
        "    <span>9 Mar 2026</span>\n"
        "    <span>Free writing</span>\n"
        "    \n"
        "    \n"
        "  </p>\n"
        '  <p class="journal-snippet" dir="auto">a <mark>walk</mark> &amp; more</p>\n'
        '  <ul class="journal-tags" aria-label="Tags"><li dir="auto">a&amp;b</li><li dir="auto">&lt;i&gt;</li></ul>\n'
        "</article>\n"
    )
    # Without a snippet, the start of the body, escaped.
    item.snippet = ""
    assert '<p dir="auto">&lt;script&gt;x&lt;/script&gt;</p>' in entry_summaries([item])

"""A template comment never shows on a page.

Django's `{# … #}` ends on its own line: one that runs on to the next line is not a comment at all,
and its words show on the page as text (the calendar showed its note to developers, and base.html
once put one above every page's header). Longer notes use {% comment %}.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.test import Client

ROOT = Path(settings.BASE_DIR)


def _templates() -> list[Path]:
    return sorted(path for path in ROOT.rglob("templates/**/*.html") if ".venv" not in path.parts)


def test_the_walk_finds_the_templates() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in _templates()}
    assert {"templates/base.html", "templates/journal/calendar.html"} <= names


def test_every_short_comment_ends_on_its_own_line() -> None:
    unclosed = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _templates()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "{#" in line and "#}" not in line[line.index("{#") :]
    ]
    assert not unclosed, f"these {{# comments run on to the next line and would show as text: {unclosed}"


def test_the_calendar_shows_no_note_meant_for_developers(alice_client: Client) -> None:
    page = alice_client.get("/journal/calendar/")
    assert page.status_code == 200
    assert "A month is a grid of seven days" not in page.content.decode()

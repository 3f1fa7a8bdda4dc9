"""The parts of an export, one per kind of thing a person writes.

The journal sits low in the layers, yet an export has to hold the safety plan and reflections
too. So each app registers a section from its AppConfig.ready(): how to put its words into the
JSON and Markdown, and how to bring them back. The journal's portability module only walks the list.

Import runs in two passes: every section's `parse` first (nothing written; a bad file stops
here), then every `write` inside one transaction. Writes must be idempotent: importing the
same file twice adds nothing, and nothing already here is overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from journal.selectors import entry_export_ids

if TYPE_CHECKING:
    from accounts.models import User


class ImportProblem(Exception):
    """The file cannot be imported; the message is shown to the person as is."""


@dataclass(frozen=True)
class SectionResult:
    added: int = 0
    already_here: int = 0
    # Different in the file from what is here: what is here stays, and the person is told.
    kept_yours: int = 0
    # Journal entries that were in the trash in the file: they go back there, for a fresh 30 days.
    to_trash: int = 0


class ExportScope:
    """One export of one person's things, and what more than one section needs from it, looked
    up once for the whole export rather than once a section."""

    def __init__(self, user: User) -> None:
        self.user = user

    @cached_property
    def entry_ids(self) -> dict[Any, Any]:
        """Each entry's id in the export (see journal.selectors.entry_export_ids), for the sections
        whose things point at an entry (reflections, small victories)."""
        return entry_export_ids(user=self.user)


@dataclass(frozen=True)
class ExportSection:
    key: str  # its key in the JSON document
    name: str | Promise  # "your safety plan", for messages about the section as a whole
    # Decrypted, JSON-ready data (in memory only), or None when the person has nothing here.
    dump: Callable[[ExportScope], Any]
    # Markdown files for a person to read, by their path in the ZIP, made from what dump returned.
    markdown: Callable[[Any], dict[str, str]]
    # Checks the file's data and returns it cleaned. Raises ImportProblem or ValueError/TypeError/KeyError.
    parse: Callable[[Any], Any]
    write: Callable[[User, Any], SectionResult]
    # "3 journal entries", for the export page and the import message.
    describe: Callable[[int], str]
    # How many things the person has here, for the export page; 0 leaves the section off that list.
    count: Callable[[User], int]
    # The export page's line in full, for a section that says more than a count ("40 journal
    # entries (5 of them in the trash)"), so nothing in the file is a surprise; "" leaves it off.
    contents: Callable[[User], str] | None = None


_sections: dict[str, ExportSection] = {}


def export_section_register(section: ExportSection) -> None:
    _sections[section.key] = section


def export_sections() -> list[ExportSection]:
    """In the order apps registered them, which is the order of the layers (journal first)."""
    return list(_sections.values())


# --- Small checks every section's parse uses --------------------------------------------------


def expect(condition: bool) -> None:
    if not condition:
        raise ValueError


def as_str(value: Any, *, limit: int) -> str:
    expect(isinstance(value, str) and len(value) <= limit)
    # JSON can spell half a character ("\ud83d" without its pair), which no text can be saved as.
    # Waypoint never writes one, so it means a damaged file; without this the write was a server error.
    value.encode("utf-8")  # UnicodeEncodeError is a ValueError
    return str(value)


def as_list(value: Any, *, limit: int) -> list[Any]:
    expect(isinstance(value, list) and len(value) <= limit)
    return list(value)


def as_dict(value: Any) -> dict[str, Any]:
    expect(isinstance(value, dict))
    return dict(value)


def as_bool(value: Any) -> bool:
    expect(isinstance(value, bool))
    return bool(value)


def as_date(value: Any) -> date:
    expect(isinstance(value, str))
    return date.fromisoformat(value)


def as_optional_int(value: Any, low: int, high: int) -> int | None:
    """A number from `low` to `high` that may be left out (a mood, an urge)."""
    if value is None:
        return None
    expect(isinstance(value, int) and not isinstance(value, bool) and low <= value <= high)
    return int(value)


def as_moment(value: Any) -> datetime:
    """A timestamp from the file. Waypoint never wrote one before 1900 or in the future, so those
    mean a damaged file."""
    expect(isinstance(value, str))
    moment = datetime.fromisoformat(value)
    moment = moment.replace(tzinfo=UTC) if timezone.is_naive(moment) else moment
    expect(moment.year >= 1900 and moment <= timezone.now() + timedelta(days=1))
    return moment


def unreadable(section: ExportSection) -> ImportProblem:
    return ImportProblem(
        _("Part of this file (%(part)s) can't be read, so nothing was imported. Everything you have here is unchanged.")
        % {"part": section.name}
    )

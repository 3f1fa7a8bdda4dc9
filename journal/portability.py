"""Taking everything along: a ZIP export (Markdown to read + versioned JSON) and its import.

What goes in comes from the registered sections (journal/export_sections.py): the journal's
entries, and whatever the apps above it register (the safety plan, coping list, reflections…).
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from journal.export_sections import (
    ExportScope,
    ExportSection,
    ImportProblem,
    SectionResult,
    export_sections,
    unreadable,
)

SCHEMA = "waypoint.journal"
# 2: the safety plan, coping list, reflections and more beside the entries. 1 held entries only.
SCHEMA_VERSION = 2
READABLE_VERSIONS = (1, 2)
JSON_NAME = "waypoint-journal.json"
MAX_ARCHIVE_BYTES = 100 * 1024 * 1024
MAX_JSON_BYTES = 200 * 1024 * 1024

__all__ = ["ImportProblem", "ImportResult", "export_archive", "export_contents", "import_archive"]


def export_contents(*, user: User) -> list[str]:
    """What a download holds, in words ("12 journal entries")."""
    contents = []
    for section in export_sections():
        if section.contents:
            contents.append(section.contents(user))
        elif count := section.count(user):
            contents.append(section.describe(count))
    return [line for line in contents if line]


@sensitive_variables()
def export_archive(*, user: User) -> bytes:
    """Everything the person wrote, decrypted only in memory while the ZIP is built."""
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "exported_at": timezone.now().isoformat(),
    }
    files: dict[str, str] = {}
    scope = ExportScope(user)
    for section in export_sections():
        data = section.dump(scope)
        document[section.key] = data
        if data:
            files.update(section.markdown(data))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(JSON_NAME, json.dumps(document, ensure_ascii=False, indent=2))
        for name, text in files.items():
            zf.writestr(name, text)
    return archive.getvalue()


@dataclass
class ImportResult:
    results: list[tuple[ExportSection, SectionResult]]

    @property
    def added(self) -> list[str]:
        return [section.describe(r.added) for section, r in self.results if r.added]

    @property
    def already_here(self) -> int:
        return sum(r.already_here for _section, r in self.results)

    @property
    def to_trash(self) -> int:
        return sum(r.to_trash for _section, r in self.results)

    @property
    def kept_yours(self) -> list[str]:
        return [section.describe(r.kept_yours) for section, r in self.results if r.kept_yours]


def _not_an_export() -> ImportProblem:
    return ImportProblem(
        _("That doesn't look like a %(site)s export. It could be a different file.") % {"site": settings.SITE_NAME}
    )


def _too_large() -> ImportProblem:
    return ImportProblem(
        _("That file is larger than any %(site)s export we know of, so nothing was imported.")
        % {"site": settings.SITE_NAME}
    )


def _damaged_zip() -> ImportProblem:
    return ImportProblem(_("That ZIP file is damaged, so nothing was imported. The original download may still open."))


def _json_member(zf: zipfile.ZipFile) -> zipfile.ZipInfo:
    try:
        return zf.getinfo(JSON_NAME)
    except KeyError:
        pass
    # The export unpacked and zipped again, folder and all: a Mac's browser unpacks a download by
    # itself, and "Compress" on the folder puts everything one level down (its __MACOSX/ copies
    # are named "._waypoint-journal.json", so they are not mistaken for it).
    inside = [info for info in zf.infolist() if info.filename.rsplit("/", 1)[-1] == JSON_NAME]
    if len(inside) != 1:
        raise ImportProblem(_("That ZIP file has no %(name)s inside.") % {"name": JSON_NAME})
    return inside[0]


def _json_bytes(raw: bytes) -> bytes:
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        # A ZIP's first bytes without its end, where the list of what it holds is kept: a download
        # cut short. It is the person's export, so "a different file" would send them looking.
        if raw.startswith(b"PK\x03\x04"):
            raise _damaged_zip()
        return raw
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            info = _json_member(zf)
            # The size the ZIP declares bounds what zipfile will unpack, so a ZIP bomb stops here.
            if info.file_size > MAX_JSON_BYTES:
                raise _too_large()
            return zf.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError):
        # Damaged, encrypted, or packed in a way Python can't unpack.
        raise _damaged_zip() from None


def _read_document(raw: bytes) -> dict[str, Any]:
    try:
        # utf-8-sig: the export saved again by an editor that adds a byte-order mark (Notepad does)
        # is still the person's export.
        document = json.loads(_json_bytes(raw).decode("utf-8-sig"))
    except RecursionError:
        # Nested far deeper than any export: json gives up rather than overflow the stack.
        raise _not_an_export() from None
    except (UnicodeDecodeError, ValueError):
        raise _not_an_export() from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise _not_an_export()
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise ImportProblem(
            # A next step, not a dead end: the person's file is fine, the server is older.
            _(
                "This export comes from a different version of %(site)s, which this one can't read. "
                "Nothing here has changed. If it came from a newer version, whoever runs this site "
                "could update it, and then you can bring it in."
            )
            % {"site": settings.SITE_NAME}
        )
    if not isinstance(document.get("entries"), list):
        raise _not_an_export()
    return document


@sensitive_variables()
def import_archive(*, user: User, upload: IO[bytes]) -> ImportResult:
    """Bring back one of our exports: everything in it is checked before anything is written, and it
    is written in one transaction, so a bad file changes nothing. Importing twice adds nothing."""
    raw = upload.read(MAX_ARCHIVE_BYTES + 1)
    if len(raw) > MAX_ARCHIVE_BYTES:
        raise _too_large()
    document = _read_document(raw)
    parsed: list[tuple[ExportSection, Any]] = []
    for section in export_sections():
        value = document.get(section.key)
        if value is None:
            continue
        try:
            parsed.append((section, section.parse(value)))
        except (KeyError, ValueError, TypeError, OverflowError, RecursionError):
            raise unreadable(section) from None
    with transaction.atomic():
        return ImportResult([(section, section.write(user, data)) for section, data in parsed])

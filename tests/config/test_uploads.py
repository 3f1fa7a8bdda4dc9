"""An import (a whole journal in plain text) is never written to a temporary file on the server.

Django used to write an upload over 2.5 MB to the temp folder while it arrived. A worker killed
mid-upload (a slow phone outlasting gunicorn's timeout) left it there for good.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from config.uploads import InMemoryUploadHandler
from journal import portability
from journal.portability import MAX_ARCHIVE_BYTES, SCHEMA, SCHEMA_VERSION
from journal.selectors import all_entries

SENTINEL = "osprey-sentinel"


def _export_of(size: int) -> bytes:
    entry = {"id": "0b6f4a52-7c4e-4e39-9d0a-5a0c2f3b9a11", "body": f"{SENTINEL} words", "written_on": "2026-01-02"}
    document = json.dumps({"schema": SCHEMA, "schema_version": SCHEMA_VERSION, "entries": [entry]}).encode()
    return document + b" " * (size - len(document))  # JSON allows trailing white space


def test_a_large_import_is_brought_back_without_ever_touching_the_disk(
    alice_client: Client, alice: Any, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    on_disk_while_importing: list[list[str]] = []
    import_archive = portability.import_archive

    def look_at_the_disk_first(**kwargs: Any) -> Any:
        on_disk_while_importing.append([path.name for path in tmp_path.iterdir()])
        return import_archive(**kwargs)

    monkeypatch.setattr(portability, "import_archive", look_at_the_disk_first)
    archive = SimpleUploadedFile("waypoint.json", _export_of(3 * 1024 * 1024))
    page = alice_client.post("/journal/import/", {"archive": archive}, follow=True).content.decode()

    assert "Brought back: 1 journal entry." in page
    assert [view.body for view in all_entries(user=alice)] == [f"{SENTINEL} words"]
    assert on_disk_while_importing == [[]]


def test_a_file_larger_than_memory_keeps_is_still_called_too_large(
    alice_client: Client, alice: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("journal.portability.MAX_ARCHIVE_BYTES", 1024)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1025
    archive = SimpleUploadedFile("waypoint.json", _export_of(5000))
    page = alice_client.post("/journal/import/", {"archive": archive}, follow=True).content.decode()
    assert "larger than any Waypoint export" in page
    assert all_entries(user=alice) == []


def test_memory_keeps_one_byte_more_than_the_largest_import() -> None:
    assert django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE == MAX_ARCHIVE_BYTES + 1


def test_a_request_with_many_files_is_refused_before_they_fill_the_servers_memory(
    alice_client: Client, alice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each file is kept whole in memory, up to the largest import: twenty of them in one request
    # (anyone can send that, even signed out: the CSRF check reads the form) would be 2 GB.
    held: list[object] = []
    new_file = InMemoryUploadHandler.new_file

    def counting(self: InMemoryUploadHandler, *args: Any, **kwargs: Any) -> None:
        held.append(self)
        new_file(self, *args, **kwargs)

    monkeypatch.setattr(InMemoryUploadHandler, "new_file", counting)
    archives = [SimpleUploadedFile(f"waypoint-{n}.json", _export_of(4096)) for n in range(20)]
    response = alice_client.post("/journal/import/", {"archive": archives})

    assert response.status_code == 400
    assert len(held) <= 1
    assert all_entries(user=alice) == []

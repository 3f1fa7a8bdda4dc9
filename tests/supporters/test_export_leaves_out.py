"""The export page says what its file leaves out, and the file does leave it out: someone moving to
another server with "everything you wrote" would otherwise look for the people they trust there."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.test import Client

from journal.portability import export_archive
from journal.services import entry_create
from supporters.services import link_make, reply_add, share_entry, supporter_add


def test_the_export_page_says_the_people_you_trust_stay_here_and_the_file_holds_none_of_them(
    alice: Any, alice_client: Client
) -> None:
    entry = entry_create(author=alice, title="For Sam", body="What I'd like you to know.")
    supporter = supporter_add(owner=alice, name="Samira Quill", email="samira@example.com")
    share_entry(supporter=supporter, entry=entry)
    reply_add(link=link_make(supporter=supporter, days=30, with_code=False).link, body="Thank you for telling me")

    page = alice_client.get("/journal/export/").content.decode()
    assert "It leaves out the people you trust and anything they wrote back" in page

    with zipfile.ZipFile(io.BytesIO(export_archive(user=alice))) as archive:
        everything = "".join(archive.read(name).decode() for name in archive.namelist())
    assert "What I'd like you to know." in everything  # the entry itself comes along
    for left_out in ("Samira Quill", "samira@example.com", "Thank you for telling me"):
        assert left_out not in everything

from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import date
from typing import Any

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from journal.models import Entry
from journal.portability import JSON_NAME, SCHEMA, SCHEMA_VERSION, export_archive
from journal.selectors import all_entries
from journal.services import entry_create, entry_trash
from tests.factories import PASSWORD


def _entries(alice: Any) -> None:
    entry_create(
        author=alice,
        title="Backdated",
        body="About yesterday.\nSecond line.",
        written_on=date(2026, 1, 1),
        mood=3,
        urge=4,
        tags=["sleep", "night"],
    )
    entry_create(author=alice, body="A reflection", kind=Entry.Kind.REFLECTION)
    entry_trash(entry=entry_create(author=alice, body="In the trash"))


def _download(client: Client) -> bytes:
    """What a person gets from "Download everything", following the pages as a browser does."""
    response = client.post("/journal/export/download/")
    assert (response.status_code, response["Location"]) == (303, "/journal/export/ready/")
    ready = client.get("/journal/export/ready/")
    assert "Your download has started" in ready.content.decode()
    response = client.get("/journal/export/file/")
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return response.content


def _upload(client: Client, raw: bytes, name: str = "waypoint.zip") -> Any:
    return client.post("/journal/import/", {"archive": SimpleUploadedFile(name, raw)}, follow=True)


def _document(**sections: Any) -> bytes:
    document = {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, "entries": [], **sections}
    return json.dumps(document).encode()


def _entry_record(**fields: Any) -> dict[str, Any]:
    return {"id": "0b6f4a52-7c4e-4e39-9d0a-5a0c2f3b9a11", "body": "Words", "written_on": "2026-01-02", **fields}


# --- Downloading ---------------------------------------------------------------------------------


def test_export_asks_who_you_are_first(alice_client: Client, alice: Any) -> None:
    _entries(alice)
    response = alice_client.post("/journal/export/download/")
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]


def test_after_confirming_its_you_the_page_moves_on_and_says_the_download_started(alice: Any) -> None:
    _entries(alice)
    client = Client()
    client.force_login(alice)
    confirm_url = client.post("/journal/export/download/")["Location"]
    page = client.get(confirm_url).content.decode()
    assert 'name="next" value="/journal/export/download/"' in page
    # The password form answers with a page change, not with the file, so it doesn't stay filled in.
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD, "next": "/journal/export/download/"})
    assert (response.status_code, response["Location"]) == (303, "/journal/export/ready/")
    page = client.get(response["Location"]).content.decode()
    assert "Your download has started" in page
    assert "3 journal entries" in page
    assert 'http-equiv="refresh" content="0; url=/journal/export/file/"' in page
    assert client.get("/journal/export/file/")["Content-Type"] == "application/zip"


def test_back_to_confirm_its_you_and_confirming_again_lands_on_the_download_not_a_dead_end(alice: Any) -> None:
    # Back from "Your download has started" shows "Confirm it's you" again. Confirmed a second
    # time, allauth went on to the download's address with a GET: "This page opens from a form".
    _entries(alice)
    client = Client()
    client.force_login(alice)
    client.get(client.post("/journal/export/download/")["Location"])
    data = {"password": PASSWORD, "next": "/journal/export/download/"}
    assert client.post("/accounts/reauthenticate/", data)["Location"] == "/journal/export/ready/"
    response = client.post("/accounts/reauthenticate/", data, follow=True)
    assert response.redirect_chain[-1] == ("/journal/export/ready/", 303)
    assert "Your download has started" in response.content.decode()
    # Once the few minutes are over, the same GET leads back to the export page, one tap away.
    session = client.session
    session["journal_export_until"] = 0
    session.save()
    response = client.get("/journal/export/download/", follow=True)
    assert response.redirect_chain[-1][0] == "/journal/export/"


def test_the_file_needs_a_recent_confirmation(alice_client: Client, alice: Any) -> None:
    _entries(alice)
    for url in ("/journal/export/file/", "/journal/export/ready/"):
        response = alice_client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/journal/export/")


def test_the_export_page_says_what_the_file_will_hold(alice_client: Client, alice: Any) -> None:
    _entries(alice)
    page = alice_client.get("/journal/export/").content.decode()
    # The one in the trash comes along too: the page says so, so the file holds no surprise.
    assert "3 journal entries (1 of them in the trash)" in page


def test_export_is_a_zip_of_markdown_and_versioned_json(fresh_alice_client: Client, alice: Any) -> None:
    _entries(alice)
    with zipfile.ZipFile(io.BytesIO(_download(fresh_alice_client))) as zf:
        document = json.loads(zf.read(JSON_NAME))
        markdown = [zf.read(name).decode() for name in zf.namelist() if name.endswith(".md")]
    assert (document["schema"], document["schema_version"]) == (SCHEMA, SCHEMA_VERSION)
    assert len(document["entries"]) == 3
    backdated = next(m for m in markdown if "Backdated" in m)
    front = yaml.safe_load(backdated.split("---\n")[1])
    assert front["title"] == "Backdated"
    assert front["written_on"] == "2026-01-01"
    assert front["tags"] == ["night", "sleep"]
    assert "About yesterday.\nSecond line." in backdated


def test_an_entry_in_the_export_reads_as_written_in_a_markdown_reader(alice: Any) -> None:
    entry_create(author=alice, title="*Not* a heading", body="#1 reason: my sister\n- and <b>\nAn ordinary line.")
    with zipfile.ZipFile(io.BytesIO(export_archive(user=alice))) as zf:
        (text,) = [zf.read(name).decode() for name in zf.namelist() if name.startswith("entries/")]
    assert text.endswith("---\n\n\\#1 reason: my sister\n\\- and \\<b>\nAn ordinary line.\n")
    # The title is in the YAML front matter, not Markdown: it stays as written.
    assert yaml.safe_load(text.split("---\n")[1])["title"] == "*Not* a heading"


def test_the_editor_page_that_saved_an_entry_goes_in_no_export_and_comes_with_no_import(
    alice: Any, alice_client: Client, bob: Any, bob_client: Client
) -> None:
    # The entry's row names the editor page whose save made its version (journal/editor_views.py):
    # a random id for that one browser tab, of no use in a file or on another server.
    page = uuid.uuid4()
    form = {"entry_id": str(uuid.uuid4()), "version": "0", "body": "Words", "written_on": "2026-01-02", "kind": "free"}
    alice_client.post("/journal/autosave/", {**form, "page": str(page)}, headers={"HX-Request": "true"})
    assert Entry.objects.get(owner=alice).made_by_page == page
    archive = export_archive(user=alice)
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        files = " ".join(zf.read(name).decode() for name in zf.namelist())
    assert "Words" in files and str(page) not in files and page.hex not in files
    assert "Brought back: 1 journal entry." in _upload(bob_client, archive).content.decode()
    assert Entry.objects.get(owner=bob).made_by_page is None


# --- Bringing it back ----------------------------------------------------------------------------


def test_importing_your_export_brings_everything_back_and_twice_adds_nothing(
    alice: Any, bob: Any, bob_client: Client
) -> None:
    _entries(alice)
    archive = export_archive(user=alice)
    assert "Brought back: 3 journal entries." in _upload(bob_client, archive).content.decode()
    assert "Everything in that file was already here." in _upload(bob_client, archive).content.decode()

    views = {v.body: v for v in all_entries(user=bob)}
    assert len(views) == 3
    backdated = views["About yesterday.\nSecond line."]
    assert (backdated.title, backdated.entry.written_on, backdated.mood, backdated.urge) == (
        "Backdated",
        date(2026, 1, 1),
        3,
        4,
    )
    assert backdated.tags == ["night", "sleep"]
    assert views["A reflection"].entry.kind == Entry.Kind.REFLECTION
    assert views["In the trash"].entry.trashed_at is not None


def _messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_entries_that_were_in_the_trash_go_back_there_and_the_message_says_so(
    alice: Any, bob: Any, bob_client: Client
) -> None:
    # Counting their entries after an import, someone found some missing from the timeline.
    entry_create(author=alice, body="Kept")
    entry_trash(entry=entry_create(author=alice, body="Thrown away once"))
    entry_trash(entry=entry_create(author=alice, body="Thrown away twice"))
    (message,) = _messages(_upload(bob_client, export_archive(user=alice)))
    assert message == (
        "Brought back: 3 journal entries. 2 entries went back to the trash, as they were in the file. "
        "They stay there for 30 days from today, then they are deleted for good. "
        "You can bring them back until then."
    )
    one = _document(entries=[_entry_record(id="5d0c1b7e-2f3a-4c5d-8e9f-0a1b2c3d4e5f", in_trash=True)])
    (message,) = _messages(_upload(bob_client, one, "w.json"))
    assert "1 entry went back to the trash, as it was in the file. It stays there for 30 days" in message


def test_a_file_without_entries_in_the_trash_says_nothing_about_the_trash(alice_client: Client) -> None:
    (message,) = _messages(_upload(alice_client, _document(entries=[_entry_record()]), "w.json"))
    assert message == "Brought back: 1 journal entry."


def test_a_version_1_export_still_imports(alice_client: Client, alice: Any) -> None:
    document = {"schema": SCHEMA, "schema_version": 1, "entries": [_entry_record(title="From last year")]}
    page = _upload(alice_client, json.dumps(document).encode(), "w.json").content.decode()
    assert "Brought back: 1 journal entry." in page
    assert [v.title for v in all_entries(user=alice)] == ["From last year"]


def test_an_export_saved_again_with_a_byte_order_mark_still_imports(alice_client: Client, alice: Any) -> None:
    # Notepad and some other editors put one at the start of a file they save.
    raw = b"\xef\xbb\xbf" + _document(entries=[_entry_record(title="Saved in Notepad")])
    page = _upload(alice_client, raw, "w.json").content.decode()
    assert "Brought back: 1 journal entry." in page
    assert [v.title for v in all_entries(user=alice)] == ["Saved in Notepad"]


def test_no_file_or_an_empty_one_gets_a_message_that_says_what_to_do(alice_client: Client) -> None:
    nothing = alice_client.post("/journal/import/", {}).content.decode()
    assert "Choose the file first" in nothing and "This field is required" not in nothing
    empty = _upload(alice_client, b"", "waypoint.zip").content.decode()
    assert "That file is empty, so there is nothing to bring back." in empty
    assert "The submitted file is empty" not in empty
    assert not Entry.objects.exists()


def test_a_file_that_is_not_an_export_gets_a_kind_message(alice_client: Client) -> None:
    page = _upload(alice_client, b"just some notes", "notes.txt").content.decode()
    assert "doesn&#x27;t look like a Waypoint export" in page
    assert not Entry.objects.exists()


def test_a_damaged_export_imports_nothing(alice_client: Client) -> None:
    raw = _document(entries=[{"id": "nope", "body": 3}])
    page = _upload(alice_client, raw, "w.json").content.decode()
    assert "nothing was imported" in page
    assert not Entry.objects.exists()


# --- Hostile files: a kind message, and nothing already saved changes ------------------------------


@pytest.fixture
def saved(alice: Any) -> list[tuple[Any, ...]]:
    """What alice has before a bad import; each test checks it is exactly the same afterwards."""
    entry_create(author=alice, title="Mine", body="Already here", written_on=date(2026, 2, 3), tags=["kept"])
    return _snapshot(alice)


def _snapshot(alice: Any) -> list[tuple[Any, ...]]:
    views = all_entries(user=alice)
    return [(v.id, v.title, v.body, v.entry.written_on, v.entry.version, tuple(v.tags)) for v in views]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_dates_the_editor_refuses_are_refused_kindly(
    alice_client: Client, alice: Any, saved: list[Any], day: str
) -> None:
    page = _upload(alice_client, _document(entries=[_entry_record(written_on=day)]), "w.json").content.decode()
    assert f"An entry in this file is dated {day}" in page
    assert "any day from 1900 up to today" in page
    assert _snapshot(alice) == saved


def test_deeply_nested_json_gets_a_kind_message(alice_client: Client, alice: Any, saved: list[Any]) -> None:
    depth = 100_000
    raw = b'{"schema": "waypoint.journal", "schema_version": 2, "entries": ' + b"[" * depth + b"]" * depth + b"}"
    response = _upload(alice_client, raw, "w.json")
    assert response.status_code == 200
    assert "doesn&#x27;t look like a Waypoint export" in response.content.decode()
    assert _snapshot(alice) == saved


def test_nesting_inside_an_answer_is_refused_too(alice_client: Client, alice: Any, saved: list[Any]) -> None:
    nested: Any = "deep"
    for _ in range(200):
        nested = [nested]
    raw = _document(entries=[_entry_record(tags=nested)])
    page = _upload(alice_client, raw, "w.json").content.decode()
    assert "can&#x27;t be read, so nothing was imported" in page
    assert _snapshot(alice) == saved


@pytest.mark.parametrize(
    "fields",
    [
        {"mood": "3"},
        {"mood": True},
        {"urge": 11},
        {"body": ["a", "list"]},
        {"title": {"a": "dict"}},
        {"tags": "sleep"},
        {"kind": "poem"},
        {"draft": "yes"},
        {"setback": "yes"},
        {"starred_at": 7},
        {"starred_at": "2999-01-01T00:00:00"},
        {"written_on": 20260101},
        {"written_on": "2026-02-30"},
        {"created_at": "0001-01-01T00:00:00"},
        {"created_at": "9999-12-31T23:59:59-12:00"},
        {"created_at": "2999-01-01T00:00:00"},
        {"id": 7},
        {"body": "x" * 100_001},
    ],
)
def test_wrong_types_are_refused_and_change_nothing(
    alice_client: Client, alice: Any, saved: list[Any], fields: dict[str, Any]
) -> None:
    good = _entry_record(id="1d3c1b9e-7f0a-4f6e-8a44-0c6a1f0d2e55", body="A fine entry before the broken one")
    raw = _document(entries=[good, _entry_record(**fields)])
    response = _upload(alice_client, raw, "w.json")
    assert response.status_code == 200
    assert "nothing was imported" in response.content.decode()
    assert _snapshot(alice) == saved


# Half of an emoji's surrogate pair, as a file cut or edited by hand can spell it in JSON: it reads,
# but no text can be saved with it (it was a server error at the write).
@pytest.mark.parametrize(
    ("sections", "part"),
    [
        ({"entries": [_entry_record(body="A good day \ud83d")]}, "your journal entries"),
        ({"entries": [_entry_record(title="\ude00", tags=["ok"])]}, "your journal entries"),
        ({"entries": [_entry_record(tags=["sleep\udc00"])]}, "your journal entries"),
        (
            {
                "small_victories": [
                    {
                        "kind": "other",
                        "about_on": "2026-01-02",
                        "created_at": "2026-01-02T10:00:00+00:00",
                        "note": "\ud800",
                    }
                ]
            },
            "your small victories",
        ),
    ],
)
def test_half_a_character_is_refused_kindly_and_changes_nothing(
    alice_client: Client, alice: Any, saved: list[Any], sections: dict[str, Any], part: str
) -> None:
    raw = _document(**sections)
    assert b"\\u" in raw  # json.dumps spells the lone half as an escape, as such a file would
    response = _upload(alice_client, raw, "w.json")
    assert response.status_code == 200
    assert f"Part of this file ({part}) can&#x27;t be read, so nothing was imported." in response.content.decode()
    assert _snapshot(alice) == saved


def test_a_later_section_that_cant_be_read_keeps_the_earlier_ones_out_too(
    alice_client: Client, alice: Any, saved: list[Any]
) -> None:
    raw = _document(entries=[_entry_record(body="Would be new")], coping_list=[{"group": "nope", "text": "x"}])
    page = _upload(alice_client, raw, "w.json").content.decode()
    assert "Part of this file (your coping list) can&#x27;t be read" in page
    assert _snapshot(alice) == saved


def test_a_huge_file_gets_a_kind_message(
    alice_client: Client, alice: Any, saved: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("journal.portability.MAX_ARCHIVE_BYTES", 1024)
    page = _upload(alice_client, _document(entries=[_entry_record(body="x" * 2000)]), "w.json").content.decode()
    assert "larger than any Waypoint export" in page
    assert _snapshot(alice) == saved


def test_a_zip_bomb_stops_before_unpacking(
    alice_client: Client, alice: Any, saved: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("journal.portability.MAX_JSON_BYTES", 10_000)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(JSON_NAME, b" " * 1_000_000)
    page = _upload(alice_client, archive.getvalue()).content.decode()
    assert "larger than any Waypoint export" in page
    assert _snapshot(alice) == saved


def test_a_damaged_zip_gets_a_kind_message(alice: Any, alice_client: Client, saved: list[Any]) -> None:
    _entries(alice)
    archive = bytearray(export_archive(user=alice))
    # Scramble the compressed JSON, keeping the ZIP's directory intact.
    for i in range(60, 400):
        archive[i] ^= 0x5A
    page = _upload(alice_client, bytes(archive)).content.decode()
    assert "That ZIP file is damaged, so nothing was imported." in page
    assert len(_snapshot(alice)) == len(saved) + 3


def test_a_download_cut_short_is_called_damaged_not_a_different_file(
    alice: Any, alice_client: Client, saved: list[Any]
) -> None:
    _entries(alice)
    archive = export_archive(user=alice)
    page = _upload(alice_client, archive[: len(archive) // 2]).content.decode()
    assert "That ZIP file is damaged, so nothing was imported." in page
    assert "doesn&#x27;t look like a Waypoint export" not in page
    assert len(_snapshot(alice)) == len(saved) + 3


def test_an_export_unpacked_and_zipped_again_folder_and_all_still_imports(
    alice: Any, bob: Any, bob_client: Client
) -> None:
    # Safari unpacks a download by itself; "Compress" on the folder zips it one level down, with
    # __MACOSX/ beside it. The page said the ZIP had no waypoint-journal.json, which it plainly has.
    _entries(alice)
    with zipfile.ZipFile(io.BytesIO(export_archive(user=alice))) as original:
        files = {info.filename: original.read(info) for info in original.infolist()}
    again = io.BytesIO()
    with zipfile.ZipFile(again, "w") as zf:
        for name, data in files.items():
            zf.writestr(f"waypoint-2026-03-01/{name}", data)
        zf.writestr(f"__MACOSX/waypoint-2026-03-01/._{JSON_NAME}", b"\0\5\x16\7")
    page = _upload(bob_client, again.getvalue()).content.decode()
    assert "Brought back: 3 journal entries." in page
    assert [v.title for v in all_entries(user=bob)] == [v.title for v in all_entries(user=alice)]


def test_a_zip_without_an_export_inside_says_so(alice_client: Client) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("photos/beach.jpg", b"\xff\xd8")
        zf.writestr("__MACOSX/photos/._waypoint-journal.json", b"\0")
    page = _upload(alice_client, archive.getvalue()).content.decode()
    assert "That ZIP file has no waypoint-journal.json inside." in page
    assert not Entry.objects.exists()


def test_an_export_from_a_newer_waypoint_is_refused_kindly(alice_client: Client, saved: list[Any]) -> None:
    raw = json.dumps({"schema": SCHEMA, "schema_version": 99, "entries": []}).encode()
    page = _upload(alice_client, raw, "w.json").content.decode()
    assert "different version of Waypoint" in page
    # The file is fine; the way on is an update of this site, and the page says so.
    assert "whoever runs this site could update it, and then you can bring it in" in page


def test_the_delete_page_offers_to_download_everything_first(fresh_alice_client: Client) -> None:
    text = fresh_alice_client.get(reverse("accounts:delete")).content.decode()
    assert "/journal/export/" in text and "download everything you wrote" in text


def test_emoji_in_a_title_or_tag_read_as_written_in_the_markdown_file(alice: Any) -> None:
    title, tags = "Tea ☕ and rain 🌧️", ["🌱 growth", "عربي"]
    entry_create(author=alice, title=title, body="Made it through.", tags=tags)
    entry_create(author=alice, title="A path: C:\\U0001F331 as typed", body="Just a path.")
    with zipfile.ZipFile(io.BytesIO(export_archive(user=alice))) as zf:
        texts = [zf.read(name).decode() for name in zf.namelist() if name.startswith("entries/")]
    with_emoji = next(text for text in texts if "Made it through." in text)
    # What someone opening the file in a text editor on their phone sees: their emoji, not "\U0001F331".
    assert "🌱 growth" in with_emoji and "🌧️" in with_emoji and "\\U0" not in with_emoji
    front = yaml.safe_load(with_emoji.split("---\n")[1])
    assert (front["title"], sorted(front["tags"])) == (title, sorted(tags))
    typed = next(text for text in texts if "Just a path." in text)
    assert yaml.safe_load(typed.split("---\n")[1])["title"] == "A path: C:\\U0001F331 as typed"


def test_an_entry_from_the_trash_says_so_in_its_markdown_file(alice: Any) -> None:
    entry_create(author=alice, body="Still here.")
    entry_trash(entry=entry_create(author=alice, body="Put away."))
    with zipfile.ZipFile(io.BytesIO(export_archive(user=alice))) as zf:
        texts = [zf.read(name).decode() for name in zf.namelist() if name.startswith("entries/")]
    fronts = {text.rsplit("\n\n", 1)[1].strip(): yaml.safe_load(text.split("---\n")[1]) for text in texts}
    assert fronts["Put away."].get("in_trash") is True
    assert "in_trash" not in fronts["Still here."]

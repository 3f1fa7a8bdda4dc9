"""A locked journal in everyday use (#17): with the lock on and the journal open in this browser,
everything a person does works as before; with it locked, the same request goes to the unlock
page (or a background save gets 423), never a 500 and never lost words.

Clients here are real browsers' stand-ins: `_unlocked` holds the journal open exactly as the unlock
page leaves a browser; `_locked` is only signed in (after sign-in, before the passphrase).
"""

from __future__ import annotations

import html
import io
import re
import uuid
import zipfile
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from care.models import SharedItem
from journal.keyring import JournalLocked, journal_unlocked, load_user_keyring
from journal.models import Entry
from journal.portability import JSON_NAME
from journal.selectors import entry_texts
from prompts.models import Run, Sequence
from safety.services import crisis_resources_load
from supporters.models import Supporter
from tests.care.conftest import as_shown, client_for, link_people, member
from tests.journal.conftest import reauthenticate
from tests.journal.locking import PASSPHRASE, lock_journal, unlock_client

HX = {"HX-Request": "true"}
UNLOCK = "/journal/unlock/"


def _unlocked(user: Any, lock_key: bytes) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return unlock_client(client, user, lock_key)


def _locked(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _form(entry_id: Any = None, version: int = 0, **fields: Any) -> dict[str, Any]:
    return {
        "entry_id": str(entry_id or uuid.uuid4()),
        "version": version,
        "title": "",
        "body": "",
        "written_on": timezone.localdate().isoformat(),
        "kind": "free",
        "mood": "",
        "urge": "",
        "tags": "",
        **fields,
    }


def _body(user: Any, lock_key: bytes, entry_id: Any) -> str:
    with journal_unlocked(user.pk, lock_key):
        return entry_texts(user=user, entry=Entry.objects.get(pk=entry_id)).body


def _sent_to_unlock(response: Any, next_path: str) -> None:
    assert response.status_code == 302, response.status_code
    assert response["Location"] == f"{UNLOCK}?next={quote(next_path, safe='')}", response["Location"]


@pytest.fixture
def alice_key(alice: Any) -> bytes:
    _recovery, lock_key = lock_journal(alice)
    return lock_key


# --- Autosave and the leave-page beacon ------------------------------------------------------------


def test_autosave_and_the_beacon_keep_the_draft_while_unlocked(alice: Any, alice_key: bytes) -> None:
    client = _unlocked(alice, alice_key)
    entry_id = uuid.uuid4()
    response = client.post("/journal/autosave/", _form(entry_id, body="half a sent"), headers=HX)
    assert response.status_code == 200 and "Draft kept" in response.content.decode()
    assert _body(alice, alice_key, entry_id) == "half a sent"
    # The beacon journal.js sends with navigator.sendBeacon: a plain POST, no HTMX header.
    response = client.post("/journal/autosave/", _form(entry_id, 1, body="half a sentence, then the tab closed"))
    assert response.status_code == 204
    assert _body(alice, alice_key, entry_id) == "half a sentence, then the tab closed"
    assert Entry.objects.get(pk=entry_id).is_draft


def test_a_new_entry_opened_while_locked_says_so_before_the_first_word(alice: Any, alice_key: bytes) -> None:
    # Writing about last night after a new sign-in: the page said "kept as a draft as you go" and
    # nothing of the lock until an autosave met it, seconds into the writing.
    said = "Your journal is locked. What you write here is held until you open it with your passphrase."
    locked = html.unescape(_locked(alice).get("/journal/new/").content.decode())
    # The notice itself, not the hidden pinned line for a later autosave, which has the same link.
    notice = re.search(r'<p id="journal-locked-on-open"[^>]*>(.*?)</p>', locked, re.S)
    assert notice is not None and said in notice.group(1)
    # In a new tab: the editor stays, with its words.
    assert 'href="/journal/unlock/" target="_blank"' in notice.group(1)
    unlocked = html.unescape(_unlocked(alice, alice_key).get("/journal/new/").content.decode())
    assert said not in unlocked
    # Nothing is kept as a draft until the journal opens: the line saying so stood under Save.
    draft_line = "Your writing is kept as a draft as you go."
    assert draft_line not in locked and draft_line in unlocked


def test_a_locked_autosave_or_beacon_gets_423_and_the_kept_draft_is_untouched(alice: Any, alice_key: bytes) -> None:
    entry_id = uuid.uuid4()
    _unlocked(alice, alice_key).post("/journal/autosave/", _form(entry_id, body="kept before the lock"), headers=HX)
    client = _locked(alice)

    response = client.post("/journal/autosave/", _form(entry_id, 1, body="typed while locked"), headers=HX)
    assert response.status_code == 423
    assert "waypoint:journal-locked" in response["HX-Trigger"]
    assert "still on this page" in response["HX-Trigger"]
    response = client.post("/journal/autosave/", _form(entry_id, 1, body="typed while locked"))
    assert response.status_code == 423
    response = client.post("/journal/autosave/", _form(body="a new page typed while locked"))
    assert response.status_code == 423

    # Nothing half-written: the draft is what was saved while open, and no new entry appeared.
    assert _body(alice, alice_key, entry_id) == "kept before the lock"
    assert Entry.objects.filter(owner=alice).count() == 1


# --- Search --------------------------------------------------------------------------------------


def test_search_finds_a_word_written_while_unlocked(alice: Any, alice_key: bytes) -> None:
    client = _unlocked(alice, alice_key)
    client.post("/journal/new/", _form(title="By the lighthouse", body="The lighthouse blinked all night."))
    page = client.post("/journal/search/", {"q": "lighthouse"}).content.decode()
    assert "By the lighthouse" in page

    # Locked, the search page opens the lock first; a search sent from a page left open says the
    # journal is locked and links to the unlock page (tests/journal/test_search_locked.py).
    response = _locked(alice).post("/journal/search/", {"q": "lighthouse"})
    assert response.status_code == 200, response.status_code
    assert f'href="{UNLOCK}' in response.content.decode()
    assert "By the lighthouse" not in response.content.decode()


# --- Export and import ---------------------------------------------------------------------------


def _download(client: Client) -> bytes:
    response = client.post("/journal/export/download/")
    assert (response.status_code, response["Location"]) == (303, "/journal/export/ready/")
    response = client.get("/journal/export/file/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    return response.content


def test_export_holds_the_entry_and_imports_into_another_locked_journal(alice: Any, alice_key: bytes, bob: Any) -> None:
    client = _unlocked(alice, alice_key)
    client.post("/journal/new/", _form(title="Harbour", body="Watched the boats come in."))
    reauthenticate(client)
    archive = _download(client)
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        assert "Watched the boats come in." in zf.read(JSON_NAME).decode()

    _recovery, bob_key = lock_journal(bob)
    locked_bob = _locked(bob)
    response = locked_bob.post("/journal/import/", {"archive": SimpleUploadedFile("waypoint.zip", archive)})
    assert response.status_code in (302, 423)
    assert not Entry.objects.filter(owner=bob).exists()

    bob_client = _unlocked(bob, bob_key)
    response = bob_client.post(
        "/journal/import/", {"archive": SimpleUploadedFile("waypoint.zip", archive)}, follow=True
    )
    assert "Brought back: 1 journal entry" in response.content.decode()
    entry = Entry.objects.get(owner=bob)
    assert _body(bob, bob_key, entry.pk) == "Watched the boats come in."
    assert "Harbour" in bob_client.get(f"/journal/{entry.pk}/").content.decode()


def test_import_while_locked_goes_to_the_unlock_page_first_and_back(alice: Any, alice_key: bytes, bob: Any) -> None:
    client = _unlocked(alice, alice_key)
    client.post("/journal/new/", _form(title="Harbour", body="Watched the boats come in."))
    reauthenticate(client)
    archive = _download(client)
    _recovery, bob_key = lock_journal(bob)
    locked_bob = _locked(bob)

    # The page says nothing is possible yet by going to the unlock page first, as export does.
    _sent_to_unlock(locked_bob.get("/journal/import/"), "/journal/import/")
    # A page left open past the lock: the file cannot come through the unlock page, so it comes
    # back to the import page, which asks for the file again.
    response = locked_bob.post("/journal/import/", {"archive": SimpleUploadedFile("waypoint.zip", archive)})
    _sent_to_unlock(response, "/journal/import/?again=1")
    assert not Entry.objects.filter(owner=bob).exists()

    opened = locked_bob.post(UNLOCK, {"passphrase": PASSPHRASE, "next": "/journal/import/?again=1"})
    assert (opened.status_code, opened["Location"]) == (302, "/journal/import/?again=1")
    page = locked_bob.get(opened["Location"])
    assert page.status_code == 200
    assert "The file you chose couldn't come through the unlock page, so you could choose it again here." in (
        page.content.decode()
    )
    done = locked_bob.post("/journal/import/", {"archive": SimpleUploadedFile("waypoint.zip", archive)}, follow=True)
    assert "Brought back: 1 journal entry" in done.content.decode()
    assert _body(bob, bob_key, Entry.objects.get(owner=bob).pk) == "Watched the boats come in."
    # Without a file that met the lock, the page has nothing to ask again.
    assert "choose it again" not in locked_bob.get("/journal/import/").content.decode()


def test_export_while_locked_goes_to_the_unlock_page_and_back(alice: Any, alice_key: bytes) -> None:
    client = _locked(alice)
    _sent_to_unlock(client.get("/journal/export/"), "/journal/export/")
    reauthenticate(client)
    # An export page left open past the lock: confirming it's you still leads to the unlock page.
    _sent_to_unlock(client.post("/journal/export/download/"), "/journal/export/")
    file = client.get("/journal/export/file/")
    assert file.status_code == 302 and "application/zip" not in file.get("Content-Type", "")

    # Once unlocked, the same browser goes on to its download.
    client = unlock_client(client, alice, alice_key)
    assert client.get("/journal/export/").status_code == 200
    assert _download(client)[:2] == b"PK"


# --- Reflections ---------------------------------------------------------------------------------


def test_a_reflection_is_answered_and_read_back_while_unlocked(alice: Any, alice_key: bytes) -> None:
    from django.core.management import call_command

    call_command("prompts_load", verbosity=0)
    setback = Sequence.objects.get(clinic_key="", slug="after-a-setback")
    client = _unlocked(alice, alice_key)
    response = client.post(f"/reflections/{setback.id}/begin/")
    assert response.status_code == 302
    run = Run.objects.get(id=response["Location"].rstrip("/").split("/")[-1])
    answers = {2: "Home alone after an argument", 4: "You are doing your best", 5: "Sleep early"}
    locked = _locked(alice)
    for position in range(6):
        data: dict[str, Any] = {"position": position, "action": "next"}
        if position in answers:
            data["answer"] = answers[position]
        if position == 2:
            # The same answer from a browser whose journal locked meanwhile: the unlock page keeps it.
            response = locked.post(f"/reflections/run/{run.id}/", data)
            assert response.status_code == 423
            assert answers[2] in response.content.decode()
            run.refresh_from_db()
            assert not run.is_finished and run.entry is None
        assert client.post(f"/reflections/run/{run.id}/", data).status_code in (200, 302)
    run.refresh_from_db()
    assert run.is_finished and run.entry is not None
    page = client.get(f"/journal/{run.entry.pk}/").content.decode()
    assert "Home alone after an argument" in page and "Sleep early" in page

    _sent_to_unlock(locked.get(f"/journal/{run.entry.pk}/"), f"/journal/{run.entry.pk}/")


# --- Sharing -------------------------------------------------------------------------------------


def test_a_supporter_reads_what_was_shared_while_the_journal_is_locked(alice: Any, alice_key: bytes) -> None:
    client = _unlocked(alice, alice_key)
    client.post("/journal/new/", _form(title="For Sam", body="I had a hard week and I want you to know."))
    entry = Entry.objects.get(owner=alice)
    assert client.post(reverse("supporters:people"), {"name": "Sam", "email": ""}).status_code == 302
    supporter = Supporter.objects.get(owner=alice)
    share = reverse("supporters:share_entry", args=[entry.pk])
    response = client.post(share, as_shown(client, share, supporter=supporter.id))
    assert response.status_code == 302
    page = client.post(reverse("supporters:link_make", args=[supporter.id]), {"days": 7}).content.decode()
    url = page.split('id="supporter-link"')[1].split('value="')[1].split('"')[0].replace("http://testserver", "")

    # The person is away; their journal is locked and no lock key is anywhere.
    with pytest.raises(JournalLocked):
        load_user_keyring(alice.pk)
    sam = Client(raise_request_exception=False)
    assert sam.post(url, {"open": "1"}).status_code == 302
    assert "I had a hard week and I want you to know." in sam.get(url).content.decode()


def test_a_therapist_reads_what_was_shared_while_the_journal_is_locked(alice: Any, alice_key: bytes) -> None:
    from care.models import Clinic

    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    theo = member(clinic, "theo@example.com")
    link = link_people(theo, alice)
    client = _unlocked(alice, alice_key)
    client.post("/journal/new/", _form(title="For Theo", body="The week the tide turned."))
    entry = Entry.objects.get(owner=alice)
    url = reverse("care:share_entry", args=[entry.pk])
    assert client.post(url, as_shown(client, url, link=link.id)).status_code in (200, 302)
    item = SharedItem.objects.get()

    with pytest.raises(JournalLocked):
        load_user_keyring(alice.pk)
    page = client_for(theo).get(reverse("care:shared_item", args=[link.id, item.id]))
    assert page.status_code == 200
    assert "The week the tide turned." in page.content.decode()


# --- The gentle check ----------------------------------------------------------------------------


def test_the_gentle_check_shows_after_saving_hard_words_while_unlocked(alice: Any, alice_key: bytes) -> None:
    crisis_resources_load()
    client = _unlocked(alice, alice_key)
    response = client.post("/journal/new/", _form(body="Tonight I want to end my life."), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="gentle-check-heading"' in html
    assert 'href="/safety/plan/"' in html
    assert Entry.objects.filter(owner=alice, is_draft=False).count() == 1


def test_saving_hard_words_while_locked_keeps_them_on_the_unlock_page(alice: Any, alice_key: bytes) -> None:
    crisis_resources_load()
    client = _locked(alice)
    response = client.post("/journal/new/", _form(body="Tonight I want to end my life."))
    # The words ride along in the unlock form and are saved once the journal opens.
    assert response.status_code == 423
    assert "Tonight I want to end my life." in response.content.decode()
    assert not Entry.objects.filter(owner=alice).exists()

    # Unlocking saves them, and the gentle check is there after that save as after any other.
    fields = {
        html.unescape(name): html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', response.content.decode())
        if name != "csrfmiddlewaretoken"
    }
    page = client.post(UNLOCK, {**fields, "passphrase": PASSPHRASE}, follow=True)
    assert page.status_code == 200
    assert Entry.objects.filter(owner=alice, is_draft=False).count() == 1
    assert 'id="gentle-check-heading"' in page.content.decode()


# --- Settings -------------------------------------------------------------------------------------


def test_the_lock_card_calls_the_idle_sign_out_signing_out(alice: Any, alice_key: bytes) -> None:
    """The card said "Waypoint's idle lock closes it too": "locked" is the passphrase lock's word,
    and being signed out after a while without use is "signed out" everywhere else (f9c631d)."""
    text = html.unescape(_unlocked(alice, alice_key).get("/account/settings/").content.decode())
    assert "Your journal is open in this browser until you lock it or sign out." in text
    assert "Waypoint also signs you out after a while without use, and that closes it too." in text
    assert "idle lock" not in text

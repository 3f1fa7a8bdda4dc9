from __future__ import annotations

import re
import time
import uuid
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.views.debug import SafeExceptionReporterFilter

from accounts.middleware import LAST_SEEN_KEY
from journal.models import Entry, KeptWords
from journal.selectors import entry_texts
from journal.services import EntryContent, entry_create, entry_trash, entry_update
from tests.journal.conftest import sign_in

HX = {"HX-Request": "true"}


def form_data(entry_id: Any = None, version: int = 0, **fields: Any) -> dict[str, Any]:
    return {
        "entry_id": str(entry_id or uuid.uuid4()),
        "version": version,
        "title": "",
        "body": "",
        "written_on": "2026-03-04",
        "kind": "free",
        "mood": "",
        "urge": "",
        "tags": "",
        **fields,
    }


def test_the_first_autosave_keeps_a_draft_and_later_ones_update_it(alice_client: Client, alice: Any) -> None:
    entry_id = uuid.uuid4()
    response = alice_client.post("/journal/autosave/", form_data(entry_id, body="half a sent"), headers=HX)
    assert "Draft kept" in response.content.decode()
    assert 'name="version" value="1"' in response.content.decode()
    response = alice_client.post("/journal/autosave/", form_data(entry_id, 1, body="half a sentence"), headers=HX)
    entry = Entry.objects.get(pk=entry_id)
    assert entry.is_draft
    assert entry.version == 2
    assert entry_texts(user=alice, entry=entry).body == "half a sentence"


def test_a_save_with_the_same_words_changes_nothing_and_the_next_real_one_still_lands(
    alice_client: Client, alice: Any
) -> None:
    entry_id = uuid.uuid4()
    fields: dict[str, Any] = {
        "body": "the same words",
        "title": "Sunday",
        "tags": "sleep, walk",
        "mood": "2",
        "urge": "4",
    }
    alice_client.post("/journal/autosave/", form_data(entry_id, **fields), headers=HX)
    first = Entry.objects.get(pk=entry_id)
    response = alice_client.post("/journal/autosave/", form_data(entry_id, 1, **fields), headers=HX)
    assert 'data-status="saved"' in response.content.decode()
    assert 'name="version" value="1"' in response.content.decode()
    after = Entry.objects.get(pk=entry_id)
    assert (after.version, after.updated_at) == (first.version, first.updated_at)

    # The editor goes on from the version it was given, and its next change lands.
    alice_client.post("/journal/autosave/", form_data(entry_id, 1, **{**fields, "tags": "sleep"}), headers=HX)
    assert entry_texts(user=alice, entry=Entry.objects.get(pk=entry_id)).tags == ["sleep"]
    # Save publishes a draft with the same words: that is a change, so it lands and is dated.
    alice_client.post("/journal/new/", form_data(entry_id, 2, **{**fields, "tags": "sleep"}))
    published = Entry.objects.get(pk=entry_id)
    assert not published.is_draft and published.version == 3


def test_an_empty_new_page_saves_nothing(alice_client: Client) -> None:
    alice_client.post("/journal/autosave/", form_data(body="   "), headers=HX)
    assert not Entry.objects.exists()


def test_a_beacon_on_leaving_the_page_keeps_the_draft(alice_client: Client, alice: Any) -> None:
    entry_id = uuid.uuid4()
    response = alice_client.post("/journal/autosave/", form_data(entry_id, body="closing the tab mid"))
    assert response.status_code == 204
    assert entry_texts(user=alice, entry=Entry.objects.get(pk=entry_id)).body == "closing the tab mid"


def test_a_new_entrys_address_with_its_kept_draft_opens_the_draft(alice_client: Client, alice: Any) -> None:
    # The address journal.js gives a new entry as typing starts; the beacon kept its words as the page went.
    entry_id = uuid.uuid4()
    alice_client.post("/journal/autosave/", form_data(entry_id, body="half a sentence"))
    response = alice_client.get(f"/journal/new/?id={entry_id}", follow=True)
    assert response.redirect_chain == [(f"/journal/{entry_id}/edit/", 302)]
    assert "half a sentence" in response.content.decode()


@pytest.mark.parametrize("kind", ["someone else's draft", "saved already", "none yet", "not an id"])
def test_a_new_entrys_address_with_any_other_id_opens_an_empty_new_entry(
    alice_client: Client, alice: Any, bob: Any, kind: str
) -> None:
    others = entry_create(author=bob, body="bob's words", is_draft=True)
    saved = entry_create(author=alice, body="saved words")  # Back after Save: a blank page, not these again
    ids = {
        "someone else's draft": others.id,
        "saved already": saved.id,
        "none yet": uuid.uuid4(),
        "not an id": "not-an-id",
    }
    response = alice_client.get(f"/journal/new/?id={ids[kind]}")
    page = response.content.decode()
    assert response.status_code == 200 and "New entry" in page
    assert str(ids[kind]) not in page and "bob's words" not in page and "saved words" not in page


def test_save_publishes_the_entry_and_opens_it(alice_client: Client, alice: Any) -> None:
    entry_id = uuid.uuid4()
    alice_client.post("/journal/autosave/", form_data(entry_id, body="draft"), headers=HX)
    response = alice_client.post(
        "/journal/new/", form_data(entry_id, 1, body="Finished.", title="Wednesday", tags="sleep, walk", mood="4")
    )
    assert response.status_code == 302
    assert response["Location"] == f"/journal/{entry_id}/#messages"
    entry = Entry.objects.get(pk=entry_id)
    assert not entry.is_draft
    page = alice_client.get(response["Location"]).content.decode()
    assert "Wednesday" in page and "Finished." in page and "Okay" in page
    assert "<bdi>sleep</bdi>, <bdi>walk</bdi>" in page  # each tag takes its own direction


def test_save_through_htmx_redirects_the_page(alice_client: Client) -> None:
    entry_id = uuid.uuid4()
    response = alice_client.post("/journal/new/", form_data(entry_id, body="Finished."), headers=HX)
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"/journal/{entry_id}/#messages"


def test_a_save_whose_answer_never_came_is_not_called_another_tabs_when_sent_again(
    alice_client: Client, alice: Any
) -> None:
    # Save pressed as the phone's connection dropped: it landed, but the page never heard, so it
    # kept its older version and tried again. Its own words came back as "This entry changed in
    # another tab or device", kept as a copy to compare, and Save showed "The newer saved text".
    entry_id = uuid.uuid4()
    words = form_data(entry_id, body="It happened again last night.", mood="2", setback="on")
    alice_client.post("/journal/autosave/", words, headers=HX)  # version 1, a draft
    landed = alice_client.post("/journal/new/", {**words, "version": 1}, headers=HX)
    assert landed["HX-Redirect"] == f"/journal/{entry_id}/#messages"  # version 2, the answer lost

    retry = alice_client.post("/journal/autosave/", {**words, "version": 1}, headers=HX).content.decode()
    assert 'data-status="saved"' in retry and "another tab" not in retry
    assert 'name="version" value="2"' in retry  # the page's next save builds on what is there
    again = alice_client.post(f"/journal/{entry_id}/edit/", {**words, "version": 1}, headers=HX)
    assert again["HX-Redirect"] == f"/journal/{entry_id}/#messages"
    # The lost answer's "Saved." waited for this page: said once, not twice.
    assert alice_client.get(again["HX-Redirect"]).content.decode().count("Saved. It stays private") == 1
    entry = Entry.objects.get(pk=entry_id)
    assert (entry.version, entry.is_draft) == (2, False)
    assert not KeptWords.objects.filter(entry=entry).exists()
    # Different words from that older version, in another tab, still meet the newer one.
    other = {**words, "version": 1, "body": "Other words.", "page": str(uuid.uuid4())}
    assert 'data-status="kept"' in alice_client.post("/journal/autosave/", other, headers=HX).content.decode()


def test_an_autosave_whose_answer_never_came_is_not_called_another_tabs_at_the_next_words(
    alice_client: Client, alice: Any
) -> None:
    # Writing on a phone with the connection coming and going: an autosave landed but its answer
    # was lost, so the page stayed on the version before. The next words, typed on, met the version
    # its own autosave had made: "This entry changed in another tab or device", and a copy kept.
    entry_id, page = uuid.uuid4(), str(uuid.uuid4())
    alice_client.post("/journal/autosave/", form_data(entry_id, body="First lines.", page=page), headers=HX)
    alice_client.post("/journal/autosave/", form_data(entry_id, 1, body="First lines. Then", page=page), headers=HX)
    more = form_data(entry_id, 1, body="First lines. Then more.", page=page)
    status = alice_client.post("/journal/autosave/", more, headers=HX).content.decode()
    assert 'data-status="saved"' in status and "another tab" not in status
    assert 'name="version" value="3"' in status
    entry = Entry.objects.get(pk=entry_id)
    assert entry_texts(user=alice, entry=entry).body == "First lines. Then more."
    assert not KeptWords.objects.filter(entry=entry).exists()
    assert "First lines" not in str(dict(alice_client.session))  # ids and numbers only, never words

    # Another tab (another page) that began from version 1 still meets the newer one and keeps its own.
    elsewhere = form_data(entry_id, 1, body="Written in another tab.", page=str(uuid.uuid4()))
    assert 'data-status="kept"' in alice_client.post("/journal/autosave/", elsewhere, headers=HX).content.decode()
    # And this page, once another tab has saved after it, is told too: the newest is not its own.
    alice_client.post(f"/journal/{entry_id}/edit/", form_data(entry_id, 3, body="Saved on the laptop."))
    later = form_data(entry_id, 3, body="First lines. Then more. And more.", page=page)
    assert 'data-status="kept"' in alice_client.post("/journal/autosave/", later, headers=HX).content.decode()
    assert entry_texts(user=alice, entry=Entry.objects.get(pk=entry_id)).body == "Saved on the laptop."


def test_a_lost_answer_is_still_the_pages_own_after_the_trash_and_back_but_not_after_kept_words_taken_in(
    alice_client: Client, alice: Any
) -> None:
    entry_id, page = uuid.uuid4(), str(uuid.uuid4())
    alice_client.post("/journal/autosave/", form_data(entry_id, body="First lines.", page=page), headers=HX)
    alice_client.post("/journal/autosave/", form_data(entry_id, 1, body="First lines. Then", page=page), headers=HX)
    # Version 2 is this page's, its answer lost. Another tab puts the entry in the trash and back.
    entry = Entry.objects.get(pk=entry_id)
    alice_client.post(f"/journal/{entry_id}/trash/")
    assert Entry.objects.get(pk=entry_id).trashed_at is not None
    alice_client.post(f"/journal/{entry_id}/restore/")
    assert Entry.objects.get(pk=entry_id).trashed_at is None
    more = form_data(entry_id, 1, body="First lines. Then more.", page=page)
    assert 'data-status="saved"' in alice_client.post("/journal/autosave/", more, headers=HX).content.decode()
    # Words another tab kept, taken in from their own page: that version is nobody's editor page's.
    elsewhere = form_data(entry_id, 1, body="Written in another tab.", page=str(uuid.uuid4()))
    assert 'data-status="kept"' in alice_client.post("/journal/autosave/", elsewhere, headers=HX).content.decode()
    [kept] = KeptWords.objects.filter(entry=entry)
    alice_client.post(f"/journal/{entry_id}/kept/{kept.pk}/", {"choice": "kept", "version": "3"})
    assert Entry.objects.get(pk=entry_id).version == 4
    later = form_data(entry_id, 3, body="First lines. Then more. And more.", page=page)
    assert 'data-status="kept"' in alice_client.post("/journal/autosave/", later, headers=HX).content.decode()
    assert entry_texts(user=alice, entry=Entry.objects.get(pk=entry_id)).body == "Written in another tab."


def test_a_save_that_brought_the_entry_back_is_the_pages_own_when_its_answer_was_lost(
    alice_client: Client, alice: Any
) -> None:
    # Moved to the trash on the laptop; on the phone, Save brings it back with the words typed,
    # but the connection drops as it lands. The phone's next words were told "This entry changed
    # in another tab or device", and kept apart, of its own Save.
    entry = entry_trash(entry=entry_create(author=alice, body="As it was."))
    page = str(uuid.uuid4())
    back = form_data(entry.id, 1, body="As it was, and the phone's words.", page=page, bring_back="1")
    alice_client.post(f"/journal/{entry.id}/edit/", back)
    assert Entry.objects.get(pk=entry.pk).trashed_at is None  # it landed; the phone never heard
    more = form_data(entry.id, 1, body="As it was, and the phone's words. Then more.", page=page)
    status = alice_client.post("/journal/autosave/", more, headers=HX).content.decode()
    assert 'data-status="saved"' in status and "another tab" not in status
    saved = Entry.objects.get(pk=entry.pk)
    assert entry_texts(user=alice, entry=saved).body == "As it was, and the phone's words. Then more."
    assert not KeptWords.objects.filter(entry=saved).exists()


def test_saving_to_bring_an_entry_back_over_the_pages_own_lost_autosave_lands(alice_client: Client, alice: Any) -> None:
    # The phone's autosave landed but its answer was lost; then the laptop put the entry in the
    # trash. Save on the phone, to bring it back, met the phone's own words as "a newer version"
    # saved "from another tab or device", and the entry stayed in the trash.
    entry_id, page = uuid.uuid4(), str(uuid.uuid4())
    alice_client.post("/journal/autosave/", form_data(entry_id, body="First lines.", page=page), headers=HX)
    alice_client.post("/journal/autosave/", form_data(entry_id, 1, body="First lines. Then", page=page), headers=HX)
    entry_trash(entry=Entry.objects.get(pk=entry_id))
    back = form_data(entry_id, 1, body="First lines. Then more.", page=page, bring_back="1")
    response = alice_client.post(f"/journal/{entry_id}/edit/", back)
    assert response.status_code == 302  # to the entry: no "This entry has a newer version"
    saved = Entry.objects.get(pk=entry_id)
    assert saved.trashed_at is None
    assert entry_texts(user=alice, entry=saved).body == "First lines. Then more."
    # Another tab's newer words before the trash still meet this page's, as before.
    other = str(uuid.uuid4())
    alice_client.post("/journal/autosave/", form_data(entry_id, saved.version, body="The laptop's.", page=other))
    entry_trash(entry=Entry.objects.get(pk=entry_id))
    late = form_data(entry_id, saved.version, body="First lines. Then more. Late.", page=page, bring_back="1")
    assert "This entry has a newer version" in alice_client.post(f"/journal/{entry_id}/edit/", late).content.decode()
    assert Entry.objects.get(pk=entry_id).trashed_at is not None


def test_saves_while_writing_leave_the_session_as_it_was(alice_client: Client, alice: Any) -> None:
    # Every autosave also wrote the session (which page made the entry's newest version, for the
    # answer the connection dropped above): a second write each time, and slower saves as a
    # person writes. The entry's own row says it now, in the save's one UPDATE.
    entry_id, page = uuid.uuid4(), str(uuid.uuid4())
    alice_client.get("/journal/new/")  # the editor is drawn: the session notes the person was here
    [before] = Session.objects.all()
    with CaptureQueriesContext(connection) as saves:
        for version, body in enumerate(["First lines.", "First lines. Then", "First lines. Then more."]):
            answer = alice_client.post(
                "/journal/autosave/", form_data(entry_id, version, body=body, page=page), headers=HX
            )
            assert 'data-status="saved"' in answer.content.decode()
        # The answer to that last one lost: the page's next words meet its own version, and land.
        lost = form_data(entry_id, 2, body="First lines. Then more. And more.", page=page)
        assert 'data-status="saved"' in alice_client.post("/journal/autosave/", lost, headers=HX).content.decode()
    assert Entry.objects.get(pk=entry_id).version == 4
    assert not [q for q in saves.captured_queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    [after] = Session.objects.all()
    assert (after.session_data, after.expire_date) == (before.session_data, before.expire_date)


def test_each_drawing_of_the_editor_is_a_page_of_its_own_that_no_browser_restores(
    alice_client: Client, alice: Any
) -> None:
    # A save is taken for a page's own by the page's id: two tabs sharing one would overwrite each
    # other's words without a word. Firefox restores hidden fields into a duplicated tab unless
    # they say autocomplete="off".
    entry = entry_create(author=alice, body="the start")
    pages = [alice_client.get(f"/journal/{entry.id}/edit/").content.decode() for _ in range(2)]
    found = [re.search(r'<input type="hidden" name="page" value="([0-9a-f-]{36})"([^>]*)>', page) for page in pages]
    fields = [match.groups() for match in found if match]
    assert len(fields) == 2, "each page carries its id"
    assert fields[0][0] != fields[1][0]
    assert all('autocomplete="off"' in attrs for _, attrs in fields)


def test_editing_in_two_tabs_shows_both_texts_and_overwrites_nothing(alice_client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, body="the start")
    alice_client.post(f"/journal/{entry.id}/edit/", form_data(entry.id, 1, body="tab one's words"))
    response = alice_client.post(f"/journal/{entry.id}/edit/", form_data(entry.id, 1, body="tab two's words"))
    page = response.content.decode()
    assert "newer version" in page
    assert "tab one&#x27;s words" in page  # the newer saved text, to copy from
    assert "tab two&#x27;s words" in page  # this tab's text, still in the editor
    assert entry_texts(user=alice, entry=Entry.objects.get(pk=entry.pk)).body == "tab one's words"
    assert 'name="version" value="2"' in page

    # Having seen both, saving again keeps this tab's version.
    alice_client.post(f"/journal/{entry.id}/edit/", form_data(entry.id, 2, body="tab two's words"))
    assert entry_texts(user=alice, entry=Entry.objects.get(pk=entry.pk)).body == "tab two's words"


def test_an_autosave_from_an_older_version_is_told_and_writes_nothing_over_it(alice_client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, body="newer, from elsewhere")
    entry.version = 5
    Entry.objects.filter(pk=entry.pk).update(version=5)
    response = alice_client.post("/journal/autosave/", form_data(entry.id, 3, body="older tab"), headers=HX)
    # Its words are kept beside the entry (tests/journal/test_kept_words.py), not over it.
    assert 'data-status="kept"' in response.content.decode()
    assert entry_texts(user=alice, entry=Entry.objects.get(pk=entry.pk)).body == "newer, from elsewhere"


@pytest.mark.parametrize("htmx", [False, True], ids=["full page", "htmx fragment"])
def test_saving_an_entry_moved_to_the_trash_elsewhere_says_so_and_keeps_the_words(
    alice_client: Client, alice: Any, htmx: bool
) -> None:
    # Open in one tab, moved to the trash in another: Save used to meet a 404, which htmx does not
    # show, so the button seemed to do nothing at all.
    entry = entry_trash(entry=entry_create(author=alice, body="as it was"))
    data = form_data(entry.id, entry.version, body="my newer words")
    response = alice_client.post(f"/journal/{entry.id}/edit/", data, headers=HX if htmx else {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This entry is in the trash now" in page and "newer version" not in page
    assert "my newer words" in page
    assert entry_texts(user=alice, entry=Entry.objects.get(pk=entry.pk)).body == "as it was"
    assert Entry.objects.get(pk=entry.pk).trashed_at is not None


def test_an_autosave_to_an_entry_in_the_trash_says_where_it_went(alice_client: Client, alice: Any) -> None:
    entry = entry_trash(entry=entry_create(author=alice, body="as it was"))
    page = alice_client.post("/journal/autosave/", form_data(entry.id, entry.version, body="x"), headers=HX)
    assert "moved to the trash" in page.content.decode()
    assert "both versions" not in page.content.decode()


def test_the_edit_page_of_an_entry_in_the_trash_offers_undo(alice_client: Client, alice: Any) -> None:
    entry = entry_trash(entry=entry_create(author=alice, body="as it was"))
    page = alice_client.get(f"/journal/{entry.id}/edit/").content.decode()
    assert "Moved to the trash" in page and f'action="/journal/{entry.id}/restore/"' in page


def test_overlong_text_gets_a_kind_message_and_stays_in_the_editor(alice_client: Client) -> None:
    body = "word " * 20_001
    response = alice_client.post("/journal/new/", form_data(body=body))
    page = response.content.decode()
    assert response.status_code == 200
    assert "one entry holds up to 100,000" in page
    assert body.strip() in page
    assert "maxlength" not in page  # a browser would cut pasted text silently
    assert not Entry.objects.exists()


@pytest.mark.parametrize("written_on", ["2026-02-30", "2026-13-01", "1066-10-14", "3000-01-01", ""])
def test_an_impossible_date_gets_a_kind_message_and_the_text_stays(alice_client: Client, written_on: str) -> None:
    response = alice_client.post("/journal/new/", form_data(body="my words stay", written_on=written_on))
    page = response.content.decode()
    assert "Could you" in page
    assert "my words stay" in page
    assert 'aria-describedby="id_written_on_helptext id_written_on_error"' in page
    assert not Entry.objects.exists()


def test_an_autosave_with_a_problem_says_so_and_keeps_the_text(alice_client: Client) -> None:
    response = alice_client.post("/journal/autosave/", form_data(body="x" * 100_001), headers=HX)
    assert 'data-status="invalid"' in response.content.decode()
    assert "still here" in response.content.decode()


def test_a_backdated_entry_keeps_its_day(alice_client: Client) -> None:
    entry_id = uuid.uuid4()
    alice_client.post("/journal/new/", form_data(entry_id, body="about yesterday", written_on="2026-01-15"))
    assert str(Entry.objects.get(pk=entry_id).written_on) == "2026-01-15"


def test_after_the_idle_lock_an_autosave_is_refused_without_losing_the_page(alice_client: Client) -> None:
    session = alice_client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 60 * 60
    session.save()
    response = alice_client.post("/journal/autosave/", form_data(body="typed before the lock"), headers=HX)
    assert response.status_code == 401
    assert response["HX-Trigger"] == "waypoint:locked"
    # Still signed out: the retry gets the same answer, never a login page swapped into the editor.
    response = alice_client.post("/journal/autosave/", form_data(body="typed before the lock"), headers=HX)
    assert response.status_code == 401
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    ("url", "data", "shown"),
    [
        (
            "/journal/new/",
            form_data(title="A title", body="words <b>kept</b>"),
            "A title\n\nwords &lt;b&gt;kept&lt;/b&gt;",
        ),
        (f"/reflections/run/{uuid.uuid4()}/", {"answer": "my answer"}, "my answer"),
    ],
    ids=["entry", "reflection step"],
)
def test_without_javascript_a_save_after_signing_out_elsewhere_gives_the_words_back_to_copy(
    client: Client, db: None, url: str, data: dict[str, Any], shown: str
) -> None:
    # Signed out in another tab, a no-script Save met an empty 401 page, and Back then led to the
    # sign-in page: every word was gone.
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 401
    assert "You were signed out" in page
    assert f'readonly rows="12" dir="auto">{shown}</textarea>' in page
    assert "Sign in again (opens a new tab)" in page
    assert not Entry.objects.exists()
    # Were drawing that page to fail, the error report would list none of the words sent.
    reported = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert {reported[name] for name in data} == {SafeExceptionReporterFilter.cleansed_substitute}
    # With JavaScript the page keeps its words itself and only needs to be told.
    response = client.post(url, data, headers=HX)
    assert (response.status_code, response["HX-Trigger"], response.content) == (401, "waypoint:locked", b"")


def test_the_next_autosave_after_signing_in_again_lands(alice: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    sign_in(client, alice.email)
    page = client.get("/journal/new/").content.decode()
    old_token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    entry_id = page.split('name="entry_id" value="')[1].split('"')[0]

    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 60 * 60
    session.save()
    data = form_data(entry_id, body="kept through the lock", csrfmiddlewaretoken=old_token)
    assert client.post("/journal/autosave/", data, headers=HX).status_code == 401

    # Signing in again (another tab) rotates the CSRF token; journal.js sends the fresh cookie value.
    sign_in(client, alice.email)
    data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    response = client.post("/journal/autosave/", data, headers=HX)
    assert response.status_code == 200
    assert entry_texts(user=alice, entry=Entry.objects.get(pk=entry_id)).body == "kept through the lock"


def test_autosave_never_writes_into_another_persons_entry(alice_client: Client, bob: Any) -> None:
    bobs = entry_create(author=bob, body="bob's words")
    response = alice_client.post("/journal/autosave/", form_data(bobs.id, 1, body="overwrite"), headers=HX)
    assert response.status_code == 404
    assert entry_texts(user=bob, entry=Entry.objects.get(pk=bobs.pk)).body == "bob's words"


def test_saving_hard_words_brings_the_gentle_check_once(alice_client: Client) -> None:
    entry_id = uuid.uuid4()
    response = alice_client.post("/journal/new/", form_data(entry_id, body="I want to die tonight."), follow=True)
    assert 'class="gentle-check' in response.content.decode()
    assert "Saved. It stays private unless you share it." not in response.content.decode()
    assert 'class="gentle-check' not in alice_client.get(f"/journal/{entry_id}/").content.decode()


def test_an_ordinary_save_brings_no_gentle_check(alice_client: Client) -> None:
    response = alice_client.post("/journal/new/", form_data(body="A quiet walk by the river."), follow=True)
    assert 'class="gentle-check' not in response.content.decode()


def test_an_autosave_with_a_title_too_long_keeps_the_body_and_says_so_kindly(alice_client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, title="Tuesday", body="first words", is_draft=True)
    data = form_data(entry.id, entry.version, title="t" * 300, body="first words, and more")
    response = alice_client.post("/journal/autosave/", data, headers=HX)
    page = response.content.decode()
    assert "Draft kept" in page and "all but the new title" in page
    assert "Titles can be up to 200 characters, and this one is 100 over." in page
    entry.refresh_from_db()
    texts = entry_texts(user=alice, entry=entry)
    assert texts.body == "first words, and more" and texts.title == "Tuesday"
    assert b"first words, and more" not in bytes(entry.body)  # encrypted as always
    assert f'name="version" value="{entry.version}"' in page


def test_the_leave_page_beacon_with_a_title_too_long_keeps_the_body(alice_client: Client, alice: Any) -> None:
    entry_id = uuid.uuid4()
    response = alice_client.post("/journal/autosave/", form_data(entry_id, title="t" * 300, body="kept on leaving"))
    assert response.status_code == 204
    entry = Entry.objects.get(pk=entry_id)
    assert entry_texts(user=alice, entry=entry).body == "kept on leaving"
    assert entry_texts(user=alice, entry=entry).title == ""


@pytest.mark.parametrize("headers", [{}, HX], ids=["without JavaScript", "through htmx"])
def test_save_with_a_title_too_long_keeps_the_body_and_the_long_title_stays_in_its_box(
    alice_client: Client, alice: Any, headers: dict[str, str]
) -> None:
    entry_id, title = uuid.uuid4(), "a long title " * 25
    response = alice_client.post(
        "/journal/new/", form_data(entry_id, title=title, body="the day's words"), headers=headers
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Saved, all but the new title. It is still here in its box." in page
    assert "this one is 124 over" in page
    assert f'value="{title}"' in page
    entry = Entry.objects.get(pk=entry_id)
    assert entry_texts(user=alice, entry=entry).body == "the day's words"
    # The page builds on what was just kept: its next save is not a conflict.
    assert f'name="version" value="{entry.version}"' in page


def test_save_with_a_title_too_long_leaves_a_published_entry_published(alice_client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, title="Tuesday", body="first words")
    data = form_data(entry.id, entry.version, title="t" * 201, body="first words, and more")
    page = alice_client.post(f"/journal/{entry.id}/edit/", data).content.decode()
    assert "this one is 1 over" in page
    entry.refresh_from_db()
    assert not entry.is_draft
    assert entry_texts(user=alice, entry=entry).title == "Tuesday"
    assert entry_texts(user=alice, entry=entry).body == "first words, and more"


@pytest.mark.parametrize("htmx", [False, True], ids=["full page", "htmx fragment"])
def test_an_entry_moved_to_the_trash_elsewhere_can_come_back_with_the_words_typed(
    alice_client: Client, alice: Any, htmx: bool
) -> None:
    # Copying ten thousand characters into a new entry on a phone was the only way to keep them.
    entry = entry_trash(entry=entry_create(author=alice, body="as it was"))
    data = form_data(entry.id, entry.version, body="my newer words")
    page = alice_client.post(f"/journal/{entry.id}/edit/", data, headers=HX if htmx else {}).content.decode()
    assert 'name="bring_back" value="1"' in page
    response = alice_client.post(f"/journal/{entry.id}/edit/", {**data, "bring_back": "1"}, headers=HX if htmx else {})
    assert response.status_code in {204, 302}
    kept = Entry.objects.get(pk=entry.pk)
    assert kept.trashed_at is None
    assert entry_texts(user=alice, entry=kept).body == "my newer words"


def test_an_autosave_never_brings_an_entry_back_from_the_trash(alice_client: Client, alice: Any) -> None:
    entry = entry_trash(entry=entry_create(author=alice, body="as it was"))
    data = {**form_data(entry.id, entry.version, body="x"), "bring_back": "1"}
    alice_client.post("/journal/autosave/", data, headers=HX)
    assert Entry.objects.get(pk=entry.pk).trashed_at is not None


def test_bringing_back_words_older_than_the_entry_leaves_it_in_the_trash_and_shows_both(
    alice_client: Client, alice: Any
) -> None:
    entry = entry_create(author=alice, body="as it was")
    data = form_data(entry.id, entry.version, body="my words from this tab")
    # Changed in another tab, then moved to the trash there.
    newer = entry_update(
        entry=entry,
        expected_version=entry.version,
        content=EntryContent(title="", body="from the other tab", written_on=entry.written_on),
    )
    entry_trash(entry=newer)
    page = alice_client.post(f"/journal/{entry.id}/edit/", {**data, "bring_back": "1"}).content.decode()
    # Nothing half done: still in the trash, with its newer words, and this tab's words on the page.
    kept = Entry.objects.get(pk=entry.pk)
    assert kept.trashed_at is not None
    assert entry_texts(user=alice, entry=kept).body == "from the other tab"
    assert "my words from this tab" in page

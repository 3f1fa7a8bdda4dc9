"""Noting a setback on an entry: only when the person ticks it, kept inside the encrypted feelings."""

from __future__ import annotations

import uuid
from typing import Any

from django.test import Client
from django.utils import timezone

from journal.models import Entry
from journal.selectors import entry_texts
from tests.journal.test_editor import form_data


def test_a_day_is_marked_only_when_the_person_ticks_the_box(alice_client: Client, alice: Any) -> None:
    editor = alice_client.get("/journal/new/").content.decode()
    assert 'name="setback"' in editor and "Note a setback on this day" in editor
    assert 'name="setback" checked' not in editor and "checked" not in editor.split('name="setback"')[1][:80]

    plain, noted = uuid.uuid4(), uuid.uuid4()
    alice_client.post("/journal/new/", form_data(plain, body="a day"))
    alice_client.post("/journal/new/", form_data(noted, body="a hard day", setback="on"))
    assert not entry_texts(user=alice, entry=Entry.objects.get(pk=plain)).setback
    assert entry_texts(user=alice, entry=Entry.objects.get(pk=noted)).setback

    page = alice_client.get(f"/journal/{noted}/").content.decode()
    assert "a setback, part of your path" in page
    assert "a setback, part of your path" not in alice_client.get(f"/journal/{plain}/").content.decode()
    # Editing shows the box as the person left it, and unticking it takes the mark away.
    edit = alice_client.get(f"/journal/{noted}/edit/").content.decode()
    assert "checked" in edit.split('name="setback"')[1][:80]
    entry = Entry.objects.get(pk=noted)
    alice_client.post(f"/journal/{noted}/edit/", form_data(noted, entry.version, body="a hard day"))
    assert not entry_texts(user=alice, entry=Entry.objects.get(pk=noted)).setback


def test_nothing_readable_in_the_row_tells_a_noted_day_from_another(alice_client: Client, alice: Any) -> None:
    plain, noted = uuid.uuid4(), uuid.uuid4()
    alice_client.post("/journal/new/", form_data(plain, body="same words", mood="2", urge="7"))
    alice_client.post("/journal/new/", form_data(noted, body="same words", mood="2", urge="7", setback="on"))
    rows = {row.pk: row for row in Entry.objects.filter(owner=alice)}
    a, b = rows[plain], rows[noted]
    # The same columns, and feelings of the same length: the mark is only inside the ciphertext.
    assert len(bytes(a.feelings)) == len(bytes(b.feelings))
    assert b"setback" not in bytes(b.feelings)
    fields = [f.attname for f in Entry._meta.concrete_fields if f.attname not in {"id", "title", "body", "feelings"}]
    differing = {name for name in fields if getattr(a, name) != getattr(b, name)}
    # made_by_page: the editor page that saved each, a random id per page whatever was written.
    assert differing <= {"created_at", "updated_at", "search_chunk", "made_by_page"}, differing


def test_a_noted_setback_offers_care_for_the_body_quietly(alice_client: Client) -> None:
    noted, plain = uuid.uuid4(), uuid.uuid4()
    today = timezone.localdate().isoformat()  # the care shows for a setback just past
    saved = alice_client.post(
        "/journal/new/", form_data(noted, body="a hard night", setback="on", written_on=today), follow=True
    )
    page = saved.content.decode()
    assert "If you have hurt yourself, caring for your body comes first." in page
    assert '<a href="/safety/after/">If you have hurt yourself: the first minutes</a>' in page
    assert "Saved. It stays private unless you share it." in page  # a calm save, not the danger panel
    # Only when the person noted it: the same night in words, without the tick, offers nothing new.
    other = alice_client.post(
        "/journal/new/", form_data(plain, body="It happened again tonight.", written_on=today), follow=True
    )
    assert "/safety/after/" not in other.content.decode()

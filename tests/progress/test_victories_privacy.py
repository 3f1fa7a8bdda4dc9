"""A small victory's kind and note are the person's: unreadable to anyone holding the database."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal import keyring
from journal.key_lifecycle import keys_verify, user_data_key_rotate
from journal.services import entry_create
from progress import selectors, services
from progress.models import Victory, VictoryKind
from tests.prompts.test_privacy import database_bytes, encodings


@pytest.mark.django_db(transaction=True)
def test_no_plaintext_of_victory_notes_or_kinds_in_the_database(
    alice: Any, alice_client: Client, tmp_path: Path
) -> None:
    added, changed = (f"sentinel-{uuid.uuid4().hex}" for _ in range(2))
    today = timezone.localdate().isoformat()
    alice_client.post(reverse("progress:victory_add"), {"kind": "urge", "about_on": today, "note": added})
    entry = entry_create(author=alice, body="a walk")
    alice_client.post(reverse("progress:victory_mark_entry", args=[entry.id]))
    marked = Victory.objects.get(entry=entry)
    alice_client.post(reverse("progress:victory_note", args=[marked.id]), {"note": changed})
    assert {v.note for v in selectors.victories_for(owner=alice)} == {added, changed}, "the notes did arrive"

    dump = database_bytes(tmp_path)
    assert alice.email.encode() in dump, "the scan sees plain columns, so it would see plaintext too"
    for sentinel in (added, changed):
        for form in encodings(sentinel):
            assert form not in dump
    # Nor does the kind stand in clear beside its date ("an urge that passed" on that day).
    for row in Victory.objects.all():
        assert bytes(row.kind) not in {b"urge", b"entry"}


@pytest.mark.django_db
def test_the_note_does_not_open_as_another_victorys(alice: Any) -> None:
    first = services.victory_add(owner=alice, kind=VictoryKind.OTHER, note="first")
    second = services.victory_add(owner=alice, kind=VictoryKind.OTHER, note="second")
    Victory.objects.filter(pk=second.pk).update(note=first.note)
    with pytest.raises(keyring.DecryptionError):
        selectors.victory_view(victory=Victory.objects.get(pk=second.pk))


@pytest.mark.django_db
def test_key_rotation_and_verification_cover_victories(alice: Any) -> None:
    services.victory_add(owner=alice, kind=VictoryKind.HELP, note="asked Jo")
    user_data_key_rotate(user_id=alice.pk)
    row = Victory.objects.get()
    assert keyring.record_data_key_version(row.note) == 2
    assert keyring.record_data_key_version(row.kind) == 2
    keyring.forget_user_keyring(alice)
    (view,) = selectors.victories_for(owner=alice)
    assert (view.kind, view.note) == ("help", "asked Jo")

    Victory.objects.update(note=b"\x01" * 60)
    report = keys_verify()
    assert f"progress.Victory {row.pk} note" in report.failures


@pytest.mark.django_db
def test_deleting_the_account_takes_the_victories(alice: Any) -> None:
    from accounts.deletion import account_delete

    services.victory_add(owner=alice, kind=VictoryKind.OTHER, note="mine")
    account_delete(user=alice)
    assert not Victory.objects.exists()


@pytest.mark.django_db
def test_logs_and_error_reports_never_hold_a_note(
    alice: Any, bob: Any, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    import logging
    import sys

    from django.core.signals import got_request_exception
    from django.views.debug import ExceptionReporter

    sentinel = f"sentinel-{uuid.uuid4().hex}"
    caplog.set_level(logging.DEBUG)
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    reports: list[str] = []

    def report(sender: Any, request: Any, **kwargs: Any) -> None:
        reports.append(ExceptionReporter(request, *sys.exc_info()).get_traceback_text())

    def database_went_away(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    victory = services.victory_add(owner=alice, kind=VictoryKind.OTHER)
    got_request_exception.connect(report)
    monkeypatch.setattr(Victory, "save", database_went_away)
    try:
        today = timezone.localdate().isoformat()
        response = client.post(reverse("progress:victory_add"), {"kind": "talk", "about_on": today, "note": sentinel})
    finally:
        got_request_exception.disconnect(report)
    assert response.status_code == 500
    # Another person's victory: a 404 that is logged, with the note in its POST body.
    bob_client = Client()
    bob_client.force_login(bob)
    assert bob_client.post(reverse("progress:victory_note", args=[victory.id]), {"note": sentinel}).status_code == 404

    assert "the database went away" in caplog.text  # the logs did record the error...
    assert reports and "the database went away" in reports[0]
    assert sentinel not in caplog.text  # ...but never the words
    assert sentinel not in reports[0]

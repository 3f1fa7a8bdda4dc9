"""Proof that what people write is never stored, logged or shown anywhere readable."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.signals import got_request_exception
from django.db import connection
from django.test import Client
from django.views.debug import ExceptionReporter

from journal import keyring
from journal.keyring import JournalLocked
from journal.models import DataKey, Entry
from tests.factories import UserFactory
from tests.journal.locking import lock_journal, unlock_client

SENTINEL = "zebra-lantern-" + uuid.uuid4().hex[:12]


def _write_everywhere(client: Client) -> uuid.UUID:
    entry_id = uuid.uuid4()
    data = {
        "entry_id": str(entry_id),
        "version": 0,
        "title": f"title {SENTINEL}",
        "body": f"body {SENTINEL} and more",
        "written_on": "2026-03-04",
        "kind": "free",
        "mood": "2",
        "urge": "7",
        "tags": f"tag-{SENTINEL}",
    }
    assert client.post("/journal/autosave/", data, headers={"HX-Request": "true"}).status_code == 200
    data["version"] = 1
    assert client.post("/journal/new/", data).status_code == 302
    page = client.post("/journal/search/", {"q": SENTINEL}).content.decode()
    assert f"<mark>{SENTINEL}</mark>" in page
    assert SENTINEL in client.get(f"/journal/{entry_id}/").content.decode()
    return entry_id


def _database_bytes(tmp_path: Path) -> bytes:
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        env = {**os.environ, "PGPASSWORD": str(settings.get("PASSWORD") or "")}
        command = [os.environ.get("PG_DUMP", "pg_dump"), "--data-only", "--dbname", str(settings["NAME"])]
        for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if settings.get(key):
                command += [flag, str(settings[key])]
        return subprocess.run(command, check=True, capture_output=True, env=env).stdout
    name = str(settings["NAME"])
    if Path(name).is_file():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(FULL)")
        return b"".join(Path(p).read_bytes() for p in (name, name + "-wal") if Path(p).exists())
    # The test database lives in memory: VACUUM INTO writes exactly what a database file holds.
    copy = tmp_path / "copy.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(copy)])
    return copy.read_bytes()


@pytest.mark.django_db(transaction=True)
def test_the_database_never_holds_a_readable_word(tmp_path: Path) -> None:
    person: Any = UserFactory()
    client = Client()
    client.force_login(person)
    _write_everywhere(client)
    raw = _database_bytes(tmp_path)
    assert Entry.objects.filter(owner=person).exists()
    assert person.email.encode() in raw  # the dump is real: it does hold what is stored as text
    assert SENTINEL.encode() not in raw
    assert SENTINEL.encode().hex().encode() not in raw  # bytea appears as hex in pg_dump
    assert SENTINEL.encode("utf-16-le") not in raw


@pytest.mark.django_db(transaction=True)
def test_a_locked_journal_gives_the_database_and_the_key_file_together_nothing(tmp_path: Path) -> None:
    """With the lock on, whoever holds the database and the key file (an admin, a host, a full
    server backup) tries Waypoint's own keyring, then the key file by hand, and opens nothing."""
    person: Any = UserFactory()
    _recovery, lock_key = lock_journal(person)
    client = Client()
    client.force_login(person)
    _write_everywhere(unlock_client(client, person, lock_key))  # autosave, save, search, read: all unlocked
    raw = _database_bytes(tmp_path)
    assert person.email.encode() in raw
    for form in (SENTINEL.encode(), SENTINEL.encode().hex().encode(), SENTINEL.encode("utf-16-le")):
        assert form not in raw

    # The keyring itself, in a process that never saw her passphrase: her journal is locked.
    keyring.forget_user_keyring(person)
    with pytest.raises(JournalLocked):
        keyring.load_user_keyring(person.pk)
    # By hand, with the key file: the server layer opens to a sealed value, and no 32 bytes of it
    # open any record of hers (title, body, feelings, tags, search chunks). Only the safety plan's
    # own key stays outside the lock, as the person chose by default.
    assert dict(DataKey.objects.filter(user=person).values_list("scope", "locked")) == {"journal": True, "plan": False}
    server = keyring.server_keyring()
    tried = 0
    for row in DataKey.objects.filter(user=person, scope="journal"):
        assert row.locked
        inner = keyring.unwrap_data_key(
            row.wrapped, server_key=server.get(row.server_key_id), user_id=person.pk, version=row.version
        )
        assert len(inner) == 1 + 12 + 32 + 16, "format, nonce, her data key sealed, tag: never the key itself"
        guesses = [keyring.UserKeyring(person.pk, {row.version: inner[at : at + 32]}) for at in range(len(inner) - 31)]
        for registered in keyring.encrypted_models(scope="journal"):
            for record in registered.rows_for(person.pk):
                for name in registered.fields:
                    if value := getattr(record, name):
                        tried += 1
                        for guess in guesses:
                            with pytest.raises(keyring.DecryptionError):
                                guess.decrypt(value, model=registered.label, field=name, record_id=record.pk)
    assert tried >= 5


def test_logs_and_error_reports_never_hold_what_was_written(
    alice: Any, bob: Any, caplog: Any, monkeypatch: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    entry_id = _write_everywhere(client)

    reports: list[str] = []

    def report(sender: Any, request: Any, **kwargs: Any) -> None:
        reports.append(ExceptionReporter(request, *sys.exc_info()).get_traceback_text())

    def database_went_away(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    got_request_exception.connect(report)
    monkeypatch.setattr(Entry, "save", database_went_away)
    try:
        data = {"entry_id": str(uuid.uuid4()), "version": 0, "body": f"lost {SENTINEL}", "written_on": "2026-03-04"}
        response = client.post("/journal/new/", {**data, "kind": "free"})
    finally:
        got_request_exception.disconnect(report)
    assert response.status_code == 500
    # Another person's entry: a 404 that is logged, with the text in its POST body.
    bob_client = Client()
    bob_client.force_login(bob)
    data = {"entry_id": str(entry_id), "version": 1, "body": SENTINEL, "written_on": "2026-03-04", "kind": "free"}
    assert bob_client.post("/journal/autosave/", data).status_code == 404

    assert "the database went away" in caplog.text  # the logs did record the error...
    assert reports and "the database went away" in reports[0]
    assert SENTINEL not in caplog.text  # ...but never the words
    assert SENTINEL not in reports[0]


def test_the_admin_never_shows_entries_or_their_words(alice_client: Client, alice: Any) -> None:
    entry_id = _write_everywhere(alice_client)
    admin: Any = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    for url in ["/admin/", "/admin/accounts/user/", f"/admin/accounts/user/{alice.pk}/change/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SENTINEL not in response.content.decode(), url
        assert str(entry_id) not in response.content.decode(), url
    # Not even that an entry exists, or when: the journal has no admin pages at all.
    for url in ["/admin/journal/entry/", f"/admin/journal/entry/{entry_id}/change/", "/admin/journal/datakey/"]:
        assert client.get(url).status_code == 404, url

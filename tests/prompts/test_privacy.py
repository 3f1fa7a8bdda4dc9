"""Nothing a person writes in a reflection is readable by someone holding a copy of the database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from prompts.models import Run
from tests.prompts.conftest import sequence, step_post


def database_bytes(tmp_path: Path) -> bytes:
    """Every byte the database holds right now: a raw page copy (SQLite) or pg_dump (PostgreSQL)."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        env = {**os.environ, "PGPASSWORD": str(settings.get("PASSWORD") or "")}
        command = [os.environ.get("PG_DUMP", "pg_dump"), "--no-owner", "--dbname", settings["NAME"]]
        for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if settings.get(key):
                command += [flag, str(settings[key])]
        return subprocess.run(command, env=env, check=True, capture_output=True).stdout
    copy = tmp_path / "copy.sqlite3"
    target = sqlite3.connect(copy)
    connection.ensure_connection()
    connection.connection.backup(target)  # page by page, free pages included
    target.close()
    return copy.read_bytes()


def encodings(text: str) -> list[bytes]:
    raw = text.encode()
    # pg_dump writes bytea as hex; SQLite keeps blobs raw.
    return [raw, raw.hex().encode()]


@pytest.mark.django_db(transaction=True)
def test_no_plaintext_of_answers_in_the_database(alice: Any, alice_client: Client, tmp_path: Path) -> None:
    from django.core.management import call_command

    call_command("prompts_load", verbosity=0)
    in_progress = f"sentinel-{uuid.uuid4().hex}"
    finished = f"sentinel-{uuid.uuid4().hex}"

    seq = sequence("small-victories")
    alice_client.post(f"/reflections/{seq.id}/begin/")
    run = Run.objects.get(owner=alice)
    alice_client.post(f"/reflections/run/{run.id}/", step_post(0, "stop", in_progress))

    alice_client.post(f"/reflections/{sequence('a-kinder-letter').id}/begin/")
    done = Run.objects.exclude(id=run.id).get(owner=alice)
    for position in range(3):
        alice_client.post(f"/reflections/run/{done.id}/", step_post(position, "next", finished))
    done.refresh_from_db()
    assert done.is_finished

    dump = database_bytes(tmp_path)
    assert alice.email.encode() in dump, "the scan sees plain columns, so it would see plaintext answers too"
    for sentinel in (in_progress, finished):
        for form in encodings(sentinel):
            assert form not in dump

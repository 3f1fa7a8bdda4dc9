from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from django.db.utils import ConnectionHandler

from accounts import housekeeping
from accounts.deletion import account_delete
from config.sqlite_files import deleted_rows_flush, deleted_rows_flush_no_wait

ADDRESS = b"rin-leaving@example.com"


def _files_hold(path: Path) -> bool:
    return any(ADDRESS in file.read_bytes() for file in path.parent.glob(path.name + "*"))


def _file_database(path: Path) -> Any:
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(path),
                # As config/settings.py has it (secure_delete is not on in every SQLite build).
                "OPTIONS": {
                    "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA secure_delete=ON;"
                },
            }
        }
    )
    return handler["default"]


def test_a_deleted_row_leaves_the_database_files_too(db: None, tmp_path: Path) -> None:
    # What `grep` on the data folder found after an account was deleted: the address, in the log's
    # earlier frames and the database file's old pages, with nothing in any table.
    path = tmp_path / "db.sqlite3"
    connection = _file_database(path)
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE person (email TEXT)")
            cursor.execute("INSERT INTO person VALUES (%s)", [ADDRESS.decode()])
            cursor.execute("DELETE FROM person")
        assert _files_hold(path)
        deleted_rows_flush(connection)
        assert not _files_hold(path)
    finally:
        connection.close()


def test_deleting_an_account_flushes_them_once_it_is_committed(
    alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        account_delete(user=alice)
    # Without waiting: a reader in the way would hold every save on the site behind it.
    assert deleted_rows_flush_no_wait in callbacks and deleted_rows_flush not in callbacks


def test_the_hourly_housekeeping_ends_with_a_flush_even_when_nothing_expired(db: None, monkeypatch: Any) -> None:
    # What a person's own deletion left in the log (a reader was in the way) is taken out within
    # the hour, not only when some trash happens to expire.
    flushes: list[object] = []
    monkeypatch.setattr(housekeeping, "deleted_rows_flush", lambda: flushes.append("flush"))
    done = housekeeping.housekeeping_run()
    assert all(count == 0 for count in done.values())
    assert flushes == ["flush"]


def test_behind_a_reader_the_flush_holds_saves_back_a_second_at_most(db: None, tmp_path: Path) -> None:
    # A reader on an older snapshot (another worker mid-request) held the waiting flush for the
    # whole busy_timeout, 5 s, and SQLite holds every writer back while a checkpoint waits: the
    # person's page and everyone's saves with it.
    path = tmp_path / "db.sqlite3"
    connection = _file_database(path)
    reader = sqlite3.connect(path, isolation_level=None)
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE person (email TEXT)")
            cursor.execute("INSERT INTO person VALUES (%s)", [ADDRESS.decode()])
        reader.execute("BEGIN")
        reader.execute("SELECT * FROM person").fetchall()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM person")
        started = time.monotonic()
        assert deleted_rows_flush(connection, wait=False) is False  # on a person's request: no wait
        assert time.monotonic() - started < 0.5
        started = time.monotonic()
        assert deleted_rows_flush(connection) is False  # hourly: about a second
        assert 0.5 < time.monotonic() - started < 3
        with connection.cursor() as cursor:  # a save's own wait is as it was
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone() == (5000,)
        reader.execute("COMMIT")
        assert deleted_rows_flush(connection, wait=False) is True
        assert not _files_hold(path)
    finally:
        reader.close()
        connection.close()

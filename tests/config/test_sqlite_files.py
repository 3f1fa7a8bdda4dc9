from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from django.db.utils import ConnectionHandler

from accounts.deletion import account_delete
from config.sqlite_files import deleted_rows_flush

ADDRESS = b"rin-leaving@example.com"


def _files_hold(path: Path) -> bool:
    return any(ADDRESS in file.read_bytes() for file in path.parent.glob(path.name + "*"))


def _file_database(path: Path) -> Any:
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(path),
                "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;"},
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
    assert deleted_rows_flush in callbacks


def test_on_a_persons_request_the_flush_never_waits_for_a_reader(db: None, tmp_path: Path) -> None:
    # A reader on an older snapshot (another worker mid-request) held the waiting flush for the
    # whole busy_timeout, 5 s, before the person's page came back.
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
        assert deleted_rows_flush(connection, wait=False) is False  # the log could not be emptied yet
        assert time.monotonic() - started < 1
        with connection.cursor() as cursor:  # the person's own wait is as it was
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone() == (5000,)
        reader.execute("COMMIT")
        assert deleted_rows_flush(connection, wait=False) is True
        assert not _files_hold(path)
    finally:
        reader.close()
        connection.close()

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.utils import ConnectionHandler

from accounts.deletion import account_delete
from config.sqlite_files import deleted_rows_flush

ADDRESS = b"rin-leaving@example.com"


def _files_hold(path: Path) -> bool:
    return any(ADDRESS in file.read_bytes() for file in path.parent.glob(path.name + "*"))


def test_a_deleted_row_leaves_the_database_files_too(db: None, tmp_path: Path) -> None:
    # What `grep` on the data folder found after an account was deleted: the address, in the log's
    # earlier frames and the database file's old pages, with nothing in any table.
    path = tmp_path / "db.sqlite3"
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(path),
                "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;"},
            }
        }
    )
    connection = handler["default"]
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

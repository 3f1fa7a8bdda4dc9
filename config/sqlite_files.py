"""Deleted rows leaving SQLite's files, not only its tables.

In WAL mode a deleted row stays in the database file's old page, and in the write-ahead log's
earlier frames, until a checkpoint copies the new pages over it and the log starts again: on a
quiet server, for days. For an account that includes the wrapped data key beside the ciphertext,
so "the key is destroyed" would hold only for the tables. Freed pages are zeroed (SQLite's
secure_delete, set in config/settings.py), so once checkpointed nothing of it is left.
"""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)


# While a checkpoint waits for readers, SQLite holds every writer back with it: the hourly flush
# waits this long at most (a save still gets through within its own 5 s), a person's never.
HOURLY_WAIT_MS = 1000


def deleted_rows_flush(connection: BaseDatabaseWrapper | None = None, *, wait: bool = True) -> bool:
    """Copy every committed page into the database file and empty the log (PostgreSQL: nothing).

    With `wait=False` (on a person's request) it costs one checkpoint and never waits: a reader
    still on an older snapshot would hold TRUNCATE for the whole busy_timeout (5 s, measured), so
    it copies what it can and leaves the log's old frames to the hourly flush (`manage.py
    housekeeping` ends with one) or SQLite's own checkpoint. Says whether the log was emptied."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "sqlite" or connection.is_in_memory_db():  # type: ignore[attr-defined]
        return True
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            (waits_ms,) = cursor.fetchone()
            cursor.execute(f"PRAGMA busy_timeout={HOURLY_WAIT_MS if wait else 0}")
            try:
                # TRUNCATE cuts the log to nothing once no reader needs it: its old frames held
                # the rows as they were before.
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                return _log_emptied(cursor.fetchone())
            finally:
                cursor.execute(f"PRAGMA busy_timeout={int(waits_ms)}")
    except DatabaseError:
        # The deletion is committed and the person has been told; SQLite's own checkpoint will
        # come later.
        logger.warning("The database files could not be checkpointed after a deletion.")
        return False


def deleted_rows_flush_no_wait() -> None:
    """After a deletion a person asked for: as much of the flush as one checkpoint does, no waiting."""
    deleted_rows_flush(wait=False)


def _log_emptied(row: tuple[int, int, int] | None) -> bool:
    # (busy, frames in the log, frames copied): busy means a reader or writer kept it from finishing.
    return row is not None and row[0] == 0

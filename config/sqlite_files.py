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


def deleted_rows_flush(connection: BaseDatabaseWrapper | None = None) -> None:
    """Copy every committed page into the database file and empty the log (PostgreSQL: nothing)."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "sqlite" or connection.is_in_memory_db():  # type: ignore[attr-defined]
        return
    try:
        with connection.cursor() as cursor:
            # TRUNCATE waits (busy_timeout) for readers, then cuts the log to nothing: its old
            # frames held the rows as they were before.
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except DatabaseError:
        # The deletion is committed and the person has been told; SQLite's own checkpoint will
        # come later.
        logger.warning("The database files could not be checkpointed after a deletion.")

"""When pg_dump or pg_restore stops, the operator reads what went wrong, never a row's values."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from backups import pg_tools
from backups.errors import BackupError

STDERR = (
    "pg_restore: error: could not execute query: ERROR:  duplicate key value violates unique constraint "
    '"accounts_user_email_key"\n'
    "DETAIL:  Key (email)=(sam.private@example.com) already exists.\n"
    "CONTEXT:  COPY accounts_user, line 3\n"
    "Command was: COPY public.accounts_user (id, email) FROM stdin;\n"
    "pg_restore: warning: errors ignored on restore: 1\n"
)


def test_what_the_tool_said_is_kept_and_the_rows_values_are_not(monkeypatch: pytest.MonkeyPatch) -> None:
    def stops(args: list[str], **_kwargs: Any) -> None:
        raise subprocess.CalledProcessError(1, args, stderr=STDERR)

    monkeypatch.setattr(subprocess, "run", stops)  # the module pg_tools runs the tools with
    with pytest.raises(BackupError) as raised:
        pg_tools.pg_run(["/usr/bin/pg_restore", "--dbname=waypoint", "/backups/1/waypoint.pgdump"])
    message = str(raised.value)
    assert message.startswith("pg_restore stopped: pg_restore: error: could not execute query")
    assert "duplicate key value" in message and "errors ignored on restore: 1" in message
    assert "sam.private@example.com" not in message and "COPY accounts_user, line 3" not in message

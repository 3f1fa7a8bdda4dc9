"""When pg_dump or pg_restore stops, the operator reads what went wrong, never a row's values."""

from __future__ import annotations

import subprocess
from types import SimpleNamespace
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


def test_the_tools_reach_the_server_the_environment_names_when_database_url_does_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # DATABASE_URL=postgres:///waypoint, with PGHOST and PGPORT in the service's environment:
    # Waypoint connects through them, so pg_dump has to go to the same server.
    seen: dict[str, str] = {}

    def runs(args: list[str], *, env: dict[str, str], **_kwargs: Any) -> None:
        seen.update(env)

    monkeypatch.setenv("PGHOST", "/run/clinic-postgres")
    monkeypatch.setenv("PGPORT", "5433")
    monkeypatch.setattr(subprocess, "run", runs)
    settings = {"HOST": "", "PORT": "", "USER": "", "PASSWORD": "", "NAME": "waypoint"}
    monkeypatch.setattr(pg_tools, "connection", SimpleNamespace(settings_dict=settings))
    pg_tools.pg_run(["/usr/bin/pg_dump", "--format=custom"])
    assert (seen["PGHOST"], seen["PGPORT"], seen["PGDATABASE"]) == ("/run/clinic-postgres", "5433", "waypoint")


def test_what_database_url_names_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, str] = {}

    def runs(args: list[str], *, env: dict[str, str], **_kwargs: Any) -> None:
        seen.update(env)

    monkeypatch.setenv("PGHOST", "/run/clinic-postgres")
    monkeypatch.setattr(subprocess, "run", runs)
    settings = {"HOST": "db.clinic.example", "PORT": 5432, "USER": "waypoint", "PASSWORD": "pw", "NAME": "waypoint"}
    monkeypatch.setattr(pg_tools, "connection", SimpleNamespace(settings_dict=settings))
    pg_tools.pg_run(["/usr/bin/pg_dump", "--format=custom"])
    assert (seen["PGHOST"], seen["PGPORT"], seen["PGUSER"], seen["PGPASSWORD"]) == (
        "db.clinic.example",
        "5432",
        "waypoint",
        "pw",
    )

"""Running PostgreSQL's client tools (pg_dump, pg_restore) for backups, and what to say when they fail.

Kept apart from archive.py, which decides what a backup holds; this only runs the tools.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from django.db import connection

from backups.errors import BackupError


def pg_tool(name: str) -> str:
    # CI and clinics may keep several PostgreSQL versions; PG_DUMP / PG_RESTORE pick one.
    explicit = os.environ.get(name.upper())
    if explicit:
        return explicit
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} was not found. Install the PostgreSQL client tools or set {name.upper()}.")
    return found


def _pg_env() -> dict[str, str]:
    """What the tools need to reach the database Waypoint itself uses.

    Only what DATABASE_URL names replaces the environment's PGHOST, PGPORT, PGUSER: with
    `postgres:///waypoint` Waypoint's own connection takes them (or libpq's defaults) from the
    environment, so blanking them would send pg_dump to another server than the one it backs up.
    """
    settings = connection.settings_dict
    env = dict(os.environ)
    for variable, setting in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if settings.get(setting):
            env[variable] = str(settings[setting])
    env["PGDATABASE"] = str(settings["NAME"])
    return env


def pg_run(args: list[str]) -> None:
    """Run pg_dump or pg_restore; when it fails, say what it said instead of a traceback.

    Their messages name tables, versions and connections, never a row's contents.
    """
    try:
        subprocess.run(args, env=_pg_env(), check=True, capture_output=True, text=True)  # noqa: S603 - no shell
    except OSError as exc:
        raise BackupError(f"Could not run {args[0]} ({exc.strerror or exc}). Check PG_DUMP / PG_RESTORE.") from None
    except subprocess.CalledProcessError as exc:
        said = _tool_said(exc.stderr or "") or f"exit status {exc.returncode}"
        raise BackupError(f"{Path(args[0]).name} stopped: {said}") from None


# PostgreSQL's DETAIL and CONTEXT (and pg_restore's "Command was") can quote a row's values, such
# as an email address in "Key (email)=(…) already exists"; what goes to the terminal, cron's mail
# or journald keeps only what the tool says went wrong.
_ROW_DETAIL = re.compile(r"\s*\b(?:DETAIL|CONTEXT|Command was):.*$", re.DOTALL)


def _tool_said(stderr: str) -> str:
    lines = []
    for line in stderr.strip().splitlines():
        kept = _ROW_DETAIL.sub("", line).strip()
        if kept and not line.lstrip().startswith(("DETAIL:", "CONTEXT:", "Command was:")):
            lines.append(kept)
    return " ".join(lines[:3])

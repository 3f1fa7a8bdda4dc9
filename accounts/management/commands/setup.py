from __future__ import annotations

import os
import stat
from io import StringIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

# Steps after migrating, in order. Each is idempotent, so `make run` can call this every time.
SHIPPED_DATA_STEPS: list[tuple[str, list[str]]] = [
    ("keys_create", ["--if-missing"]),
    ("crisis_resources_load", []),
    ("peer_support_load", []),
    ("prompts_load", []),
]


def private_paths() -> tuple[Path, list[Path]]:
    """The data folder, and the files that hold what people wrote or can open it."""
    files = [Path(settings.WAYPOINT_KEY_FILE)]
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        files += [Path(f"{database['NAME']}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")]
    return Path(settings.DATA_DIR), files


def data_make_private(*, data_dir: Path, files: list[Path]) -> list[Path]:
    """Create the data folder 0700, and take back what earlier versions left readable (0644).

    New files are private from the start (settings set the umask); this mends installations
    made before. Returns what it changed.
    """
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    changed = []
    for path, mode in [(data_dir, 0o700), *((f, 0o600) for f in files)]:
        if path.exists() and stat.S_IMODE(path.stat().st_mode) & 0o077:
            os.chmod(path, mode)
            changed.append(path)
    return changed


def keys_refuse_if_wrong() -> None:
    """Stop before the key steps when the server keys cannot open what the database holds.

    Migrating skips the database checks, so without this a missing key file was replaced by a
    brand-new one ("Created var/keys. Back it up…"), and a wrong one went unnoticed: gunicorn started
    and every person met an error page, while newcomers' keys were wrapped with a key that was never
    theirs. journal's checks (E003, E004) say what is wrong and what to do; SystemCheckError prints
    them without a traceback.
    """
    call_command("check", "--database", DEFAULT_DB_ALIAS, "--tag", "database", stdout=StringIO())


class Command(BaseCommand):
    help = "Prepare Waypoint to run: migrate, create the cache table and keys, load shipped data."
    # Django's checks, run before handle() by default, open the SQLite file: in a data folder not
    # made yet, setup stopped with a traceback ("unable to open database file") before it could
    # make it. They run once it exists, below.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        data_dir, files = private_paths()
        for path in data_make_private(data_dir=data_dir, files=files):
            self.stdout.write(f"Made {path} private to this user: it was readable by others.")
        if not options.get("skip_checks"):  # call_command skips them, as it always did
            self.check()
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        call_command("createcachetable", verbosity=max(verbosity - 1, 0))
        keys_refuse_if_wrong()
        for name, arguments in SHIPPED_DATA_STEPS:
            call_command(name, *arguments, verbosity=verbosity)

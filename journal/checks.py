"""Startup checks: Waypoint refuses to run with keys that cannot read its database.

`manage.py migrate` and `manage.py check --database default` run the database checks; `manage.py
setup`, which `make run` and `make serve` use, migrates without them and then runs the database
checks itself, before it would create a key file; gunicorn stops in
JournalConfig.ready() when the key file is unreadable, and config/wsgi.py runs the database checks
as each worker boots. Without this, a lost key file would look like an empty journal or an error
on every page.
"""

from __future__ import annotations

import stat
from collections.abc import Sequence
from typing import Any

from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from journal import keyring
from journal.keyring import DecryptionError, KeyringError

_WHAT_TO_DO = (
    "Restore the key file (or WAYPOINT_KEYS) that belongs to this database from your backup. "
    "If you meant to start over, move the database aside (or point DATABASE_URL at a new, empty one) "
    "and run the setup again: `make run`, or `make serve-setup` on a server."
)


@register()
def check_key_source(app_configs: Any = None, **kwargs: Any) -> Sequence[CheckMessage]:
    path = keyring.key_file_path()
    if not keyring.keys_from_environment() and not path.exists():
        # A fresh installation: `manage.py setup` creates the file right after migrating.
        return []
    try:
        keyring.read_server_keyring()
    except KeyringError as exc:
        return [Error(str(exc), id="journal.E001")]
    if not keyring.keys_from_environment() and stat.S_IMODE(path.stat().st_mode) & 0o077:
        return [
            Warning(
                f"{path} can be read by other accounts on this machine.",
                hint=f"Run `chmod 600 {path}`.",
                id="journal.W002",
            )
        ]
    return []


def _journal_needs_migrating(alias: str) -> bool:
    loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    return any(node not in loader.applied_migrations for node in loader.graph.leaf_nodes("journal"))


@register(Tags.database)
def check_keys_match_database(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from journal.models import DataKey

    messages: list[CheckMessage] = []
    for alias in databases or []:
        if DataKey._meta.db_table not in connections[alias].introspection.table_names():
            continue
        if _journal_needs_migrating(alias):
            # The model would ask for columns a newer migration adds, and `migrate` runs these
            # checks before migrating: an upgrade would stop on its own check. It runs again
            # once the tables match the code (the next `migrate` or `check --database default`).
            continue
        wrapped_with = set(DataKey.objects.using(alias).values_list("server_key_id", flat=True).distinct())
        if not wrapped_with:
            continue
        try:
            ring = keyring.read_server_keyring()
        except KeyringError:
            source = "WAYPOINT_KEYS" if keyring.keys_from_environment() else str(keyring.key_file_path())
            messages.append(
                Error(
                    f"The server keys ({source}) are missing or unreadable, and the database already "
                    "holds encrypted writing that only they can open.",
                    hint=_WHAT_TO_DO,
                    id="journal.E003",
                )
            )
            continue
        for key_id in sorted(wrapped_with):
            sample = DataKey.objects.using(alias).filter(server_key_id=key_id).order_by("pk").first()
            try:
                server_key = ring.get(key_id)
                assert sample is not None
                keyring.data_key_unwrap_server_layer(sample, server_key=server_key)
            except (KeyringError, DecryptionError):
                messages.append(
                    Error(
                        f"The server keys in {ring.source} do not open the data keys in this database "
                        f"(key {key_id!r}).",
                        hint=_WHAT_TO_DO,
                        id="journal.E004",
                    )
                )
    return messages

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backups.archive import backup_create
from backups.errors import BackupError


class Command(BaseCommand):
    help = "Back up the database into a new folder, with a manifest naming and fingerprinting its server keys."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", type=Path, help="A new, empty folder for this backup.")

    def handle(self, *args: Any, destination: Path, **options: Any) -> None:
        try:
            manifest = backup_create(destination=destination)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        # Settings read SECRET_KEY_FILE before SECRET_KEY (config/env.py): name the one in use here.
        secret_file = os.environ.get("SECRET_KEY_FILE")
        named = "the secret key (SECRET_KEY)"
        if secret_file:
            named = f"the secret key file {secret_file} (SECRET_KEY_FILE)"
        self.stdout.write(f"Backed up to {destination}.")
        if manifest.server_key_ids:
            self.stdout.write(
                f"It needs the server key file with key(s): {', '.join(manifest.server_key_ids)}. The key file "
                f"is not in the backup: keep a copy of it somewhere else, with {named}, which codes people "
                "were given need too."
            )
        else:
            # A fresh install: it said "needs … key(s): none yet", which read as a key gone missing.
            self.stdout.write(
                "Nothing in it is encrypted with a server key yet, so it needs no key file to be read. "
                f"Keep a copy of the key file somewhere else anyway, with {named}: the backups after this "
                "one will need them."
            )
        unprinted = [k for k in manifest.server_key_ids if k not in (manifest.server_key_fingerprints or {})]
        if unprinted:
            self.stderr.write(
                f"The key file does not hold key(s) {', '.join(unprinted)} that this database uses, so what they "
                "wrap cannot be read now or after a restore. Put the key file that holds them back in place."
            )

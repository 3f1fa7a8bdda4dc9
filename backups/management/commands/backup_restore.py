from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from backups.archive import backup_restore, secret_key_differs
from backups.errors import BackupError


class Command(BaseCommand):
    help = "Restore a backup made by backup_create, migrate it, then check that every record decrypts."
    # Django's system checks open the database (and so create an empty SQLite file) before a
    # command runs; a refused restore must leave nothing behind. migrate runs them after the copy.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="The backup folder.")
        parser.add_argument("--force", action="store_true", help="Replace the database that is there now.")

    def handle(self, *args: Any, source: Path, force: bool, **options: Any) -> None:
        try:
            manifest, check = backup_restore(source=source, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if check.unchecked:
            # Backups made before fingerprints were recorded: the decrypt check below is the only proof.
            self.stderr.write(
                f"This backup's manifest has no fingerprint for server key(s) {', '.join(check.unchecked)}, "
                "so the key check could not be done before restoring. The check below shows whether they match."
            )
        elif manifest.server_key_ids:
            self.stdout.write(f"The server keys match this backup ({', '.join(manifest.server_key_ids)}).")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Restored {source}. Checking that every record decrypts…")
        # keys_verify raises CommandError, naming record ids only, if anything does not decrypt.
        call_command("keys_verify", stdout=self.stdout, stderr=self.stderr)
        if secret_key_differs(manifest):
            self.stderr.write(
                "This server's SECRET_KEY is not the one the backup was made with. The codes people were "
                "given before it (supporters' link codes, sign-up and clinic invitations) will not work. "
                "To keep them working, put the old secret key in place (SECRET_KEY or SECRET_KEY_FILE) and "
                "restart Waypoint; otherwise people can make new ones."
            )

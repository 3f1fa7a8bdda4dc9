from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backups.check import backup_check
from backups.errors import BackupError


class Command(BaseCommand):
    help = "Check a backup made by backup_create, without restoring it: complete, readable, and the keys here match."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="The backup folder.")

    def handle(self, *args: Any, source: Path, **options: Any) -> None:
        try:
            checked = backup_check(source=source)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = checked.manifest
        self.stdout.write(
            f"{source} is a whole backup from {manifest.created_at}: its {manifest.engine} database file "
            f"({checked.size:,} bytes) reads from start to end."
        )
        needed = ", ".join(manifest.server_key_ids)
        if checked.keys.unchecked:
            self.stderr.write(
                f"Its manifest has no fingerprint for server key(s) {', '.join(checked.keys.unchecked)} (it was made "
                "before fingerprints were kept), so whether the key file here opens it shows only on restoring."
            )
        elif needed:
            self.stdout.write(f"The server keys here are the ones it needs ({needed}), with matching fingerprints.")
        if checked.secret_key_differs:
            self.stderr.write(
                "It was made under another SECRET_KEY. Restored here, everything decrypts, but the codes people "
                "were given before (supporters' link codes, sign-up and clinic invitations) would not work."
            )
        self.stdout.write("Nothing was restored or changed.")

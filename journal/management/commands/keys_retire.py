from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from journal.key_lifecycle import server_key_retire
from journal.keyring import KeyringError


class Command(BaseCommand):
    help = "Rotation phase 4: remove an old server key once nothing is wrapped with it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("key_id")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            server_key_retire(options["key_id"])
        except KeyringError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Retired {options['key_id']}. Backups of the database taken before the last rewrap can no "
            "longer be read once every copy of the old key file is gone."
        )

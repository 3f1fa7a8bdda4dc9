from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from journal.key_lifecycle import server_key_activate
from journal.keyring import KeyringError


class Command(BaseCommand):
    help = "Rotation phase 2: make a server key the active one (new data keys are wrapped with it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("key_id")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            server_key_activate(options["key_id"])
        except KeyringError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{options['key_id']} is active: new data keys are wrapped with it, with no restart (with several "
            "app servers, copy the key file to each first). Next: `keys_rewrap`."
        )

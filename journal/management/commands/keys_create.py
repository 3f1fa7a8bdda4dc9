from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from journal import keyring
from journal.key_lifecycle import keys_create
from journal.keyring import KeyringError


class Command(BaseCommand):
    help = "Create Waypoint's server key file (0600) with one new key."
    # The system checks complain about the very file this command creates.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-missing", action="store_true", help="Do nothing when keys already exist.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = keys_create(if_missing=options["if_missing"])
        except KeyringError as exc:
            raise CommandError(str(exc)) from None
        if created:
            self.stdout.write(
                f"Created {keyring.key_file_path()}. Back it up apart from the database: "
                "without it, nothing in the journal can be read."
            )
        elif options["verbosity"] > 1:
            self.stdout.write("Server keys are already in place.")

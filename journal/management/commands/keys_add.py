from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from journal.key_lifecycle import server_key_add
from journal.keyring import KeyringError


class Command(BaseCommand):
    help = "Rotation phase 1: add a new server key, inactive (it only decrypts until keys_activate)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key_id = server_key_add()
        except KeyringError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Added {key_id} (inactive). Running Waypoint processes read the new file by themselves, "
            f"with no restart (with several app servers, copy it to each first). Next: `keys_activate {key_id}`."
        )
        # The copy kept for a lost key file has only the old keys: from keys_activate on, new
        # writing is under this one, and would be gone for good with the server's file.
        self.stdout.write(
            f"Copy the key file to your key backup now, before `keys_activate {key_id}`: the copy you "
            f"have does not hold {key_id}, and without it what is written from then on cannot be read."
        )

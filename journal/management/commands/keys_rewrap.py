from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from journal.key_lifecycle import keys_rewrap
from journal.keyring import DecryptionError, KeyringError


class Command(BaseCommand):
    help = (
        "Rotation phase 3: wrap every data key, MFA secret and shared item key with the active server key "
        "(also moves what was wrapped before subkeys)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            moved = keys_rewrap()
        except (KeyringError, DecryptionError) as exc:
            raise CommandError(str(exc)) from None
        keys = "key" if moved == 1 else "keys"
        self.stdout.write(f"Rewrapped {moved} {keys}. Old keys that wrap nothing can now go with `keys_retire`.")

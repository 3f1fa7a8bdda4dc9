from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from journal import keyring
from journal.key_lifecycle import keys_verify
from journal.keyring import KeyringError


class Command(BaseCommand):
    help = "Decrypt every data key and encrypted field; report failures by record id, never content."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            # A missing or unreadable key file is one cause, said once, not a line for every record.
            keyring.read_server_keyring()
        except KeyringError as exc:
            raise CommandError(str(exc)) from None
        report = keys_verify(on_failure=lambda what: self.stderr.write(f"cannot decrypt: {what}"))
        if not report.ok:
            failed = f"{len(report.failures)} of {report.checked} items did not decrypt."
            if len(report.failures) == report.checked:
                failed += (
                    f" None opened: {keyring.read_server_keyring().source} is probably not the key file this "
                    "database was made with. Restore that one from your backup."
                )
            raise CommandError(failed)
        self.stdout.write(f"All {report.checked} items decrypt.")
        if report.locked:
            # Not a failure: their server layer opened; what is inside it needs their passphrase.
            self.stdout.write(
                f"{report.locked} journal(s) are locked with their owner's passphrase: their data keys' "
                "server layer was checked, their writing cannot be (by design)."
            )
        if report.old_format:
            # They open, so nothing is wrong; they only still use the raw server key, not its subkeys.
            self.stdout.write(
                f"{report.old_format} of them are still wrapped the way they were before subkeys. "
                "`keys_rewrap` moves them."
            )

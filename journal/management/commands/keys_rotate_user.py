from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from journal.key_lifecycle import user_data_key_rotate
from journal.keyring import DecryptionError, JournalLocked, KeyringError


class Command(BaseCommand):
    help = "Give one person a new data key and re-encrypt everything they wrote with it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The person's email address.")

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError("Nobody has that email address.")
        try:
            version = user_data_key_rotate(user_id=user.pk)
        except JournalLocked:
            # The server alone cannot open a locked journal, which is the point of the lock.
            raise CommandError(
                "Nothing changed: this person's journal is locked with their own passphrase, so the "
                "server cannot open their data key to replace it. Their data key can be replaced only "
                "while they have their journal open."
            ) from None
        except (KeyringError, DecryptionError) as exc:
            raise CommandError(f"Nothing changed: {exc}") from None
        self.stdout.write(f"User {user.pk} now has data key v{version}; older versions are shredded.")

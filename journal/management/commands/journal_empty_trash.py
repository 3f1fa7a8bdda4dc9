from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from journal.services import TRASH_DAYS, trash_empty_expired


class Command(BaseCommand):
    help = f"Delete entries that have been in the trash for more than {TRASH_DAYS} days (run it daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = trash_empty_expired()
        self.stdout.write(f"Deleted {count} entries from the trash.")

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safety.peer_services import peer_support_load


class Command(BaseCommand):
    help = "Load the shipped peer-support directory. Keeps every clinic change; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        result = peer_support_load()
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Peer support: {result.created} new, {result.updated} updated, "
                f"{result.unchanged} unchanged, {result.retired} retired."
            )

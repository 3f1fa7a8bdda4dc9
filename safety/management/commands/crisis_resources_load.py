from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safety.services import crisis_resources_load


class Command(BaseCommand):
    help = "Load the shipped crisis resources. Keeps every clinic change; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        result = crisis_resources_load()
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Crisis resources: {result.created} new, {result.updated} updated, "
                f"{result.unchanged} unchanged, {result.retired} retired."
            )

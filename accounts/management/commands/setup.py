from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

# Steps after migrating, in order. Each is idempotent, so `make run` can call this every time.
SHIPPED_DATA_STEPS: list[tuple[str, list[str]]] = [
    ("keys_create", ["--if-missing"]),
    ("crisis_resources_load", []),
    ("prompts_load", []),
]


class Command(BaseCommand):
    help = "Prepare Waypoint to run: migrate, create the cache table and keys, load shipped data."

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        call_command("createcachetable", verbosity=max(verbosity - 1, 0))
        for name, arguments in SHIPPED_DATA_STEPS:
            call_command(name, *arguments, verbosity=verbosity)

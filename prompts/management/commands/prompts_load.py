from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prompts.definitions import DefinitionError
from prompts.loader import LIBRARY_DIR, library_load


class Command(BaseCommand):
    help = "Load the reflection library from prompts/library/*.yaml. Safe to run any number of times."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", type=Path, default=LIBRARY_DIR, help="Where the YAML files are.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            results = library_load(options["directory"])
        except DefinitionError as error:
            raise CommandError("The reflection library has problems:\n" + "\n".join(error.problems)) from error
        created = [(slug, number) for slug, number, is_new in results if is_new]
        if options["verbosity"] >= 1:
            for slug, number in created:
                self.stdout.write(f"Loaded {slug} version {number}.")
            self.stdout.write(f"Reflection library ready: {len(results)} sequences, {len(created)} new versions.")

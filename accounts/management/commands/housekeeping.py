from __future__ import annotations

import os
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from accounts.housekeeping import housekeeping_run

# How often a waiting loop looks up: it stops soon after whatever started it (`make run`) has gone.
_LOOK_UP_EVERY_SECONDS = 5


class Command(BaseCommand):
    help = "Tidy away what has expired: sessions, and entries past their 30 days in the trash (run it hourly)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="Keep running, once every SECONDS, until the process that started this one stops.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        every = options["every"]
        if not every:
            self._once()
            return
        parent = os.getppid()
        while True:
            try:
                self._once()
            except Exception as error:  # a bad hour must not end the loop: try again next time
                self.stderr.write(f"housekeeping: {type(error).__name__}: {error}")
            finally:
                # No connection (or SQLite lock) held through the hour's wait.
                connections.close_all()
            waited = 0
            while waited < every:
                time.sleep(min(_LOOK_UP_EVERY_SECONDS, every - waited))
                waited += _LOOK_UP_EVERY_SECONDS
                if os.getppid() != parent:
                    sys.exit(0)

    def _once(self) -> None:
        failed = []
        for name, count in housekeeping_run().items():
            if count is None:
                failed.append(name)
                self.stdout.write(f"{name}: failed (see the error log)")
            else:
                self.stdout.write(f"{name}: {count}")
        if failed:
            # After every job had its turn: cron (or the loop above) still hears that one failed.
            raise CommandError(f"housekeeping: {', '.join(failed)} failed; the other jobs ran.")

"""Periodic clean-up, off the request path: `manage.py housekeeping` runs every job, hourly.

Pages never write on a GET, so nothing that expires (sessions, entries in the trash past their
30 days) may be tidied away while someone reads. Each app registers its own job here, as the
journal registers the trash, so this lower layer never imports the apps above it.
Every job is idempotent: running it twice, or after a missed hour, does no harm.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from config.sqlite_files import deleted_rows_flush

logger = logging.getLogger(__name__)

# name -> job; a job returns how many things it tidied away.
_jobs: dict[str, Callable[[], int]] = {}


def housekeeping_register(name: str, job: Callable[[], int]) -> None:
    _jobs[name] = job


def housekeeping_run() -> dict[str, int | None]:
    """Every job, each on its own: one that fails is logged (None in the result) and the others
    still run, so one person's data (a locked journal, a damaged row) never stops everyone's."""
    done: dict[str, int | None] = {}
    for name, job in _jobs.items():
        try:
            done[name] = job()
        except Exception:
            logger.exception("Housekeeping job %r failed; the other jobs still ran.", name)
            done[name] = None
    # Last, whatever the jobs did: what a person's own deletion (an account, their trash) could
    # not take out of SQLite's files without making them wait (config/sqlite_files.py).
    deleted_rows_flush()
    return done


def sessions_expired_clear() -> int:
    """Sessions past their expiry, and "where you are signed in" rows of sessions that have ended."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from accounts.usersessions import ended_sessions_forget

    expired, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return expired + ended_sessions_forget()


housekeeping_register("sessions", sessions_expired_clear)

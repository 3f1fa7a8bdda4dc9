"""The application gunicorn serves (`make run`, `make serve`, the systemd unit in docs/deployment.md).

gunicorn runs no system checks, so two things happen here before the first request: a setting
or key file that stops start-up says so in a few words, not a traceback through gunicorn and
Django; and a key file that cannot open the database's writing (another installation's, or a new
one made after the right one went missing) stops start-up, as `manage.py setup` does, instead of
serving error pages and wrapping newcomers' data keys with a key that was never this database's.
"""

import logging
import os
import sys
from typing import NoReturn

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _stop(reason: str) -> NoReturn:
    message = f"Waypoint did not start. {reason}"
    if "gunicorn" in sys.modules:
        from gunicorn.errors import AppImportError

        # gunicorn prints this one's message alone and shuts down, rather than boot workers forever.
        raise AppImportError(message) from None
    raise ImproperlyConfigured(message) from None


def _keys_match_the_database() -> None:
    from django.core import checks
    from django.db import DEFAULT_DB_ALIAS, DatabaseError

    try:
        found = checks.run_checks(tags=[checks.Tags.database], databases=[DEFAULT_DB_ALIAS])
    except DatabaseError as exc:
        # Not reachable yet (PostgreSQL still starting): pages wait for it as they always have,
        # and every worker that boots later checks again.
        logging.getLogger("config.wsgi").warning(
            "Could not reach the database to check the server keys against it; each new worker checks again. %s", exc
        )
        return
    serious = [message for message in found if message.is_serious()]
    if serious:
        _stop(" ".join(f"{message.msg} {message.hint or ''}".strip() for message in serious))


try:
    application = get_wsgi_application()
except ImproperlyConfigured as exc:  # a missing setting or secret, or an unreadable key file
    _stop(str(exc))
_keys_match_the_database()

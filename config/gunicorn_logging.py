"""gunicorn's logger for Waypoint (named in gunicorn.conf.py): its log files private, and no codes
in its access log.

gunicorn opens `--access-logfile` and `--error-logfile` in its master process, before any worker
loads Django's settings and their umask (and `--daemon` sets 022 on its way): with an ordinary
umask the access log was created 0644, readable by every account on the server. And each line of
it holds the address asked for, so a supporter's private address, a therapist's link code or an
invite code sat in it for as long as the file is kept, letting whoever reads it in. They are left
out here as they are in Django's own log lines (config/log_filters.py).
"""

from __future__ import annotations

import os
from typing import Any

from gunicorn.glogging import Logger

from config.log_filters import redact


class PrivateLogger(Logger):  # type: ignore[misc]  # gunicorn has no type hints
    def setup(self, cfg: Any) -> None:
        # Here, not only in settings: this runs in the master, which creates the files, and again
        # after --daemon. Files reopened later (SIGUSR1, after a log rotation) are private too.
        os.umask(0o077)
        super().setup(cfg)

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        # Every text atom: the request line, the path, the query string, and headers such as Referer.
        found = super().atoms(resp, req, environ, request_time)
        return {name: redact(value) if isinstance(value, str) else value for name, value in found.items()}

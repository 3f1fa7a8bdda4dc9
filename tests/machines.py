"""Whole Waypoint installations for tests that need more than one process: each "machine" is
real `manage.py` (and gunicorn) processes with their own data folder and database.

Runs against whichever database the suite runs on: SQLite files locally, PostgreSQL databases in CI.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
TABLES = "from django.db import connection; print(len(connection.introspection.table_names()))"


class Machine:
    """One Waypoint installation: its own data folder (keys, SQLite file) and database."""

    # The same on every machine, as an operator who kept it with the key file; a test may change it.
    secret_key = "machine-test-" + "x" * 40

    def __init__(self, data_dir: Path, database_url: str | None) -> None:
        self.data_dir = data_dir
        self.database_url = database_url
        data_dir.mkdir()

    @property
    def key_file(self) -> Path:
        return self.data_dir / "keys"

    def env(self) -> dict[str, str]:
        # Each machine keeps its cache in its database, as `make run` and the deployment guide do.
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "WAYPOINT_KEYS", "WAYPOINT_KEY_FILE", "CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        }
        env.update(SECRET_KEY=self.secret_key, HTTPS="false", WAYPOINT_DATA_DIR=str(self.data_dir))
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(), capture_output=True, text=True, timeout=300
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def shell(self, script: str) -> str:
        """Run Python in this machine's Django; returns the last line it printed."""
        return self.manage("shell", "-c", script).stdout.strip().splitlines()[-1]

    def untouched(self) -> bool:
        """No database file was made (SQLite); on PostgreSQL the database is checked by table_count."""
        return self.database_url is not None or not any(self.data_dir.glob("db.sqlite3*"))

    def table_count(self) -> int:
        return int(self.shell(TABLES))

    @contextmanager
    def serving(self) -> Iterator[str]:
        """gunicorn, as `make run` starts it (one worker, so every request meets the same process)."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        log = self.data_dir / "gunicorn.log"
        with log.open("w") as out:
            server = subprocess.Popen(
                [
                    Path(sys.executable).with_name("gunicorn"),
                    "config.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--no-control-socket",
                ],
                cwd=ROOT,
                env=self.env(),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        base = f"http://127.0.0.1:{port}"
        try:
            # Until gunicorn answers, however long a loaded machine takes to start it. A hundred
            # tries (ten seconds) could run out, and the test then went on without a server.
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(f"{base}/accounts/login/", timeout=30)  # noqa: S310 - loopback
                    break
                except (urllib.error.URLError, OSError):
                    assert server.poll() is None, log.read_text()
                    assert time.monotonic() < deadline, f"gunicorn never answered:\n{log.read_text()}"
                    time.sleep(0.1)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)


@contextmanager
def empty_databases(count: int) -> Iterator[list[str | None]]:
    """Empty databases of the suite's engine; on SQLite each machine keeps a file in its data folder."""
    if connection.vendor == "sqlite":
        yield [None] * count
        return
    import psycopg

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    names = [f"waypoint_machine_{uuid.uuid4().hex[:8]}" for _ in range(count)]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield [f"{base}/{name}" for name in names]
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

"""gunicorn's access log, when an operator turns it on, is theirs alone and holds no codes
(gunicorn.conf.py, config/gunicorn_logging.py)."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRETS = ("KAPFTBRY", "GGTBZCQ2YG", "s3cr3t-t0ken", "2-cz1abc", "MjU:1x")
QUIET = ["--log-level", "critical", "--no-control-socket"]
ASKED_FOR = (
    "/care/accept/KAPFTBRY/",
    "/account/invite/?code=GGTBZCQ2YG",
    "/people-around-you/for-you/s3cr3t-t0ken/",
    "/accounts/password/reset/key/2-cz1abc/",
    "/accounts/confirm-email/MjU:1x/",
)


def _ask(sock_path: Path, path: str) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(30)
        conn.connect(str(sock_path))
        # Came from a link on another of them: the Referer holds a code too.
        came_from = f"https://localhost{ASKED_FOR[0]}"
        conn.sendall(f"GET {path} HTTP/1.0\r\nHost: localhost\r\nReferer: {came_from}\r\n\r\n".encode())
        while conn.recv(65536):
            pass


def test_an_access_log_turned_on_is_private_and_holds_no_link_or_invite_codes(tmp_path: Path) -> None:
    # As the operator would run it: from the app's folder, with an everyday umask of 022.
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(Path(os.environ["WAYPOINT_DATA_DIR"]) / "keys", data / "keys")
    env = {**os.environ, "WAYPOINT_DATA_DIR": str(data), "CACHE_URL": "locmem://"}
    log, sock_path = tmp_path / "access.log", tmp_path / "g.sock"
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"unix:{sock_path}", "--workers", "1"]
    server = subprocess.Popen(
        # The request line, the path, the query string and the Referer: every place a code could be.
        [*command, "--access-logfile", str(log), "--access-logformat", '"%(r)s" %(U)s %(q)s "%(f)s"', *QUIET],
        cwd=ROOT,
        env=env,
        umask=0o022,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not sock_path.exists() and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.1)
        for path in ASKED_FOR:
            _ask(sock_path, path)
        while log.read_text().count("\n") < len(ASKED_FOR) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert oct(stat.S_IMODE(log.stat().st_mode)) == "0o600"
    written = log.read_text()
    assert written.count("\n") == len(ASKED_FOR), written
    assert '"GET /care/accept/…/ HTTP/1.0" /care/accept/…/  "https://localhost/care/accept/…/"' in written
    assert '"GET /account/invite/?code=… HTTP/1.0" /account/invite/ code=… ' in written
    assert [secret for secret in SECRETS if secret in written] == []

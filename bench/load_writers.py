"""Many people saving at once, with app workers killed mid-write: is every acknowledged save kept?

    python -m bench.load_writers                       # SQLite in a throwaway folder
    DATABASE_URL=postgres://… python -m bench.load_writers   # an empty PostgreSQL database

Starts gunicorn as `make run` does (sync workers, loopback only) against a throwaway data folder,
signs in WRITERS people, and each saves SAVES new entries over HTTP through the editor's Save.
Every KILL_EVERY seconds one worker is killed with SIGKILL while requests are in flight; the
master starts another. Then every save that was acknowledged (the redirect to the saved entry)
is read back and decrypted through the app's own code. Prints saves per second, latency
percentiles and how many acknowledged saves were lost (it must be 0; the exit status says so).
Bounded: at most WRITERS x SAVES requests and DEADLINE seconds. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

WRITERS = int(os.environ.get("BENCH_WRITERS", "50"))
SAVES = int(os.environ.get("BENCH_SAVES", "100"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))  # as `make run`
KILL_EVERY = float(os.environ.get("BENCH_KILL_EVERY", "10"))
MAX_KILLS = int(os.environ.get("BENCH_MAX_KILLS", "5"))
DEADLINE = float(os.environ.get("BENCH_DEADLINE", "900"))
TIMEOUT = 60.0
ROOT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Tally:
    acknowledged: list[tuple[int, uuid.UUID, str]] = field(default_factory=list)  # (writer, entry id, body)
    latencies: list[float] = field(default_factory=list)
    refused: dict[str, int] = field(default_factory=dict)  # what the unacknowledged saves got
    lock: threading.Lock = field(default_factory=threading.Lock)

    def refuse(self, reason: str) -> None:
        with self.lock:
            self.refused[reason] = self.refused.get(reason, 0) + 1


def _environment(folder: Path, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        WAYPOINT_DATA_DIR=str(folder),
        WAYPOINT_KEY_FILE=str(folder / "keys"),
        SECRET_KEY=secrets.token_urlsafe(40),
        HTTPS="false",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL="WARNING",
    )
    env.pop("WAYPOINT_KEYS", None)
    env.setdefault("DATABASE_URL", f"sqlite:///{folder / 'db.sqlite3'}")
    env["BENCH_PORT"] = str(port)
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped while starting; see its output above.")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not answer within 30 s.")


def gunicorn_start(
    app: str, *, port: int, env: dict[str, str], workers: int = 2, cwd: Path = ROOT
) -> subprocess.Popen[bytes]:
    """gunicorn as `make run` starts it (sync workers, loopback only, warnings only), minus the
    control socket: several servers on one machine would share it. Returns once it answers.
    `cwd` is the tree whose code it serves (gunicorn puts it first on the path)."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), app, "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    server = subprocess.Popen(
        [*command, "--log-level", "warning", "--timeout", "60", "--no-control-socket"],
        cwd=cwd,
        env=env,
    )
    try:
        _wait_until_up(port, server)
    except BaseException:
        gunicorn_stop(server)
        raise
    return server


def gunicorn_stop(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _workers(master: int) -> list[int]:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return []
    return [int(pid) for pid in children]


def _sign_in(count: int) -> list[str]:
    """Sessions made by Django's own login, as the sign-in page makes them: signing in 50 people
    through the form would only meet the sign-in rate limit, which is not what this measures.
    The browser's cookie is the session's token; the database holds only its keyed hash."""
    from django.contrib.auth import login
    from django.test import RequestFactory

    from accounts.models import User
    from accounts.sessions import SessionStore

    cookies = []
    for n in range(count):
        user = User.objects.create_user(f"writer{n}@example.com", password=None)
        request = RequestFactory().get("/")
        request.session = SessionStore()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        request.session.save()
        assert request.session.token is not None
        cookies.append(request.session.token)
    return cookies


class Writer(threading.Thread):
    def __init__(self, number: int, session: str, port: int, tally: Tally, stop_at: float) -> None:
        super().__init__(daemon=True)
        self.number, self.session, self.port, self.tally, self.stop_at = number, session, port, tally, stop_at
        self.csrf = ""

    def _connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)

    def _cookies(self) -> str:
        return f"sessionid={self.session}; csrftoken={self.csrf}" if self.csrf else f"sessionid={self.session}"

    def _fetch_token(self) -> None:
        connection = self._connection()
        connection.request("GET", "/journal/new/", headers={"Cookie": self._cookies()})
        response = connection.getresponse()
        page = response.read().decode()
        cookie = response.getheader("Set-Cookie") or ""
        match = re.search(r"csrftoken=([^;]+)", cookie)
        if match:
            self.csrf = match.group(1)
        form_token = TOKEN.search(page)
        if not self.csrf or not form_token:
            raise RuntimeError(f"writer {self.number} could not open the editor ({response.status})")
        self.form_token = form_token.group(1)
        connection.close()

    def run(self) -> None:
        from urllib.parse import urlencode

        try:
            self._fetch_token()
        except (OSError, http.client.HTTPException, RuntimeError):
            # A worker was killed under the very first page; one more try, then give up on this writer.
            time.sleep(1)
            try:
                self._fetch_token()
            except (OSError, http.client.HTTPException, RuntimeError) as problem:
                self.tally.refuse(f"not sent: editor would not open ({problem})")
                return
        connection = self._connection()
        for n in range(SAVES):
            if time.monotonic() > self.stop_at:
                self.tally.refuse("not sent: deadline")
                continue
            entry_id = uuid.uuid4()
            body = f"Writer {self.number}, save {n}: {secrets.token_hex(16)}\nA second line, ünïcödé 🌧️."
            data = urlencode(
                {
                    "csrfmiddlewaretoken": self.form_token,
                    "entry_id": str(entry_id),
                    "version": "0",
                    "title": f"Save {n}",
                    "body": body,
                    "written_on": time.strftime("%Y-%m-%d"),
                    "kind": "free",
                    "mood": str(1 + n % 5),
                    "urge": "",
                    "tags": "load, night",
                }
            )
            headers = {
                "Cookie": self._cookies(),
                "Content-Type": "application/x-www-form-urlencoded",
                "Sec-Fetch-Site": "same-origin",
            }
            started = time.perf_counter()
            try:
                connection.request("POST", "/journal/new/", body=data, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as problem:
                # The worker died under this request: not acknowledged, so nobody was told "saved".
                self.tally.refuse(f"connection: {type(problem).__name__}")
                connection.close()
                connection = self._connection()
                continue
            elapsed = time.perf_counter() - started
            saved = response.status == 302 and f"/journal/{entry_id}/" in (response.getheader("Location") or "")
            if saved:
                with self.tally.lock:
                    self.tally.acknowledged.append((self.number, entry_id, body))
                    self.tally.latencies.append(elapsed)
            else:
                self.tally.refuse(f"HTTP {response.status}")
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = self._connection()
        connection.close()


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else float("nan")


def _lost(tally: Tally) -> tuple[int, int]:
    """Acknowledged saves missing or different in the database, read back through the app's own code."""
    from journal.models import Entry
    from journal.selectors import entry_texts

    entries = Entry.objects.in_bulk([entry_id for _, entry_id, _ in tally.acknowledged])
    lost = 0
    for _writer, entry_id, body in tally.acknowledged:
        entry = entries.get(entry_id)
        if entry is None or entry.is_draft or entry_texts(user=entry.owner, entry=entry).body != body:
            lost += 1
    return lost, Entry.objects.count()


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="waypoint-load-"))
    port = _free_port()
    env = _environment(folder, port)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    python = str(Path(sys.executable))
    for step in (["setup"], ["collectstatic", "--noinput"]):
        subprocess.run([python, "manage.py", *step, "--verbosity", "0"], cwd=ROOT, env=env, check=True)

    import django

    django.setup()
    from django.db import connection as db

    database = db.vendor
    sessions = _sign_in(WRITERS)
    db.close()

    server = gunicorn_start("config.wsgi", port=port, env=env, workers=WORKERS)
    kills = 0
    try:
        print(f"{WRITERS} writers x {SAVES} saves, {WORKERS} gunicorn workers, {database}, in {folder}", flush=True)
        tally = Tally()
        started = time.perf_counter()
        stop_at = time.monotonic() + DEADLINE
        writers = [Writer(n, sessions[n], port, tally, stop_at) for n in range(WRITERS)]
        for writer in writers:
            writer.start()
        next_kill = time.monotonic() + KILL_EVERY
        while any(w.is_alive() for w in writers):
            time.sleep(0.1)
            if not tally.acknowledged:
                # Kills count only among saves, not while the writers are still opening the editor.
                next_kill = time.monotonic() + KILL_EVERY
            elif kills < MAX_KILLS and time.monotonic() >= next_kill:
                workers = _workers(server.pid)
                if workers:
                    os.kill(workers[kills % len(workers)], signal.SIGKILL)
                    kills += 1
                    print(f"  killed a worker mid-run ({kills}/{MAX_KILLS})", flush=True)
                next_kill = time.monotonic() + KILL_EVERY
        wall = time.perf_counter() - started
    finally:
        gunicorn_stop(server)

    lost, stored = _lost(tally)
    acknowledged = len(tally.acknowledged)
    print()
    print(f"database                {database}")
    print(f"saves attempted         {WRITERS * SAVES}")
    print(f"acknowledged            {acknowledged}")
    for reason, count in sorted(tally.refused.items()):
        print(f"not acknowledged        {count}  ({reason})")
    print(f"workers killed          {kills}")
    print(f"entries in the database {stored}")
    print(f"wall time               {wall:.1f} s")
    print(f"saves per second        {acknowledged / wall:.1f}")
    print(
        f"latency p50 / p95 / max {_percentile(tally.latencies, 0.5) * 1000:.0f} / "
        f"{_percentile(tally.latencies, 0.95) * 1000:.0f} / {max(tally.latencies, default=0) * 1000:.0f} ms"
    )
    print(f"acknowledged saves lost {lost}")
    return 1 if lost or not acknowledged else 0


if __name__ == "__main__":
    sys.exit(main())

"""A small concurrent HTTP driver for `make bench`, in place of wrk (not on every machine).

CONNECTIONS threads, each with its own http.client connection, ask for the same page(s) as fast
as they are answered for a fixed time, and the answers that completed inside the window are
counted. Connections are kept alive when the server allows; gunicorn's sync workers (as `make run`
serves) close each one after its answer, so each request then opens a new connection, as wrk's
would. Anything but a 200 counts as an error, so a redirect to the sign-in page is never timed
as the page. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

CONNECTIONS = 8
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Run:
    seconds: float
    ok: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    # CPU seconds the driver itself spent, in cores: near 1 (Python's threads share one core),
    # the driver, not the server, is what limits the count.
    driver_cores: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def per_second(self) -> float:
        return self.ok / self.seconds

    def error(self, reason: str) -> None:
        with self.lock:
            self.errors[reason] = self.errors.get(reason, 0) + 1


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def _take_cookies(response: http.client.HTTPResponse, jar: dict[str, str]) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


def sign_in(port: int, email: str, password: str) -> str:
    """Sign in through the real sign-in form, as a browser does; returns the Cookie header."""
    jar: dict[str, str] = {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/accounts/login/")
        response = connection.getresponse()
        page = response.read().decode()
        _take_cookies(response, jar)
        token = TOKEN.search(page)
        if response.status != 200 or token is None:
            raise RuntimeError(f"the sign-in page answered {response.status} without a form")
        form = urlencode({"csrfmiddlewaretoken": token.group(1), "login": email, "password": password})
        connection.close()
        connection.request(
            "POST",
            "/accounts/login/",
            body=form,
            headers={
                "Cookie": _cookie_header(jar),
                "Content-Type": "application/x-www-form-urlencoded",
                "Sec-Fetch-Site": "same-origin",
            },
        )
        response = connection.getresponse()
        response.read()
        _take_cookies(response, jar)
        if response.status != 302:
            raise RuntimeError(f"signing in answered {response.status}, not a redirect")
    finally:
        connection.close()
    return _cookie_header(jar)


def drive(
    port: int,
    paths: Sequence[str],
    *,
    seconds: float,
    cookie: str = "",
    connections: int = CONNECTIONS,
    warm_up: float = 0.0,
) -> Run:
    """GET `paths` (each thread goes round them from its own place) for `seconds`, over
    `connections` connections at once; returns how many 200s were answered inside the window."""
    if warm_up:
        drive(port, paths, seconds=warm_up, cookie=cookie, connections=connections)
    run = Run(seconds=seconds)
    start = threading.Barrier(connections + 1)
    window: list[float] = []
    headers = {"Cookie": cookie} if cookie else {}

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        ok, latencies, n = 0, [], number
        start.wait()
        (began,) = window
        stop_at = began + seconds
        while True:
            path = paths[n % len(paths)]
            n += 1
            sent = time.perf_counter()
            if sent >= stop_at:
                break
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as problem:
                run.error(type(problem).__name__)
                connection.close()
                continue
            answered = time.perf_counter()
            if answered > stop_at:
                break  # answered after the window closed: not counted, as wrk does
            if response.status == 200:
                ok += 1
                latencies.append(answered - sent)
            else:
                run.error(f"HTTP {response.status} {path}")
            if response.will_close:
                connection.close()  # http.client opens a new one on the next request
        connection.close()
        with run.lock:
            run.ok += ok
            run.latencies.extend(latencies)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(connections)]
    for thread in threads:
        thread.start()
    window.append(time.perf_counter())
    cpu = time.process_time()
    start.wait()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    run.driver_cores = (time.process_time() - cpu) / (time.perf_counter() - window[0])
    return run

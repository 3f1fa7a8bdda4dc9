"""How fast Waypoint is for one person with 1,000 and 10,000 entries of ~1,500 characters.

Runs against a throwaway SQLite database and key file in a temporary folder; never var/.
See docs/performance.md for what each table means. Three parts, in this order:

1. Over HTTP, at 1,000 and then 10,000 entries: gunicorn serves Waypoint as `make run` does and
   bench/drive.py asks for each page over 8 connections at once for a fixed time (req/s), beside
   the bare-Django floor (bench/floor.py) on the same gunicorn; with queries per page.
2. Server time at 10,000 entries (Django test client, no network): median and p95 against budgets.
3. Search: median server time at 10,000 and 50,000 entries.

BENCH_QUICK=1 is a short run on smaller journals, to check the bench itself; its numbers are not
the issue's. The exit status is 1 when any goal or budget is missed.
"""

from __future__ import annotations

import atexit
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bench.drive import Run, drive, sign_in
from bench.journal_text import RARE_WORD, journal_text
from bench.load_writers import ROOT, _free_port, gunicorn_start, gunicorn_stop
from bench.seed import populate
from bench.tables import EMPTY_PAGE, Column, print_http, print_search, rate

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
ENTRIES = int(os.environ.get("BENCH_ENTRIES", "2000" if QUICK else "10000"))
SMALL = min(ENTRIES, 200 if QUICK else 1000)  # the first column of the HTTP table
SEARCH_LARGE = 5000 if QUICK else 50000
SECONDS = float(os.environ.get("BENCH_SECONDS", "1" if QUICK else "5"))  # per page, over HTTP
WARM_UP = SECONDS / 5
# The goals (#16): ratios on one machine in one run.
SEARCH_GOALS = {ENTRIES: 100.0, SEARCH_LARGE: 300.0}  # median ms at 10,000 and 50,000 entries
BODY_CHARS = 1500


def _environment(folder: Path) -> None:
    # Always our own folder and database, whatever the shell says: bench must not touch var/.
    os.environ["WAYPOINT_DATA_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["WAYPOINT_KEY_FILE"] = str(folder / "keys")
    os.environ.pop("WAYPOINT_KEYS", None)
    os.environ["CACHE_URL"] = "locmem://"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("HTTPS", "false")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"


def _seed(user: Any, upto: int) -> list[Any]:
    print(f"Writing entries up to {upto:,} of ~{BODY_CHARS:,} characters …", flush=True)
    started = time.perf_counter()
    ids = populate(user, upto, body_chars=BODY_CHARS)
    print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)
    return ids


def _time(runs: int, action: Callable[[int], Any]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per run. CPU time is what the request cost this process;
    on a busy machine wall time also counts waiting for a core."""
    action(0)  # warm caches and the first data-key unwrap
    wall, cpu = [], []
    for n in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        action(n)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _runs(count: int) -> int:
    return max(3, count // 5) if QUICK else count


def _pages(ids: list[Any]) -> dict[str, list[str]]:
    chosen = random.Random(11).sample(ids, min(200, len(ids)))
    return {
        "floor": ["/"],
        "empty": [EMPTY_PAGE],
        "timeline": ["/journal/"],
        "entry": [f"/journal/{pk}/" for pk in chosen],
        "home": ["/"],
        "plan": ["/safety/plan/"],
    }


def _server_env() -> dict[str, str]:
    """As `make run` sets it (bench/load_writers.py starts gunicorn as it does): the database cache
    the workers share, not the test client's in-process one; this bench's database and keys."""
    env = dict(os.environ)
    env.pop("CACHE_URL", None)
    env["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    return env


def _over_http(entries: int, ids: list[Any], email: str, password: str, client: Any) -> Column:
    from django.db import connection, connections
    from django.test.utils import CaptureQueriesContext

    pages = _pages(ids)
    queries = {"floor": 0}
    for key, paths in pages.items():
        if key == "floor":
            continue
        client.get(paths[0])  # this process's one read of the site-wide data is not the page's
        with CaptureQueriesContext(connection) as captured:
            status = client.get(paths[0]).status_code
        assert status == 200, f"{paths[0]} answered {status}: the bench would time something else"
        queries[key] = len(captured.captured_queries)
    connections.close_all()  # nothing of ours holds SQLite while gunicorn reads it

    load = os.getloadavg()[0]
    env = _server_env()
    runs: dict[str, Run] = {}
    print(f"Over HTTP at {entries:,} entries (load average {load:.1f}):", flush=True)
    port = _free_port()
    server = gunicorn_start("bench.floor:application", port=port, env=env)
    try:
        runs["floor"] = drive(port, pages["floor"], seconds=SECONDS, warm_up=WARM_UP)
    finally:
        gunicorn_stop(server)
    print(f"  {'floor':<9} {rate(runs['floor']):>16}  driver {runs['floor'].driver_cores:.2f} cores", flush=True)
    port = _free_port()
    server = gunicorn_start("config.wsgi", port=port, env=env)
    try:
        cookie = sign_in(port, email, password)
        for key, paths in pages.items():
            if key != "floor":
                runs[key] = drive(port, paths, seconds=SECONDS, cookie=cookie, warm_up=WARM_UP)
                print(f"  {key:<9} {rate(runs[key]):>16}  driver {runs[key].driver_cores:.2f} cores", flush=True)
    finally:
        gunicorn_stop(server)
    return Column(entries=entries, load=load, runs=runs, queries=queries)


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="waypoint-bench-"))
    atexit.register(shutil.rmtree, folder, True)  # ~200 MB at 50,000 entries; nothing to keep
    _environment(folder)
    sys.path.insert(0, str(ROOT))

    # As `make run` prepares its data folder, with the server's settings (its database cache gets
    # its table): the database, the keys, the shipped crisis lines and reflections.
    subprocess.run([sys.executable, "manage.py", "setup", "--verbosity", "0"], cwd=ROOT, env=_server_env(), check=True)

    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User
    from journal import keyring
    from journal.models import Entry
    from safety.plan_sections import SECTIONS
    from safety.services import plan_step_save

    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"A throwaway journal in {folder}", flush=True)

    password = "bench-only-password-" + uuid.uuid4().hex
    # A person who has confirmed their email and answered "which country?", so no page redirects.
    user = User.objects.create_user("bench@example.com", password=password, region_asked=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    # A safety plan with a few steps filled in, so its page shows what it would.
    for section in SECTIONS[:4]:
        plan_step_save(
            owner=user, section=section.slug, body=journal_text(random.Random(1), 200, rare=False), obstacles=""
        )

    client = Client()
    # Not force_login: the session cookie holds a token whose hash is the session key
    # (accounts/sessions.py), which force_login's cookie is not, so every page answered with a
    # redirect to the login page and was timed as one. Sign in through the form, as a person does.
    client.post("/accounts/login/", {"login": user.email, "password": password})

    columns = []
    for size in (SMALL, ENTRIES) if SMALL < ENTRIES else (ENTRIES,):
        ids = _seed(user, size)
        columns.append(_over_http(size, ids, user.email, password, client))
    print()

    for url in ("/journal/", f"/journal/{ids[0]}/", "/look-back/?span=1y", "/look-back/summary/?span=1y"):
        status = client.get(url).status_code
        assert status == 200, f"{url} answered {status}: the bench would time something else"
    load = os.getloadavg()[0]
    rng = random.Random(7)
    pages = max(1, ENTRIES // 20)

    results: dict[str, tuple[list[float], list[float]]] = {}
    results["baseline: settings page"] = _time(_runs(60), lambda n: client.get("/account/settings/"))
    results["timeline page"] = _time(_runs(60), lambda n: client.get(f"/journal/?page={1 + n % min(pages, 50)}"))
    results["entry page"] = _time(_runs(100), lambda n: client.get(f"/journal/{rng.choice(ids)}/"))
    # The look back decrypts every entry in its span: a year is ~1,100 of them, everything 10,000.
    from django.utils import timezone

    Entry.objects.filter(pk__in=ids[::100]).update(starred_at=timezone.now())
    results["look back: a year"] = _time(_runs(30), lambda n: client.get("/look-back/?span=1y"))
    results["look back: everything"] = _time(_runs(10), lambda n: client.get("/look-back/?span=all"))
    # The summary reads the same figures (without patterns) and a few small victories.
    results["summary: a year"] = _time(_runs(30), lambda n: client.get("/look-back/summary/?span=1y"))

    target = ids[len(ids) // 2]
    encrypt_ms: list[float] = []
    original_encrypt = keyring.UserKeyring.encrypt

    def timed_encrypt(self: Any, *args: Any, **kwargs: Any) -> bytes:
        began = time.perf_counter()
        try:
            return original_encrypt(self, *args, **kwargs)
        finally:
            encrypt_ms.append((time.perf_counter() - began) * 1000)

    def save(n: int) -> None:
        version = Entry.objects.values_list("version", flat=True).get(pk=target)
        data = {
            "entry_id": str(target),
            "version": version,
            "title": "Saved again",
            "kind": "free",
            "body": journal_text(rng, BODY_CHARS, rare=False),
            "written_on": date.today().isoformat(),
            "mood": "3",
            "urge": "2",
            "tags": "sleep, walk",
        }
        response = client.post("/journal/autosave/", data, headers={"HX-Request": "true"})
        assert b'data-status="saved"' in response.content, response.content[:200]

    keyring.UserKeyring.encrypt = timed_encrypt  # type: ignore[method-assign]
    results["save"] = _time(_runs(60), save)
    keyring.UserKeyring.encrypt = original_encrypt  # type: ignore[method-assign]
    encrypt_per_save = sum(encrypt_ms) / (len(results["save"][0]) + 1)

    def search(words: str) -> Callable[[int], Any]:
        def one(n: int) -> None:
            response = client.post("/journal/search/", {"q": words})
            assert response.status_code == 200, f"search answered {response.status_code}"

        return one

    rare = f"search (rare word, {ENTRIES // 200} hits)"
    results[rare] = _time(_runs(15), search(RARE_WORD))
    results["search (common word)"] = _time(_runs(15), search("garden"))

    budgets = {"timeline page": 50.0, "entry page": 50.0, "look back: a year": 150.0, "summary: a year": 150.0}
    print(f"Server time at {ENTRIES:,} entries (Django test client, no network)")
    print(f"load average before the runs: {load:.1f} on {os.cpu_count()} CPUs")
    print(f"{'operation':<32} {'runs':>4} {'median ms':>9} {'p95 ms':>8} {'cpu median':>10}  budget (median)")
    print("-" * 96)
    failed = False
    for name, (wall, cpu) in results.items():
        median, p95, cpu_median = statistics.median(wall), _p95(wall), statistics.median(cpu)
        budget = budgets.get(name, 300.0 if name.startswith("search") else None)
        verdict = ""
        if budget is not None:
            ok = median < budget
            failed = failed or not ok
            verdict = f"< {budget:.0f} ms: {'yes' if ok else 'NO'} (cpu: {'yes' if cpu_median < budget else 'NO'})"
        print(f"{name:<32} {len(wall):>4} {median:>9.2f} {p95:>8.2f} {cpu_median:>10.2f}  {verdict}")
    save_median = statistics.median(results["save"][1])
    share = encrypt_per_save / save_median * 100
    print("-" * 96)
    print(
        f"encryption in a save: {encrypt_per_save:.3f} ms of {save_median:.2f} ms cpu median "
        f"= {share:.2f}% (budget 5%: {'yes' if share < 5 else 'NO'})"
    )
    failed = failed or share >= 5

    failed = print_http(columns, seconds=SECONDS, warm_up=WARM_UP) or failed
    searches = {ENTRIES: {"rare word": results[rare][0], "common word": results["search (common word)"][0]}}
    _seed(user, SEARCH_LARGE)
    searches[SEARCH_LARGE] = {
        "rare word": _time(_runs(15), search(RARE_WORD))[0],
        "common word": _time(_runs(15), search("garden"))[0],
    }
    failed = print_search(searches, SEARCH_GOALS) or failed
    verdict = "a goal or budget was missed" if failed else "every goal and budget met"
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}; {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""`make bench-compare BEFORE=<rev>`: the HTTP table of `make bench` for an older commit and for
this tree, in one run on one machine, side by side (issue #16's "before and after").

1. `git archive BEFORE` into a throwaway folder, with this tree's bench/ package copied over its
   own, so both sides are driven and seeded by the same harness.
2. Each side gets its own data folder, and bench/compare_side.py runs inside each tree as a
   subprocess: the tree's own `manage.py setup` (or migrate and the steps it stood for), and
   entries written by the tree's own models and encryption.
3. At each size both trees are served by gunicorn as `make run` serves them, the bare-Django
   floor is measured once, and each page is driven on one side then the other, the order
   swapped page by page, so a change in the machine's load falls on both.
4. Everything is removed at the end: the archive, the data folders, the servers.

BENCH_QUICK=1, BENCH_SECONDS and BENCH_ENTRIES as for `make bench`; BENCH_ROUNDS (2, or 1 when
quick) rounds of every page on both sides. Search is the median server time through the
Django test client at each size (no 50,000: the old search reads every entry). Not a test: exit
status 1 only when a page answered something other than 200.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.compare_side import EMAIL, PAGES
from bench.drive import Run, drive, sign_in
from bench.load_writers import ROOT, _free_port, gunicorn_start, gunicorn_stop
from bench.tables import LABELS, Column, print_compare, rate

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
ENTRIES = int(os.environ.get("BENCH_ENTRIES", "2000" if QUICK else "10000"))
SMALL = min(ENTRIES, 200 if QUICK else 1000)
SECONDS = float(os.environ.get("BENCH_SECONDS", "1" if QUICK else "5"))
WARM_UP = SECONDS / 5
SEARCH_RUNS = 3 if QUICK else 15
# Rounds of every page on both sides; a page's req/s is its answers over all its rounds' time.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1" if QUICK else "2"))
# The last commit on main before any of issue #16's work was merged (docs/performance.md says why).
DEFAULT_BEFORE = "b5b779b"


@dataclass
class Side:
    name: str  # "before" or "after"
    rev: str  # what the table calls it
    tree: Path
    folder: Path
    columns: list[Column] = field(default_factory=list)
    search: dict[int, dict[str, float]] = field(default_factory=dict)

    def env(self, *, server: bool) -> dict[str, str]:
        """Its own folder, database and keys, whatever the shell says; the server's settings as
        `make run` sets them (the database cache its workers share), as bench/__main__.py does."""
        env = dict(os.environ)
        env.pop("PYTHONPATH", None)  # the tree's own code first, nothing of this tree's
        env.pop("WAYPOINT_KEYS", None)
        env.update(
            WAYPOINT_DATA_DIR=str(self.folder),
            DATABASE_URL=f"sqlite:///{self.folder / 'bench.sqlite3'}",
            WAYPOINT_KEY_FILE=str(self.folder / "keys"),
            SECRET_KEY="bench-only-secret-key",
            HTTPS="false",
            DEBUG="false",
            DJANGO_SETTINGS_MODULE="config.settings",
            ALLOWED_HOSTS="127.0.0.1,localhost" if server else "127.0.0.1,localhost,testserver",
        )
        if server:
            env.pop("CACHE_URL", None)
        else:
            env["CACHE_URL"] = "locmem://"
        return env

    def run(self, *arguments: str, password: str) -> dict[str, Any]:
        env = {**self.env(server=False), "BENCH_PASSWORD": password}
        command = [sys.executable, "-m", "bench.compare_side", *arguments]
        done = subprocess.run(command, cwd=self.tree, env=env, check=True, stdout=subprocess.PIPE, text=True)
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result


def tree_at(rev: str, into: Path, repository: Path = ROOT) -> Path:
    """The commit's files (no .git), with this tree's bench/ in place of whatever it had."""
    tree = into / "tree"
    tree.mkdir()
    archive = into / "tree.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "archive", "--format=tar", rev], cwd=repository, stdout=out, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    archive.unlink()
    shutil.rmtree(tree / "bench", ignore_errors=True)
    shutil.copytree(ROOT / "bench", tree / "bench", ignore=shutil.ignore_patterns("__pycache__"))
    return tree


def _describe(rev: str) -> str:
    done = subprocess.run(
        ["git", "log", "-1", "--format=%h %ad", "--date=short", rev],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def _together(earlier: Run | None, run: Run) -> Run:
    """Two rounds of one page on one side as one run: their answers over their time together."""
    if earlier is None:
        return run
    errors = {key: earlier.errors.get(key, 0) + run.errors.get(key, 0) for key in {*earlier.errors, *run.errors}}
    return Run(
        seconds=earlier.seconds + run.seconds,
        ok=earlier.ok + run.ok,
        errors=errors,
        latencies=earlier.latencies + run.latencies,
        driver_cores=max(earlier.driver_cores, run.driver_cores),
    )


def _measure(sides: list[Side], size: int, password: str) -> bool:
    """One column for each side at `size` entries. True when any answer was not a 200."""
    grown = {}
    for side in sides:
        print(f"{side.name}: growing the journal to {size:,} entries …", flush=True)
        grown[side.name] = side.run("grow", str(size), str(SEARCH_RUNS), password=password)
        side.search[size] = grown[side.name]["search"]
    load = os.getloadavg()[0]
    print(f"Over HTTP at {size:,} entries (load average {load:.1f}):", flush=True)
    port = _free_port()
    server = gunicorn_start("bench.floor:application", port=port, env=sides[-1].env(server=True))
    try:
        floor = drive(port, ["/"], seconds=SECONDS, warm_up=WARM_UP)
    finally:
        gunicorn_stop(server)
    print(f"  {'floor':<9} {rate(floor):>16}", flush=True)
    servers: dict[str, tuple[Any, int, str]] = {}
    runs: dict[str, dict[str, Run]] = {side.name: {"floor": floor} for side in sides}
    try:
        for side in sides:
            port = _free_port()
            server = gunicorn_start("config.wsgi", port=port, env=side.env(server=True), cwd=side.tree)
            servers[side.name] = (server, port, sign_in(port, EMAIL, password))
        # Each page on one side then the other, the order swapped page by page and round by
        # round (A B, B A, ...), so a change in the machine's load falls on both sides alike.
        pages = [key for key in LABELS if key != "floor"]
        for round_ in range(ROUNDS):
            for turn, key in enumerate(pages):
                order = sides if (turn + round_) % 2 == 0 else sides[::-1]
                for side in order:
                    _, port, cookie = servers[side.name]
                    ids = grown[side.name]["ids"]
                    paths = [f"/journal/{pk}/" for pk in ids] if key == "entry" else [PAGES[key]]
                    run = drive(port, paths, seconds=SECONDS, cookie=cookie, warm_up=WARM_UP)
                    runs[side.name][key] = _together(runs[side.name].get(key), run)
                    print(f"  {key:<9} {side.name:<6} {rate(run):>16}", flush=True)
    finally:
        for server, _, _ in servers.values():
            gunicorn_stop(server)
    for side in sides:
        queries = {"floor": 0, **grown[side.name]["queries"]}
        side.columns.append(Column(entries=size, load=load, runs=runs[side.name], queries=queries))
    return any(run.errors or not run.ok for side_runs in runs.values() for run in side_runs.values())


def main(argv: list[str]) -> int:
    before = (argv[1] if len(argv) > 1 else "") or os.environ.get("BENCH_BEFORE") or DEFAULT_BEFORE
    work = Path(tempfile.mkdtemp(prefix="waypoint-bench-compare-"))
    atexit.register(shutil.rmtree, work, True)  # the old tree and both journals; nothing to keep
    sides = [
        Side("before", _describe(before), tree_at(before, work), work / "data-before"),
        Side("after", _describe("HEAD") + " (this tree)", ROOT, work / "data-after"),
    ]
    password = "bench-only-password-" + uuid.uuid4().hex
    for side in sides:
        side.folder.mkdir(mode=0o700)
        print(f"{side.name}: {side.rev}, preparing its folder …", flush=True)
        side.run("setup", password=password)
    failed = False
    for size in (SMALL, ENTRIES) if SMALL < ENTRIES else (ENTRIES,):
        failed = _measure(sides, size, password) or failed
    before_side, after_side = sides
    print_compare(
        before_side.columns,
        after_side.columns,
        {"before": before_side.search, "after": after_side.search},
        names=(before_side.rev, after_side.rev),
        seconds=SECONDS * ROUNDS,
        warm_up=WARM_UP,
    )
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

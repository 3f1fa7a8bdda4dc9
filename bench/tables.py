"""The tables `make bench` prints, and the goals of issue #16 they are read against."""

from __future__ import annotations

import os
import statistics
from dataclasses import dataclass

from bench.drive import CONNECTIONS, Run

EMPTY_VS_FLOOR = 0.25
PAGE_VS_EMPTY = 0.50
QUERY_BUDGET = 8

EMPTY_PAGE = "/account/settings/"
LABELS = {
    "floor": "bare Django on the same gunicorn (no middleware, no database)",
    "empty": f"an empty signed-in page through Waypoint's middleware (`{EMPTY_PAGE}`)",
    "timeline": "timeline `/journal/`",
    "entry": "entry page `/journal/<id>/` (200 entries in turn)",
    "home": "home `/`",
    "plan": "safety plan `/safety/plan/`",
}


@dataclass
class Column:
    entries: int
    load: float
    runs: dict[str, Run]
    queries: dict[str, int]


def rate(run: Run) -> str:
    errors = sum(run.errors.values())
    return f"{run.per_second:,.0f} req/s" + (f" ({errors} errors)" if errors else "")


def print_http(columns: list[Column], *, seconds: float, warm_up: float) -> bool:
    """The issue's table, its ratios and queries per page. True when a goal is missed."""
    failed = False
    sizes = " | ".join(f"{column.entries:,} entries" for column in columns)
    print()
    print(
        f"Over HTTP: gunicorn config.wsgi as `make run` serves it (2 sync workers, 127.0.0.1), "
        f"{CONNECTIONS} connections, {seconds:g} s a page after {warm_up:g} s warm-up"
    )
    loads = ", ".join(f"{column.load:.1f} before {column.entries:,}" for column in columns)
    print(f"load average: {loads} (on {os.cpu_count()} CPUs)\n")
    print(f"| page | {sizes} | queries |")
    print("| --- |" + " --- |" * (len(columns) + 1))
    for key, label in LABELS.items():
        rates = " | ".join(rate(column.runs[key]) for column in columns)
        counts = " / ".join(str(column.queries[key]) for column in columns)
        print(f"| {label} | {rates} | {counts} |")
        failed = failed or any(column.runs[key].errors or not column.runs[key].ok for column in columns)
    floor_cores = max(column.runs["floor"].driver_cores for column in columns)
    print(
        f"\nThe driver itself used up to {floor_cores:.2f} of a core against the floor (its threads share "
        "one core: near 1.00, the floor row is the driver's limit, not the server's, and the first ratio "
        "flatters Waypoint)."
    )
    print()
    print(f"| goal | {sizes} |")
    print("| --- |" + " --- |" * len(columns))
    goals = [("empty", "floor", EMPTY_VS_FLOOR, "an empty signed-in page")]
    for key in ("timeline", "entry", "home", "plan"):
        goals.append((key, "empty", PAGE_VS_EMPTY, LABELS[key].split(" `")[0]))
    for key, against, goal, name in goals:
        cells = []
        for column in columns:
            ratio = column.runs[key].per_second / max(column.runs[against].per_second, 1e-9)
            ok = ratio >= goal
            failed = failed or not ok
            cells.append(f"{ratio:.1%} {'yes' if ok else 'NO'}")
        base = "the floor" if against == "floor" else "the empty page"
        print(f"| {name} ≥ {goal:.0%} of {base} | {' | '.join(cells)} |")
    cells = []
    for column in columns:
        over = [key for key, count in column.queries.items() if count > QUERY_BUDGET]
        failed = failed or bool(over)
        cells.append("yes" if not over else "NO: " + ", ".join(f"{key} {column.queries[key]}" for key in over))
    print(f"| at most {QUERY_BUDGET} queries a page | {' | '.join(cells)} |")
    return failed


def print_search(results: dict[int, dict[str, list[float]]], goals: dict[int, float]) -> bool:
    sizes = list(results)
    print()
    print("Search: median server time (Django test client), ms")
    print(f"| search | {' | '.join(f'{size:,} entries' for size in sizes)} |")
    print("| --- |" + " --- |" * len(sizes))
    failed = False
    for name in results[sizes[0]]:
        print(f"| {name} | {' | '.join(f'{statistics.median(results[size][name]):.0f} ms' for size in sizes)} |")
    cells = []
    for size in sizes:
        worst = max(statistics.median(samples) for samples in results[size].values())
        ok = worst <= goals[size]
        failed = failed or not ok
        cells.append(f"≤ {goals[size]:.0f} ms: {'yes' if ok else 'NO'}")
    print(f"| goal (the slower word) | {' | '.join(cells)} |")
    return failed

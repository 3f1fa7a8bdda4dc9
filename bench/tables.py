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


# (page, the page it is measured against, the least ratio, how the table names the goal)
GOALS = [("empty", "floor", EMPTY_VS_FLOOR, f"an empty signed-in page ≥ {EMPTY_VS_FLOOR:.0%} of the floor")] + [
    (key, "empty", PAGE_VS_EMPTY, f"{LABELS[key].split(' `')[0]} ≥ {PAGE_VS_EMPTY:.0%} of the empty page")
    for key in ("timeline", "entry", "home", "plan")
]


@dataclass
class Column:
    entries: int
    load: float
    runs: dict[str, Run]
    queries: dict[str, int]


def rate(run: Run) -> str:
    errors = sum(run.errors.values())
    return f"{run.per_second:,.0f} req/s" + (f" ({errors} errors)" if errors else "")


def _goal_cell(column: Column, key: str, against: str, goal: float) -> tuple[bool, str]:
    ratio = column.runs[key].per_second / max(column.runs[against].per_second, 1e-9)
    return ratio >= goal, f"{ratio:.1%} {'yes' if ratio >= goal else 'NO'}"


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
    for key, against, goal, name in GOALS:
        cells = []
        for column in columns:
            ok, cell = _goal_cell(column, key, against, goal)
            failed = failed or not ok
            cells.append(cell)
        print(f"| {name} | {' | '.join(cells)} |")
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


def _times(after: float, before: float) -> str:
    return f"{after / before:.2f}x" if before else "n/a"


def print_compare(
    before: list[Column],
    after: list[Column],
    search: dict[str, dict[int, dict[str, float]]],
    *,
    names: tuple[str, str],
    seconds: float,
    warm_up: float,
) -> None:
    """`make bench-compare`'s tables: each size's before and after side by side, and after ÷ before
    (above 1.00x is faster for req/s, slower for search's ms)."""
    pairs = list(zip(before, after, strict=True))
    heads = " | ".join(f"{b.entries:,} before | {b.entries:,} after | after ÷ before" for b, _ in pairs)
    rule = "| --- |" + " --- | --- | --- |" * len(pairs)
    print()
    print(f"Before: {names[0]}. After: {names[1]}.")
    print(
        f"Over HTTP: gunicorn config.wsgi as `make run` serves it (2 sync workers, 127.0.0.1), {CONNECTIONS} "
        f"connections, {seconds:g} s a page on each side after {warm_up:g} s warm-up, the two sides in turn "
        "page by page; the floor is one run for both sides"
    )
    loads = ", ".join(f"{b.load:.1f} before {b.entries:,}" for b, _ in pairs)
    print(f"load average: {loads} (on {os.cpu_count()} CPUs)\n")
    print(f"| page | {heads} | queries before → after |")
    print(rule + " --- |")
    for key, label in LABELS.items():
        cells = " | ".join(
            f"{rate(b.runs[key])} | {rate(a.runs[key])} | {_times(a.runs[key].per_second, b.runs[key].per_second)}"
            for b, a in pairs
        )
        queries = " / ".join(f"{b.queries[key]} → {a.queries[key]}" for b, a in pairs)
        print(f"| {label} | {cells} | {queries} |")
    print()
    print(f"| goal | {' | '.join(f'{b.entries:,} before | {b.entries:,} after' for b, _ in pairs)} |")
    print("| --- |" + " --- | --- |" * len(pairs))
    for key, against, goal, name in GOALS:
        cells = " | ".join(
            f"{_goal_cell(b, key, against, goal)[1]} | {_goal_cell(a, key, against, goal)[1]}" for b, a in pairs
        )
        print(f"| {name} | {cells} |")
    over = [
        " | ".join(", ".join(f"{k} {n}" for k, n in c.queries.items() if n > QUERY_BUDGET) or "yes" for c in (b, a))
        for b, a in pairs
    ]
    print(f"| at most {QUERY_BUDGET} queries a page | {' | '.join(over)} |")
    sizes = [b.entries for b, _ in pairs if b.entries in search["before"] and b.entries in search["after"]]
    if not sizes:
        return
    print()
    print("Search: median server time (Django test client), ms")
    print(f"| search | {' | '.join(f'{size:,} before | {size:,} after | after ÷ before' for size in sizes)} |")
    print("| --- |" + " --- | --- | --- |" * len(sizes))
    for word in search["before"][sizes[0]]:
        timings = []
        for size in sizes:
            was, now = search["before"][size][word], search["after"][size][word]
            timings.append(f"{was:.0f} ms | {now:.0f} ms | {_times(now, was)}")
        print(f"| {word} | {' | '.join(timings)} |")

"""`make bench` is not a test, but its HTTP driver and its verdicts are: if they counted a redirect
to the sign-in page as a page, or printed "yes" under a missed goal, the numbers would lie."""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from bench.compare import tree_at
from bench.drive import Run, drive, sign_in
from bench.load_writers import ROOT
from bench.tables import Column, print_compare, print_http
from tests.factories import PASSWORD, UserFactory


def _server_threads_finish() -> None:
    """Wait for the live server's request threads: one still closing its database connection
    after the test has ended fails later, in whatever test runs next."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if not any("process_request_thread" in thread.name for thread in threading.enumerate()):
            return
        time.sleep(0.05)


def _port(live_server: Any) -> int:
    port = urlsplit(live_server.url).port
    assert port is not None
    return port


@pytest.mark.django_db(transaction=True)
def test_the_driver_signs_in_through_the_form_and_counts_only_the_page(live_server: Any) -> None:
    person: Any = UserFactory()
    port = _port(live_server)
    cookie = sign_in(port, person.email, PASSWORD)

    signed_in = drive(port, ["/account/settings/"], seconds=0.5, cookie=cookie, connections=2)
    assert signed_in.ok > 0 and not signed_in.errors
    assert signed_in.per_second == signed_in.ok / 0.5

    # Without the session the page redirects to sign-in: counted as errors, never as the page.
    signed_out = drive(port, ["/account/settings/"], seconds=0.3, connections=2)
    assert signed_out.ok == 0
    assert set(signed_out.errors) == {"HTTP 302 /account/settings/"}
    _server_threads_finish()


def _column(entries: int, rates: dict[str, int], **queries: int) -> Column:
    runs = {key: Run(seconds=1.0, ok=rate) for key, rate in rates.items()}
    return Column(entries=entries, load=0.0, runs=runs, queries={**dict.fromkeys(rates, 3), **queries})


def test_the_table_says_which_goal_is_missed(capsys: pytest.CaptureFixture[str]) -> None:
    met = {"floor": 1000, "empty": 300, "timeline": 200, "entry": 150, "home": 150, "plan": 150}
    assert print_http([_column(1000, met), _column(10000, met)], seconds=1, warm_up=0.2) is False
    printed = capsys.readouterr().out
    assert "| an empty signed-in page ≥ 25% of the floor | 30.0% yes | 30.0% yes |" in printed
    assert "NO" not in printed

    slow_home = {**met, "home": 100}
    assert print_http([_column(1000, met), _column(10000, slow_home)], seconds=1, warm_up=0.2) is True
    assert "| home ≥ 50% of the empty page | 50.0% yes | 33.3% NO |" in capsys.readouterr().out

    assert print_http([_column(1000, met, plan=9)], seconds=1, warm_up=0.2) is True
    assert "| at most 8 queries a page | NO: plan 9 |" in capsys.readouterr().out


def test_the_compare_table_puts_each_page_before_and_after_side_by_side(capsys: pytest.CaptureFixture[str]) -> None:
    old = {"floor": 1000, "empty": 100, "timeline": 40, "entry": 60, "home": 45, "plan": 50}
    new = {"floor": 1000, "empty": 300, "timeline": 200, "entry": 150, "home": 150, "plan": 100}
    before = [_column(1000, old, home=14), _column(10000, {**old, "timeline": 20}, home=14)]
    after = [_column(1000, new), _column(10000, new)]
    search = {
        "before": {1000: {"rare word": 40.0}, 10000: {"rare word": 400.0}},
        "after": {1000: {"rare word": 20.0}, 10000: {"rare word": 100.0}},
    }
    print_compare(before, after, search, names=("old1234", "new5678"), seconds=5, warm_up=1)
    printed = capsys.readouterr().out

    assert "Before: old1234. After: new5678." in printed
    assert (
        "| page | 1,000 before | 1,000 after | after ÷ before | 10,000 before | 10,000 after | after ÷ before "
        "| queries before → after |"
    ) in printed
    assert (
        "| timeline `/journal/` | 40 req/s | 200 req/s | 5.00x | 20 req/s | 200 req/s | 10.00x | 3 → 3 / 3 → 3 |"
        in printed
    )
    assert "| home `/` | 45 req/s | 150 req/s | 3.33x | 45 req/s | 150 req/s | 3.33x | 14 → 3 / 14 → 3 |" in printed
    # Each side's goals read against its own floor and empty page.
    assert "| an empty signed-in page ≥ 25% of the floor | 10.0% NO | 30.0% yes | 10.0% NO | 30.0% yes |" in printed
    assert "| timeline ≥ 50% of the empty page | 40.0% NO | 66.7% yes | 20.0% NO | 66.7% yes |" in printed
    assert "| at most 8 queries a page | home 14 | yes | home 14 | yes |" in printed
    assert "| rare word | 40 ms | 20 ms | 0.50x | 400 ms | 100 ms | 0.25x |" in printed


def test_an_older_tree_gets_this_trees_bench_and_keeps_its_own_code(tmp_path: Path) -> None:
    # An older commit of its own, so the test needs no history (CI may clone shallow).
    repository = tmp_path / "repository"
    (repository / "bench").mkdir(parents=True)
    (repository / "manage.py").write_text("# the old manage.py\n")
    (repository / "bench" / "__main__.py").write_text("# the old bench\n")
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=repository, check=True)
    subprocess.run([*git, "add", "."], cwd=repository, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "old"], cwd=repository, check=True)
    (repository / "manage.py").write_text("# newer, uncommitted\n")

    (tmp_path / "out").mkdir()
    tree = tree_at("HEAD", tmp_path / "out", repository=repository)
    # The commit's own code, not the working copy's and not git's folder.
    assert (tree / "manage.py").read_text() == "# the old manage.py\n" and not (tree / ".git").exists()
    # The harness is this tree's, in place of the one the commit had, so both sides are driven alike.
    assert (tree / "bench" / "__main__.py").read_text() == (ROOT / "bench" / "__main__.py").read_text()
    assert (tree / "bench" / "compare_side.py").read_text() == (ROOT / "bench" / "compare_side.py").read_text()
    assert not list((tree / "bench").glob("__pycache__"))

"""`make bench` is not a test, but its HTTP driver and its verdicts are: if they counted a redirect
to the sign-in page as a page, or printed "yes" under a missed goal, the numbers would lie."""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import urlsplit

import pytest

from bench.drive import Run, drive, sign_in
from bench.tables import Column, print_http
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

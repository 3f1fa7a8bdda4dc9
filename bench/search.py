"""Only part 3 of `make bench`, search, in about two minutes instead of the whole bench's many.

`python -m bench.search` seeds one journal to 10,000 and then 50,000 entries as the bench does
(bench/__main__.py) and times search through the Django test client for a rare word, a common
word and a word in no entry (which still opens every chunk). BENCH_SEARCH_DIR keeps the seeded
journal in that folder for the next run (the default is a throwaway one); never var/.
"""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.__main__ import _environment, _runs, _seed, _server_env, _time
from bench.journal_text import RARE_WORD
from bench.load_writers import ROOT

SIZES = [int(size) for size in os.environ.get("BENCH_SEARCH_SIZES", "10000,50000").split(",")]
WORDS = {"rare word": RARE_WORD, "common word": "garden", "in no entry": "zebra"}


def main() -> int:
    kept = os.environ.get("BENCH_SEARCH_DIR")
    folder = Path(kept or tempfile.mkdtemp(prefix="waypoint-bench-search-"))
    if not kept:
        atexit.register(shutil.rmtree, folder, True)
    fresh = not (folder / "bench.sqlite3").exists()
    folder.mkdir(parents=True, exist_ok=True)
    _environment(folder)
    sys.path.insert(0, str(ROOT))
    subprocess.run([sys.executable, "manage.py", "setup", "--verbosity", "0"], cwd=ROOT, env=_server_env(), check=True)

    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User
    from journal.models import Entry

    password = "bench-only-password"
    if fresh:
        call_command("collectstatic", interactive=False, verbosity=0)
        user = User.objects.create_user("bench@example.com", password=password, region_asked=True)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user = User.objects.get(email="bench@example.com")
    call_command("housekeeping", verbosity=0)  # a kept journal's chunks in today's format
    client = Client()
    client.post("/accounts/login/", {"login": user.email, "password": password})

    def search(words: str) -> Callable[[int], None]:
        def one(n: int) -> None:
            response = client.post("/journal/search/", {"q": words})
            assert response.status_code == 200, f"search answered {response.status_code}"

        return one

    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    rows = []
    for size in SIZES:
        if Entry.objects.filter(owner=user).count() - 1 > size:
            continue  # a kept journal already past this size
        _seed(user, size)
        for name, word in WORDS.items():
            wall, cpu = _time(_runs(15), search(word))
            rows.append(f"{size:>8,} {name:<12} {statistics.median(wall):>9.1f} {statistics.median(cpu):>10.1f}")
    print(f"{'entries':>8} {'word':<12} {'median ms':>9} {'cpu median':>10}", *rows, sep="\n")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

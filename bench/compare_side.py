"""One side of `make bench-compare`, run as `python -m bench.compare_side` inside a Waypoint tree.

bench/compare.py copies this package into each tree and runs this with the tree as the working
folder, so the tree's own code (models, encryption, migrations) writes and reads its journal:
an older commit seeds its database the way it would have. The environment (data folder,
database, key file) comes from bench/compare.py. Two steps, each printing one JSON line last:

    setup         prepare the folder as `make run` does; make the person and their plan
    grow N RUNS   grow the journal to N entries; queries per page; search's median of RUNS

The person's password comes in BENCH_PASSWORD (not on the command line, which `ps` shows).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.journal_text import RARE_WORD, journal_text
from bench.seed import populate

EMAIL = "bench@example.com"
BODY_CHARS = 1500
PAGES = {"empty": "/account/settings/", "timeline": "/journal/", "home": "/", "plan": "/safety/plan/"}
WORDS = {"rare word": RARE_WORD, "common word": "garden"}


def _manage(*arguments: str) -> None:
    # With the server's settings, as `make run` prepares its folder: the database cache gets its table.
    env = {key: value for key, value in os.environ.items() if key != "CACHE_URL"}
    subprocess.run([sys.executable, "manage.py", *arguments, "--verbosity", "0"], check=True, env=env)


def _prepare_folder() -> None:
    """`manage.py setup` where the tree has it; an older tree gets the steps it stood for."""
    if Path("accounts/management/commands/setup.py").exists():
        _manage("setup")
    else:
        _manage("migrate", "--no-input")
        _manage("createcachetable")
        for command, arguments in (
            ("keys_create", ["--if-missing"]),
            ("crisis_resources_load", []),
            ("prompts_load", []),
        ):
            if list(Path().glob(f"*/management/commands/{command}.py")):
                _manage(command, *arguments)
    _manage("collectstatic", "--no-input")


def setup(password: str) -> dict[str, Any]:
    _prepare_folder()
    import django

    django.setup()
    from allauth.account.models import EmailAddress

    from accounts.models import User

    fields = {field.name for field in User._meta.get_fields()}
    extra = {"region_asked": True} if "region_asked" in fields else {}  # no country question
    user = User.objects.create_user(EMAIL, password=password, **extra)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    try:
        from safety.plan_sections import SECTIONS
        from safety.services import plan_step_save
    except ImportError:
        return {"plan": 0}
    for section in SECTIONS[:4]:
        text = journal_text(random.Random(1), 200, rare=False)
        plan_step_save(owner=user, section=section.slug, body=text, obstacles="")
    return {"plan": 4}


def grow(upto: int, password: str, *, search_runs: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    user = User.objects.get(email=EMAIL)
    started = time.perf_counter()
    ids = populate(user, upto, body_chars=BODY_CHARS)
    seeded = time.perf_counter() - started
    client = Client()
    client.post("/accounts/login/", {"login": EMAIL, "password": password})
    chosen = random.Random(11).sample(ids, min(200, len(ids)))
    queries: dict[str, int] = {}
    for key, path in {**PAGES, "entry": f"/journal/{chosen[0]}/"}.items():
        client.get(path)  # this process's first read of site-wide data is not the page's
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        if status != 200:
            raise SystemExit(f"{path} answered {status}: the bench would time something else")
        queries[key] = len(captured.captured_queries)
    search: dict[str, float] = {}
    for name, words in WORDS.items():
        times = []
        for _ in range(search_runs + 1):  # the first warms caches and the data key
            began = time.perf_counter()
            status = client.post("/journal/search/", {"q": words}).status_code
            times.append((time.perf_counter() - began) * 1000)
            if status != 200:
                raise SystemExit(f"search answered {status}")
        search[name] = statistics.median(times[1:])
    connection.close()
    return {"entries": upto, "seconds": seeded, "ids": [str(pk) for pk in chosen], "queries": queries, "search": search}


def main(argv: list[str]) -> int:
    password = os.environ["BENCH_PASSWORD"]
    result = setup(password) if argv[1] == "setup" else grow(int(argv[2]), password, search_runs=int(argv[3]))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

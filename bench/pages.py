"""Server CPU per page, in one process: Settings, an entry, the timeline and home, for a person as `make bench` makes.

    python -m bench.pages                    # 3 runs of 300 requests a page: median of the medians,
                                             # and the Python function calls a page makes
    python -m bench.pages --profile settings # and a cProfile of that page (settings, entry, timeline, home)
    python -m bench.pages --html DIR         # and each page's HTML written to DIR, to compare

Not a test and not `make bench`: a quick before/after for one change, without HTTP or gunicorn
(the Django test client, signed in through the form as bench/__main__.py does). A throwaway SQLite
database and key file in /tmp, prepared by `manage.py setup` with the server's settings (the
database cache gunicorn's workers share), never var/. The person has confirmed their email,
answered "which country?", has no journal lock and 30 entries, 29 of them ~1,500 characters (the timeline
shows its newest 20, as it would for a journal of any size).
"""

from __future__ import annotations

import argparse
import atexit
import cProfile
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.load_writers import ROOT


def _environment(folder: Path) -> dict[str, str]:
    os.environ["WAYPOINT_DATA_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'pages.sqlite3'}"
    os.environ["WAYPOINT_KEY_FILE"] = str(folder / "keys")
    os.environ.pop("WAYPOINT_KEYS", None)
    os.environ.pop("CACHE_URL", None)  # the database cache, as gunicorn's workers have it
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("HTTPS", "false")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    return dict(os.environ)


def _cpu_ms(client: object, path: str, requests: int) -> float:
    """The median CPU milliseconds of `requests` GETs of `path`."""
    samples = []
    for _ in range(requests):
        started = time.process_time()
        response = client.get(path)  # type: ignore[attr-defined]
        samples.append((time.process_time() - started) * 1000)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
    return statistics.median(samples)


def _calls(client: object, path: str) -> int:
    """Python function calls for one GET of `path` (cProfile's count, averaged over a few): on a
    shared machine CPU time moves with the load, this does not."""
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(10):
        client.get(path)  # type: ignore[attr-defined]
    profile.disable()
    calls: int = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
    return round(calls / 10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--profile", choices=("settings", "entry", "timeline", "home"))
    parser.add_argument("--html", type=Path, help="write each page's HTML to this folder")
    arguments = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="waypoint-pages-"))
    atexit.register(shutil.rmtree, folder, True)
    env = _environment(folder)
    sys.path.insert(0, str(ROOT))
    subprocess.run([sys.executable, "manage.py", "setup", "--verbosity", "0"], cwd=ROOT, env=env, check=True)

    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User
    from journal.services import entry_create

    call_command("collectstatic", interactive=False, verbosity=0)
    password = "bench-only-password-" + uuid.uuid4().hex
    user = User.objects.create_user("bench@example.com", password=password, region_asked=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    body = ("Out before the rain, slower than I wanted, but out. " * 30)[:1500]
    for number in range(29):
        entry_create(author=user, title=f"Day {number}", body=body, tags=["walk"])
    entry = entry_create(author=user, title="A walk", body="Out before the rain.", tags=["walk"])
    client = Client()
    signed_in = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert signed_in.status_code == 302, f"signing in answered {signed_in.status_code}"

    pages = {
        "settings": "/account/settings/",
        "entry": f"/journal/{entry.pk}/",
        "timeline": "/journal/",
        "home": "/",
    }
    for name, path in pages.items():
        _cpu_ms(client, path, 20)  # warm: templates compiled, site-wide data read, keys unwrapped
        if arguments.html:
            arguments.html.mkdir(parents=True, exist_ok=True)
            html = client.get(path).content.decode()
            # To compare one page before and after a change: the form's token, entry ids and the
            # days the entries were made differ between two runs, and nothing else.
            (arguments.html / f"{name}.html").write_text(html)

    print(f"CPU ms a page, median of {arguments.runs} runs' medians of {arguments.requests} requests;")
    print("Python function calls a page, which other work on the machine does not change")
    for name, path in pages.items():
        medians = [_cpu_ms(client, path, arguments.requests) for _ in range(arguments.runs)]
        shown = ", ".join(f"{median:.3f}" for median in medians)
        calls = _calls(client, path)
        print(f"  {name:<9} {statistics.median(medians):7.3f} ms {calls:>7,} calls  (runs: {shown})", flush=True)

    if arguments.profile:
        profile = cProfile.Profile()
        path = pages[arguments.profile]
        profile.enable()
        for _ in range(arguments.requests):
            client.get(path)
        profile.disable()
        stats = pstats.Stats(profile).strip_dirs().sort_stats("cumulative")
        stats.print_stats(60)
        stats.sort_stats("tottime").print_stats(40)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time the journal's pages with one person's 10,000 entries of ~1,500 characters.

Runs against a throwaway SQLite database and key file in a temporary folder; never var/.
Prints median and p95 server time (Django test client, no network) against the budgets.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ENTRIES = int(os.environ.get("BENCH_ENTRIES", "10000"))
BODY_CHARS = 1500
RARE_WORD = "lighthouse"
WORDS = [
    "today",
    "morning",
    "evening",
    "walk",
    "tea",
    "friend",
    "sister",
    "work",
    "tired",
    "calm",
    "heavy",
    "light",
    "rain",
    "sun",
    "sleep",
    "noticed",
    "breathing",
    "music",
    "garden",
    "kitchen",
    "bus",
    "window",
    "quiet",
    "loud",
    "talked",
    "wrote",
    "listened",
    "felt",
    "better",
    "worse",
    "okay",
    "hard",
    "moment",
    "small",
    "step",
    "kind",
    "gentle",
    "because",
    "after",
    "before",
    "maybe",
    "tomorrow",
]


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


def _text(rng: random.Random, chars: int, rare: bool) -> str:
    words: list[str] = []
    length = 0
    while length < chars:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    if rare:
        words.insert(rng.randrange(len(words)), RARE_WORD)
    return " ".join(words)


def _populate(user: Any) -> list[Any]:
    from journal.keyring import user_keyring
    from journal.models import Entry
    from journal.search_index import unchunked_fill
    from journal.services import EntryContent, _encrypted_fields, entry_create

    rng = random.Random(42)
    ring = user_keyring(user)
    entry_create(author=user, body="warm up", tags=["sleep", "walk", "friends"])
    tags = list(user.journal_tags.all())
    start = date.today() - timedelta(days=ENTRIES // 3)
    batch: list[Entry] = []
    links: list[Any] = []
    for n in range(ENTRIES):
        entry_id = uuid.uuid4()
        content = EntryContent(
            title=f"Entry {n}" if n % 3 else "",
            body=_text(rng, BODY_CHARS, rare=n % 200 == 0),
            written_on=start + timedelta(days=n // 3),
            mood=1 + n % 5,
            urge=n % 11,
            setback=n % 50 == 0,  # a few noted setbacks, so the look back draws its marks too
        )
        batch.append(
            Entry(
                id=entry_id,
                owner=user,
                written_on=content.written_on,
                **_encrypted_fields(ring=ring, entry_id=entry_id, content=content),
            )
        )
        links.append(Entry.tags.through(entry_id=entry_id, tag_id=tags[n % len(tags)].pk))
        if len(batch) == 1000:
            Entry.objects.bulk_create(batch)
            Entry.tags.through.objects.bulk_create(links)
            batch, links = [], []
    Entry.objects.bulk_create(batch)
    Entry.tags.through.objects.bulk_create(links)
    # Seeded in bulk like an old journal: housekeeping puts the entries in search chunks.
    unchunked_fill()
    return list(Entry.objects.filter(owner=user).values_list("pk", flat=True))


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


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="waypoint-bench-"))
    _environment(folder)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User
    from journal import keyring
    from journal.models import Entry

    call_command("migrate", verbosity=0)
    call_command("keys_create", "--if-missing", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    password = "bench-only-password-" + uuid.uuid4().hex
    # A person who has confirmed their email and answered "which country?", so no page redirects.
    user = User.objects.create_user("bench@example.com", password=password, region_asked=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    print(f"Writing {ENTRIES:,} entries of ~{BODY_CHARS:,} characters into {folder} …", flush=True)
    started = time.perf_counter()
    ids = _populate(user)
    print(f"  done in {time.perf_counter() - started:.1f} s\n", flush=True)

    client = Client()
    # Not force_login: the session cookie holds a token whose hash is the session key
    # (accounts/sessions.py), which force_login's cookie is not, so every page answered with a
    # redirect to the login page and was timed as one. Sign in through the form, as a person does.
    client.post("/accounts/login/", {"login": user.email, "password": password})
    for url in ("/journal/", f"/journal/{ids[0]}/", "/look-back/?span=1y", "/look-back/summary/?span=1y"):
        status = client.get(url).status_code
        assert status == 200, f"{url} answered {status}: the bench would time something else"
    load = os.getloadavg()[0]
    rng = random.Random(7)
    pages = max(1, ENTRIES // 20)

    results: dict[str, tuple[list[float], list[float]]] = {}
    results["baseline: settings page"] = _time(60, lambda n: client.get("/account/settings/"))
    results["timeline page"] = _time(60, lambda n: client.get(f"/journal/?page={1 + n % min(pages, 50)}"))
    results["entry page"] = _time(100, lambda n: client.get(f"/journal/{rng.choice(ids)}/"))
    # The look back decrypts every entry in its span: a year is ~1,100 of them, everything 10,000.
    from django.utils import timezone

    Entry.objects.filter(pk__in=ids[::100]).update(starred_at=timezone.now())
    results["look back: a year"] = _time(30, lambda n: client.get("/look-back/?span=1y"))
    results["look back: everything"] = _time(10, lambda n: client.get("/look-back/?span=all"))
    # The summary reads the same figures (without patterns) and a few small victories.
    results["summary: a year"] = _time(30, lambda n: client.get("/look-back/summary/?span=1y"))

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
            "body": _text(rng, BODY_CHARS, rare=False),
            "written_on": date.today().isoformat(),
            "mood": "3",
            "urge": "2",
            "tags": "sleep, walk",
        }
        response = client.post("/journal/autosave/", data, headers={"HX-Request": "true"})
        assert b'data-status="saved"' in response.content, response.content[:200]

    keyring.UserKeyring.encrypt = timed_encrypt  # type: ignore[method-assign]
    results["save"] = _time(60, save)
    keyring.UserKeyring.encrypt = original_encrypt  # type: ignore[method-assign]
    encrypt_per_save = sum(encrypt_ms) / (len(results["save"][0]) + 1)

    results[f"search (rare word, {ENTRIES // 200} hits)"] = _time(
        15, lambda n: client.post("/journal/search/", {"q": RARE_WORD})
    )
    results["search (common word)"] = _time(15, lambda n: client.post("/journal/search/", {"q": "garden"}))

    budgets = {"timeline page": 50.0, "entry page": 50.0, "look back: a year": 150.0, "summary: a year": 150.0}
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
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

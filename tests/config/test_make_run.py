"""The address `make run` prints is one where every page works, passkeys included."""

from __future__ import annotations

import ipaddress
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]


def test_make_run_prints_a_host_name_because_browsers_refuse_passkeys_at_an_ip_address() -> None:
    # At http://127.0.0.1 the browser stops every passkey at once ("This is an invalid domain"),
    # so "Add a passkey" and "Sign in with a passkey" could never work at the address printed.
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, timeout=60
    ).stdout
    printed = re.search(r"running at (http://\S+)", dry_run)
    assert printed is not None, dry_run
    host = urlsplit(printed.group(1)).hostname or ""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        raise AssertionError(f"make run prints {printed.group(1)}: passkeys need a host name")
    assert host == "localhost"  # in ALLOWED_HOSTS for make run, and still this computer only
    assert printed.group(1) == "http://localhost:8123/"


def test_make_run_says_to_back_up_the_secret_key_with_the_key_files() -> None:
    # Supporters' link codes and invitation codes are kept as HMACs under SECRET_KEY
    # (accounts/secret_codes.py): a restore without it leaves every one of them unusable.
    created = next(line for line in (ROOT / "Makefile").read_text().splitlines() if '"Created $@' in line)
    assert "back it up with $(DATA)/keys" in created
    assert "link codes and invitations" in created

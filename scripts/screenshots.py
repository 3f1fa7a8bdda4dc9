"""Screenshots of the main pages at phone size, light and dark, for the README.

Starts a throwaway Waypoint (its own temporary data folder, one made-up person, gunicorn on a free
loopback port), photographs it with Debian's Chromium through Playwright, and stops it again.
Run with `make screenshots`; the PNGs in docs/screenshots/ are committed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
EMAIL = "sam@example.com"
PASSWORD = "a calm long password 42"
# (file name, path, signed in). Kept to a few, and squeezed (below), so the committed pictures stay
# small: about 160 KB for all ten.
PAGES = [
    ("help", "/safety/help/", False),
    ("home", "/", True),
    ("write", "/journal/new/", True),
    ("safety-plan", "/safety/plan/", True),
    ("coping", "/safety/coping/", True),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _prepare(env: dict[str, str]) -> None:
    python = sys.executable
    subprocess.run([python, "manage.py", "setup"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    # One made-up person with a little writing, so the pages look as they do in use.
    script = f"""
from allauth.account.models import EmailAddress
from accounts.models import User
from journal.services import entry_create
from safety.services import plan_contact_add, plan_step_save
user = User.objects.create_user(email={EMAIL!r}, password={PASSWORD!r}, region="GB", region_asked=True)
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
entry_create(author=user, body="A slow morning, then a walk by the river. Tea with Jo helped.")
entry_create(author=user, body="Harder day. I used the breathing timer and it passed.")
plan_step_save(owner=user, section="warning_signs", body="Not sleeping. Staying in my room.", obstacles="")
plan_step_save(owner=user, section="on_my_own", body="Cold water on my face. The breathing timer.", obstacles="")
plan_contact_add(owner=user, section="people", name="Jo", phone="07700 900123")
"""
    subprocess.run([python, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True)


def _wait_until_up(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 - our own loopback server
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"Waypoint did not start at {url}")


def _photograph(base: str) -> None:
    from playwright.sync_api import ViewportSize, sync_playwright

    phone: ViewportSize = {"width": 375, "height": 812}

    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport=phone, color_scheme=scheme, has_touch=True, is_mobile=True)
            page = context.new_page()
            signed_in = False
            for name, path, needs_sign_in in PAGES:
                if needs_sign_in and not signed_in:
                    page.goto(f"{base}/accounts/login/")
                    page.get_by_label("Email").fill(EMAIL)
                    page.get_by_label("Password").fill(PASSWORD)
                    page.get_by_role("button", name="Sign In", exact=True).click()
                    page.wait_for_url(f"{base}/")
                    signed_in = True
                page.goto(f"{base}{path}")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(OUT / f"{name}-{scheme}.png"))
            context.close()
        browser.close()


def _squeeze() -> None:
    # Smaller pictures for the repository, with whatever the machine already has (nothing is
    # installed for this): pngquant's 256 colours look the same for flat pages like these, and
    # optipng then packs them without any loss.
    pictures = [str(p) for p in sorted(OUT.glob("*.png"))]
    if pngquant := shutil.which("pngquant"):
        # It leaves a picture as it was when squeezing would not help (exit status 98 or 99).
        quality = ["--force", "--skip-if-larger", "--quality=80-98", "--ext", ".png"]
        subprocess.run([pngquant, *quality, *pictures], check=False)
    if optipng := shutil.which("optipng"):
        subprocess.run([optipng, "-quiet", "-o2", "-strip", "all", *pictures], check=True)


def main() -> None:
    port = _free_port()
    with tempfile.TemporaryDirectory() as data:
        env = {
            **os.environ,
            "WAYPOINT_DATA_DIR": data,
            "SECRET_KEY": "screenshots-only",
            "HTTPS": "false",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "CACHE_URL": "locmem://",
        }
        _prepare(env)
        bin_dir = Path(sys.executable).parent
        server = subprocess.Popen(
            [str(bin_dir / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=ROOT,
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(f"{base}/accounts/login/")
            _photograph(base)
        finally:
            server.terminate()
            server.wait(timeout=10)
    _squeeze()
    total = sum(p.stat().st_size for p in OUT.glob("*.png"))
    print(f"{len(list(OUT.glob('*.png')))} screenshots in {OUT.relative_to(ROOT)}, {total / 1024:.0f} KB in all")


if __name__ == "__main__":
    main()

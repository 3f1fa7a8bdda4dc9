"""`make run` prints account emails to the terminal; a newcomer copies the link from there.

These tests use the backend `make run` uses and read what it printed, line by line, as a person
reading their terminal would: the link must be whole on one line and must work when opened.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "quiet river at evening 7"
PRINTED = override_settings(MAILERS={"default": {"BACKEND": "config.mail.ReadableConsoleBackend"}})


def _links_on_one_line(printed: str, path: str) -> list[str]:
    return [match.group(0) for line in printed.splitlines() if (match := re.search(rf"https?://\S*{path}\S*", line))]


@PRINTED
def test_the_confirmation_link_copied_from_the_terminal_signs_the_person_in(
    page: Page, live_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    base = live_server.url
    page.goto(f"{base}/accounts/signup/")
    page.get_by_label("Email").fill("newcomer@example.com")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.locator("main h1")).to_have_text("Check your email")

    printed = capsys.readouterr().out
    assert "Subject: Confirm your email" in printed
    # No quoted-printable soft breaks or escapes: what is printed is what a person reads.
    assert "=\n" not in printed
    assert "=3D" not in printed
    links = _links_on_one_line(printed, "/accounts/confirm-email/")
    assert len(links) == 1
    page.goto(links[0].replace("http://testserver", base))
    page.get_by_role("button", name="Confirm").click()
    # Signed in: first, the one gentle question about where they are, which they may skip.
    expect(page.locator("main h1")).to_have_text("One question before you start")
    page.get_by_role("button", name="Skip for now").click()
    page.wait_for_url(f"{base}/")
    expect(page.locator("main h1")).to_have_text("Welcome to Waypoint")


@PRINTED
def test_the_password_reset_email_prints_readable_text_and_a_whole_link(
    page: Page, live_server: Any, alice: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    base = live_server.url
    page.goto(f"{base}/accounts/password/reset/")
    page.get_by_label("Email").fill(alice.email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.locator("main h1")).to_be_visible()

    printed = capsys.readouterr().out
    assert "=\n" not in printed
    # Each printed line of the body reads as written in the template: no word cut in half.
    body = printed.split("Subject:", 1)[1]
    assert "you" in body.lower()
    links = _links_on_one_line(printed, "/accounts/password/reset/key/")
    assert len(links) == 1
    page.goto(links[0].replace("http://testserver", base))
    expect(page.locator("#id_password1")).to_be_visible()


def test_make_runs_settings_print_a_long_link_whole(tmp_path: Path) -> None:
    # Started the way `make run` configures Django (EMAIL_MODE left at its default), not the suite's.
    link = "http://127.0.0.1:8000/accounts/confirm-email/" + "Mg:1vQxyz" * 12 + "/"
    code = (
        "from django.core.mail import send_mail; "
        f"send_mail('Confirm your email', 'Open {link} to confirm.', None, ['a@b.c'])"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CACHE_URL", "EMAIL_MODE"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env={**env, "SECRET_KEY": "k" * 60, "HTTPS": "false", "DEBUG": "false", "WAYPOINT_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert any(link in line for line in result.stdout.splitlines())

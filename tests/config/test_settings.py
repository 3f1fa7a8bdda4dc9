"""Configuration from the environment, checked the way a clinic would meet it: by starting Django."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import env_bool, env_int, env_secret

ROOT = Path(__file__).resolve().parents[2]
# What tests/environment.py sets for the suite; a real start-up sees none of it.
_TEST_ONLY = {"SECRET_KEY", "HTTPS", "DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL"}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "HTTPS", "DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_a_secret_key_and_debug_off_startup_stops_with_a_clear_message(tmp_path: Path) -> None:
    result = _manage("check", WAYPOINT_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_plain_http_is_refused_beyond_loopback(tmp_path: Path) -> None:
    result = _manage(
        "check",
        SECRET_KEY="k" * 60,
        HTTPS="false",
        ALLOWED_HOSTS="journal.clinic.example",
        WAYPOINT_DATA_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "HTTPS=false is only allowed" in result.stderr


def test_any_host_is_refused_so_email_links_cannot_be_sent_to_another_site(tmp_path: Path) -> None:
    result = _manage("check", SECRET_KEY="k" * 60, HTTPS="true", ALLOWED_HOSTS="*", WAYPOINT_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert 'ALLOWED_HOSTS="*" is not allowed' in result.stderr


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    key_dir = tmp_path / "data"
    key_dir.mkdir()
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-random-production-secret-" + "x9Q" * 20,
        ALLOWED_HOSTS="journal.clinic.example",
        EMAIL_MODE="smtp",
        WAYPOINT_DATA_DIR=str(key_dir),
        WAYPOINT_KEYS="k1:" + "A" * 43 + "=",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_secrets_can_come_from_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("SOMETHING_FILE", str(secret))
    assert env_secret("SOMETHING") == "from-a-file"


def test_bad_values_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG_LIKE", "perhaps")
    with pytest.raises(Exception, match="DEBUG_LIKE should be true or false"):
        env_bool("DEBUG_LIKE")
    monkeypatch.setenv("MINUTES", "thirty")
    with pytest.raises(Exception, match="MINUTES should be a whole number"):
        env_int("MINUTES", 30)


# Django's SecurityMiddleware under the production settings, answering one HTTPS request.
_HSTS_HEADER = (
    "from django.http import HttpResponse; from django.middleware.security import SecurityMiddleware; "
    "from django.test import RequestFactory; "
    "request = RequestFactory(SERVER_NAME='journal.clinic.example').get('/', secure=True); "
    "print(SecurityMiddleware(lambda r: HttpResponse())(request)['Strict-Transport-Security'])"
)


def _hsts_header(tmp_path: Path, **env: str) -> str:
    result = _manage(
        "shell",
        "-c",
        _HSTS_HEADER,
        SECRET_KEY="a-long-random-production-secret-" + "x9Q" * 20,
        ALLOWED_HOSTS="journal.clinic.example",
        WAYPOINT_DATA_DIR=str(tmp_path),
        WAYPOINT_KEYS="k1:" + "A" * 43 + "=",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_hsts_covers_only_waypoints_own_host_unless_the_operator_asks_for_more(tmp_path: Path) -> None:
    # A clinic on journal.clinic.example must not force HTTPS onto clinic.example's other sites.
    assert _hsts_header(tmp_path) == "max-age=31536000"


def test_hsts_subdomains_and_preload_can_be_turned_on(tmp_path: Path) -> None:
    header = _hsts_header(tmp_path, SECURE_HSTS_INCLUDE_SUBDOMAINS="true", SECURE_HSTS_PRELOAD="true")
    assert header == "max-age=31536000; includeSubDomains; preload"

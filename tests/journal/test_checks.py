from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from journal import checks
from journal.keyring import user_keyring
from journal.models import DataKey


def test_a_fresh_installation_without_keys_passes_so_setup_can_create_them(settings: Any, tmp_path: Path) -> None:
    settings.WAYPOINT_KEYS = ""
    settings.WAYPOINT_KEY_FILE = tmp_path / "keys"
    assert checks.check_key_source() == []


def test_a_malformed_key_file_stops_startup_with_what_to_do(settings: Any, tmp_path: Path) -> None:
    settings.WAYPOINT_KEYS = ""
    settings.WAYPOINT_KEY_FILE = tmp_path / "keys"
    settings.WAYPOINT_KEY_FILE.write_text("this is not a key\n")
    [error] = checks.check_key_source()
    assert error.id == "journal.E001"
    assert "id:<base64 key>" in error.msg


def test_a_key_file_others_can_read_gets_a_warning(own_key_file: Path) -> None:
    own_key_file.chmod(0o644)
    [warning] = checks.check_key_source()
    assert warning.id == "journal.W002"
    assert "chmod 600" in (warning.hint or "")


def test_a_missing_key_file_with_encrypted_writing_stops_startup(alice: Any, settings: Any, tmp_path: Path) -> None:
    user_keyring(alice)
    settings.WAYPOINT_KEYS = ""
    settings.WAYPOINT_KEY_FILE = tmp_path / "lost"
    [error] = checks.check_keys_match_database(databases=[connection.alias])
    assert error.id == "journal.E003"
    assert "Restore the key file" in (error.hint or "")


def test_the_wrong_key_file_stops_startup(alice: Any, settings: Any) -> None:
    user_keyring(alice)
    settings.WAYPOINT_KEYS = f"k1:{base64.b64encode(b'x' * 32).decode()}"
    [error] = checks.check_keys_match_database(databases=[connection.alias])
    assert error.id == "journal.E004"


def test_the_right_keys_pass(alice: Any) -> None:
    user_keyring(alice)
    assert checks.check_keys_match_database(databases=[connection.alias]) == []


@pytest.mark.django_db(transaction=True)
def test_a_plain_migrate_upgrades_a_database_from_before_the_plan_key(alice: Any, settings: Any) -> None:
    # An operator upgrading by `manage.py migrate` (not `manage.py setup`): migrate runs the
    # database checks before it migrates, while the data keys' table still lacks its new column.
    user_keyring(alice)
    executor = MigrationExecutor(connection)
    executor.migrate([("journal", "0006_search_chunk_order")])

    call_command("migrate", skip_checks=False, verbosity=0)

    assert DataKey.objects.get(user=alice).scope == "journal"
    assert checks.check_keys_match_database(databases=[connection.alias]) == []
    # And the check still works on the migrated database: the wrong keys are named.
    settings.WAYPOINT_KEYS = f"k1:{base64.b64encode(b'x' * 32).decode()}"
    [error] = checks.check_keys_match_database(databases=[connection.alias])
    assert error.id == "journal.E004"


def test_gunicorn_does_not_start_without_keys(settings: Any, tmp_path: Path, monkeypatch: Any) -> None:
    import sys

    from django.apps import apps

    from journal.keyring import KeyringError

    settings.WAYPOINT_KEYS = ""
    settings.WAYPOINT_KEY_FILE = tmp_path / "missing"
    monkeypatch.setitem(sys.modules, "gunicorn", object())
    with pytest.raises(KeyringError, match="keys_create"):
        apps.get_app_config("journal").ready()


def test_a_missing_key_file_names_the_command_as_the_deployment_guide_runs_it(settings: Any, tmp_path: Path) -> None:
    # "python manage.py keys_create" fails on Debian (no bare `python`) and, on a server, runs
    # without the service's user and settings; the guide runs commands through waypoint-run.
    from journal.keyring import KeyringError
    from journal.server_keys import read_server_keyring

    settings.WAYPOINT_KEYS = ""
    settings.WAYPOINT_KEY_FILE = tmp_path / "missing"
    with pytest.raises(KeyringError) as raised:
        read_server_keyring()
    said = str(raised.value)
    assert "`python manage.py" not in said
    assert "waypoint-run .venv/bin/python manage.py keys_create" in said
    assert "`.venv/bin/python manage.py keys_create`" in said

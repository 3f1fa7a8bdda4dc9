"""A manifest's key fingerprints are checked the way its own Waypoint made them, and no other way."""

from __future__ import annotations

import pytest

from backups.archive import FORMAT, Manifest, server_keys_check
from journal.keyring import server_key_fingerprint, server_keyring
from tests.journal.legacy_wraps import legacy_fingerprint


def _manifest(format: int, fingerprint: str) -> Manifest:
    return Manifest(format, "2026-12-01T00:00:00+00:00", "sqlite", "waypoint.sqlite3", ["k1"], {"k1": fingerprint})


def test_new_backups_are_fingerprinted_with_the_subkey() -> None:
    key = server_keyring().get("k1")
    assert FORMAT == 4
    assert server_keys_check(_manifest(FORMAT, server_key_fingerprint(key))).ok


def test_a_backup_made_before_subkeys_is_checked_against_the_raw_key_fingerprint() -> None:
    key = server_keyring().get("k1")
    assert server_keys_check(_manifest(2, legacy_fingerprint(key))).ok


@pytest.mark.parametrize(
    ("format", "which"),
    [(3, "raw"), (2, "subkey")],
)
def test_a_fingerprint_made_the_other_way_does_not_pass(format: int, which: str) -> None:
    key = server_keyring().get("k1")
    fingerprint = legacy_fingerprint(key) if which == "raw" else server_key_fingerprint(key)
    check = server_keys_check(_manifest(format, fingerprint))
    assert check.different == ["k1"] and not check.ok

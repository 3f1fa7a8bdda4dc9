from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from journal.key_lifecycle import keys_create


@pytest.fixture
def own_key_file(tmp_path: Path, settings: Any) -> Path:
    """A key file of this test's own, so rotating keys never touches the suite's shared one."""
    settings.WAYPOINT_KEYS = ""
    settings.WAYPOINT_KEY_FILE = tmp_path / "keys"
    keys_create()
    return tmp_path / "keys"

from __future__ import annotations

import pytest

from safety.services import crisis_resources_load


@pytest.fixture
def crisis_resources(db: None) -> None:
    """The shipped crisis resources, loaded as `manage.py setup` does."""
    crisis_resources_load()

from __future__ import annotations

import pytest

from safety.services import crisis_resources_load


@pytest.fixture
def crisis_resources(db: None) -> None:
    """The shipped crisis resources, loaded as `manage.py setup` does."""
    crisis_resources_load()


# The browser helpers live with the end-to-end tests; the safety browser tests use them too.
from tests.e2e.conftest import signed_in_page  # noqa: E402, F401

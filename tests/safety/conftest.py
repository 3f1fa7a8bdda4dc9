from __future__ import annotations

from typing import Any

import pytest

from safety.services import crisis_resources_load


@pytest.fixture
def crisis_resources(db: None) -> None:
    """The shipped crisis resources, loaded as `manage.py setup` does."""
    crisis_resources_load()


# The browser helpers live with the end-to-end tests; the safety browser tests use them too.
from tests.e2e.conftest import signed_in_page  # noqa: E402, F401


@pytest.fixture(autouse=True)
def _static_files_the_live_server_can_find(request: pytest.FixtureRequest) -> None:
    # live_server serves /static/ through the finders, which know "css/safety.css" but not the
    # hashed names the manifest storage writes into pages: browser tests would get no CSS or JS.
    if "live_server" not in request.fixturenames:
        return
    settings: Any = request.getfixturevalue("settings")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

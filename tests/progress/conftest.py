"""Fixtures for the progress tests: the care cast, for sharing a summary with a therapist, and the
shipped reflections for browser tests.

Nearly every test here builds its entries and victories from "today" and reads back a span counted
from it, so every test here holds the day still (tests/conftest.py `today`): a run that crossed
midnight between writing and reading counted other days than the test did.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.care.conftest import clinic, library, link, theo  # noqa: F401
from tests.prompts.conftest import loaded_library  # noqa: F401


@pytest.fixture(autouse=True)
def _one_day_throughout(today: date) -> date:
    return today

"""Fixtures for the progress tests: the care cast, for sharing a summary with a therapist, and the
shipped reflections for browser tests."""

from __future__ import annotations

from tests.care.conftest import clinic, library, link, theo  # noqa: F401
from tests.prompts.conftest import loaded_library  # noqa: F401

"""Fixtures for the progress tests: the care cast, for sharing a summary with a therapist."""

from __future__ import annotations

from tests.care.conftest import clinic, library, link, theo  # noqa: F401

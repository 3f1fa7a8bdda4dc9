"""The `today` fixture (tests/conftest.py): one day for the whole test, however near midnight
it begins, and otherwise the clock as it is."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone


def _clock_at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> list[float]:
    """Django's clock as the test begins at `moment`; set the returned seconds to move it on."""
    elapsed = [0.0]
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment.astimezone(UTC) + timedelta(seconds=elapsed[0]))
    monkeypatch.setattr("tests.conftest.monotonic", lambda: elapsed[0])
    return elapsed


def test_a_test_begun_just_before_midnight_keeps_its_day(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    zone = timezone.get_current_timezone()
    elapsed = _clock_at(monkeypatch, datetime(2026, 3, 31, 23, 59, 59, tzinfo=zone))
    today = request.getfixturevalue("today")
    first = timezone.now()
    elapsed[0] = 50 * 60  # a slow test, fifty minutes on
    assert today == date(2026, 3, 31) == timezone.localdate()
    assert timezone.now() - first == timedelta(minutes=50)  # the clock still runs


def test_earlier_in_the_day_the_clock_is_the_real_one(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    zone = timezone.get_current_timezone()
    elapsed = _clock_at(monkeypatch, datetime(2026, 3, 31, 9, 30, tzinfo=zone))
    today = request.getfixturevalue("today")
    elapsed[0] = 90
    assert today == date(2026, 3, 31)
    assert timezone.localtime() == datetime(2026, 3, 31, 9, 31, 30, tzinfo=zone)

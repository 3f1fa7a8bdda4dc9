"""What the summary shows stays on the page: never in logs, error reports, the cache or the database."""

from __future__ import annotations

import logging
import pickle
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.core.signals import got_request_exception
from django.test import Client
from django.utils import timezone
from django.views.debug import ExceptionReporter

from journal.services import entry_create
from progress import look_back_services, look_back_views
from progress.models import VictoryKind
from progress.services import victory_add
from tests.prompts.test_privacy import database_bytes, encodings

URL = "/look-back/summary/?span=4w&chosen=1&t=1&n=1&m=1"


def _write(person: Any, sentinel: str) -> None:
    today = timezone.localdate()
    entry = entry_create(author=person, title=f"title {sentinel}", body=f"body {sentinel}", mood=2, urge=6)
    look_back_services.entry_star(entry=entry, starred=True)
    entry_create(author=person, body="a hard day", written_on=today, mood=1, urge=9, setback=True)
    victory_add(owner=person, kind=VictoryKind.URGE, about_on=today, note=f"note {sentinel}")


def _cached_bytes() -> bytes:
    cache: Any = caches["default"]
    return b"".join(value if isinstance(value, bytes) else pickle.dumps(value) for value in cache._cache.values())


@pytest.mark.django_db(transaction=True)
def test_the_summary_leaves_nothing_readable_behind(
    alice: Any, alice_client: Client, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sentinel = f"heron-{uuid.uuid4().hex[:12]}"
    _write(alice, sentinel)
    caplog.set_level(logging.DEBUG)
    response = alice_client.get(URL)
    page = response.content.decode()
    assert f"title {sentinel}" in page and f"note {sentinel}" in page, "the words did reach the page"
    assert "Days you noted a setback" in page

    assert "no-store" in response["Cache-Control"]
    assert sentinel not in caplog.text
    assert sentinel.encode() not in _cached_bytes()
    dump = database_bytes(tmp_path)
    assert alice.email.encode() in dump, "the scan sees plain columns, so it would see plaintext too"
    for form in encodings(sentinel):
        assert form not in dump


@pytest.mark.django_db
def test_an_error_report_from_the_summary_holds_none_of_it(
    alice: Any, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    sentinel = f"heron-{uuid.uuid4().hex[:12]}"
    _write(alice, sentinel)
    caplog.set_level(logging.DEBUG)
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    reports: list[str] = []

    def report(sender: Any, request: Any, **kwargs: Any) -> None:
        reports.append(ExceptionReporter(request, *sys.exc_info()).get_traceback_text())

    def page_went_wrong(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the template went away")

    # The summary is made, then drawing it fails: its figures and words are in the view's frame.
    monkeypatch.setattr(look_back_views, "render", page_went_wrong)
    got_request_exception.connect(report)
    try:
        response = client.get(URL)
    finally:
        got_request_exception.disconnect(report)
    assert response.status_code == 500
    assert reports and "the template went away" in reports[0]
    assert "the template went away" in caplog.text
    assert sentinel not in reports[0] and sentinel not in caplog.text

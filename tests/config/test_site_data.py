"""Site-wide data is read once per process, and every process sees a change soon after it is saved.

`make run` serves with two gunicorn workers, separate processes that share only the database and
the cache. Here each worker is a SiteMemo of its own (what a process keeps in memory), both
reading the one test database and cache, with a clock the test moves on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from care.models import Clinic
from config import site_data
from config.site_data import RECHECK_SECONDS, SiteMemo
from safety.models import CrisisResource
from safety.services import crisis_resources_load
from tests.care.conftest import client_for

pytestmark = pytest.mark.django_db

FIRST_EXIT = "https://first.example/weather"
SECOND_EXIT = "https://second.example/news"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Workers:
    """Two worker processes: `use` makes the code under test run in one of them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.clock = Clock()
        self.a = SiteMemo(clock=self.clock)
        self.b = SiteMemo(clock=self.clock)
        self._monkeypatch = monkeypatch

    def use(self, worker: SiteMemo) -> None:
        self._monkeypatch.setattr(site_data, "_process", worker)


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> Iterator[Workers]:
    yield Workers(monkeypatch)


def _exit_url(client: Client) -> str:
    match = re.search(r'data-exit-url="([^"]+)"', client.get("/safety/help/").content.decode())
    assert match is not None
    return match.group(1)


def _help_lines(client: Client) -> str:
    return client.get("/safety/help/", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()


def test_a_clinic_setting_saved_in_one_worker_shows_in_the_other_within_a_second(
    workers: Workers, client: Client
) -> None:
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour", quick_exit_url=FIRST_EXIT)
    workers.use(workers.b)
    assert _exit_url(client) == FIRST_EXIT

    workers.use(workers.a)
    assert _exit_url(client) == FIRST_EXIT
    clinic.quick_exit_url = SECOND_EXIT
    clinic.save()
    assert _exit_url(client) == SECOND_EXIT, "the worker that saved it shows it on the next page"

    workers.use(workers.b)
    workers.clock.now += RECHECK_SECONDS
    assert _exit_url(client) == SECOND_EXIT


def test_a_clinic_saved_in_the_admin_shows_in_the_other_worker(workers: Workers, client: Client, alice: Any) -> None:
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    workers.use(workers.b)
    assert 'data-idle-timeout="1800"' in client_for(alice).get("/journal/").content.decode()

    workers.use(workers.a)
    operator: Any = alice.__class__.objects.create_superuser(email="op@example.com", password="x" * 20)
    response = client_for(operator).post(
        f"/admin/care/clinic/{clinic.pk}/change/",
        {
            "name": clinic.name,
            "key": clinic.key,
            "quick_exit_url": "",
            "idle_timeout_minutes": "5",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "staff_invites-TOTAL_FORMS": "0",
            "staff_invites-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302

    workers.use(workers.b)
    workers.clock.now += RECHECK_SECONDS
    assert 'data-idle-timeout="300"' in client_for(alice).get("/journal/").content.decode()


def test_crisis_lines_loaded_by_another_process_show_within_a_second(workers: Workers, client: Client) -> None:
    workers.use(workers.b)
    assert "Samaritans" not in _help_lines(client), "nothing loaded yet: the shipped emergency number only"

    workers.use(workers.a)
    crisis_resources_load()

    workers.use(workers.b)
    workers.clock.now += RECHECK_SECONDS
    assert "Samaritans" in _help_lines(client)


def test_a_crisis_line_hidden_in_one_worker_goes_from_the_other(workers: Workers, client: Client) -> None:
    crisis_resources_load()
    workers.use(workers.b)
    assert "Shout" in _help_lines(client)

    workers.use(workers.a)
    shout = CrisisResource.objects.get(key="gb-shout")
    shout.hidden = True
    shout.save()

    workers.use(workers.b)
    workers.clock.now += RECHECK_SECONDS
    assert "Shout" not in _help_lines(client)


def test_a_lost_generation_means_reading_again_never_keeping_old_data(workers: Workers, client: Client) -> None:
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour", quick_exit_url=FIRST_EXIT)
    workers.use(workers.b)
    assert _exit_url(client) == FIRST_EXIT
    # Changed behind the signals' back, and the cache emptied (a restart of Redis, a cull).
    Clinic.objects.filter(pk=clinic.pk).update(quick_exit_url=SECOND_EXIT)
    cache.clear()
    workers.clock.now += RECHECK_SECONDS
    assert _exit_url(client) == SECOND_EXIT


@pytest.fixture
def database_cache(settings: Any) -> None:
    # The cache `make run` uses, where every read is a query.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "waypoint_cache"}
    }
    call_command("createcachetable", verbosity=0)


def test_a_page_reads_no_site_wide_data_from_the_database_once_a_worker_has_it(
    database_cache: None, workers: Workers, alice: Any
) -> None:
    workers.use(workers.a)
    crisis_resources_load()
    Clinic.objects.create(name="Harbour Clinic", key="harbour", quick_exit_url=FIRST_EXIT)
    client = client_for(alice)
    client.get("/account/settings/", HTTP_ACCEPT_LANGUAGE="en-GB")
    # Within the same second: the once-a-second look at the generation is the only cache read.
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/account/settings/", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    assert FIRST_EXIT in page and "Samaritans" in page
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "waypoint_cache" not in tables
    assert 'FROM "care_clinic"' not in tables
    assert "safety_crisisresource" not in tables
    # The session, the person, and their clinic roles for the menu: nothing site-wide. (The
    # settings page's Journal lock card also asks whether this person's own lock is on.)
    site_or_session = [q["sql"][:80] for q in queries.captured_queries if "journal_journallock" not in q["sql"]]
    assert len(site_or_session) == 3, site_or_session

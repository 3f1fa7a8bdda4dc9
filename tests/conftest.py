from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from time import monotonic
from typing import Any

import pytest
from allauth.account.internal.flows.login import record_authentication
from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.staticfiles import handlers as staticfiles_handlers
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models.sql.compiler import SQLCompiler
from django.db.transaction import TransactionManagementError
from django.test import Client, TransactionTestCase
from django.test.client import ClientMixin
from django.utils import timezone
from playwright.sync_api import Browser

from accounts.sessions import SessionStore
from config.site_data import site_data_forget
from tests.factories import UserFactory

CHROMIUM = "/usr/bin/chromium"
_ONE_REQUEST_AT_A_TIME = threading.Lock()


class _ServeCollectedStatic(staticfiles_handlers.StaticFilesHandler):
    """Let whitenoise serve /static/ in the live server, as it does under `make run`.

    Django's test handler serves from the source folders and cannot find whitenoise's hashed
    names, so pages would load with no stylesheet at all and axe would check the wrong colours.
    """

    def _should_handle(self, path: str) -> bool:
        return False

    def __call__(self, environ: Any, start_response: Any) -> Any:
        # One request at a time, as a sync gunicorn worker serves them. On SQLite the live
        # server's threads all share the test's one in-memory connection, and two requests at
        # once (an autosave and a leave-page beacon) would trip over each other's transactions;
        # on both databases the flush after a test must be able to wait for the last one.
        with _ONE_REQUEST_AT_A_TIME:
            return super().__call__(environ, start_response)


# pytest-django's live_server looks this name up when it starts the server thread.
staticfiles_handlers.StaticFilesHandler = _ServeCollectedStatic  # type: ignore[misc]

_as_sql = SQLCompiler.as_sql


def _select_for_update_needs_a_transaction(self: SQLCompiler, *args: Any, **kwargs: Any) -> Any:
    # PostgreSQL refuses SELECT … FOR UPDATE outside a transaction; SQLite has no row locks, so
    # Django skips the check there and such a bug showed only in CI's PostgreSQL run. The same
    # refusal on SQLite catches it in the first run (in the browser tests, whose live server
    # runs outside the test's transaction, as gunicorn does).
    if self.query.select_for_update and self.connection.vendor == "sqlite" and self.connection.get_autocommit():
        raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
    return _as_sql(self, *args, **kwargs)


SQLCompiler.as_sql = _select_for_update_needs_a_transaction  # type: ignore[method-assign]

_django_fixture_teardown = TransactionTestCase._fixture_teardown  # type: ignore[attr-defined]


def _flush_between_requests(self: Any) -> None:
    # A closing browser can still send one last request (an autosave when the tab hides). On
    # SQLite it would run on the same connection as the flush that empties the tables after a
    # test; on PostgreSQL its row locks meet the flush's TRUNCATE. Either way one of them fails
    # half-way (the flush, then a duplicate user in the next test: CI's PostgreSQL run on
    # 7 December). The flush waits for the request in flight, as the requests wait for each other;
    # a request that never ends fails the test by name rather than holding CI until its time runs out.
    if not _ONE_REQUEST_AT_A_TIME.acquire(timeout=120):
        raise AssertionError("A request to the live server was still running 2 minutes after the test ended.")
    try:
        _django_fixture_teardown(self)
    finally:
        _ONE_REQUEST_AT_A_TIME.release()


TransactionTestCase._fixture_teardown = _flush_between_requests  # type: ignore[attr-defined]


def _client_session(self: Any) -> SessionStore:
    cookie = self.cookies.get(settings.SESSION_COOKIE_NAME)
    if cookie:
        return SessionStore.from_cookie(cookie.value)
    session = SessionStore()
    session.save()
    self.cookies[settings.SESSION_COOKIE_NAME] = session.token or ""
    return session


_django_set_login_cookies = ClientMixin._set_login_cookies  # type: ignore[attr-defined]


def _set_login_cookies(self: Any, request: Any) -> None:
    # force_login stands for "signed in just now": allauth records a real sign-in in the session,
    # and the pages that ask "confirm it's you" unless someone signed in lately read that record.
    user = get_user(request)
    if user.is_authenticated:
        record_authentication(request, user, method="password")
        request.session.save()
    _django_set_login_cookies(self, request)
    self.cookies[settings.SESSION_COOKIE_NAME] = request.session.token  # keeps the cookie's attributes


# Django's test client puts session_key in the cookie, as a browser would hold it with Django's
# own sessions. Waypoint's browser cookie holds a token whose hash is the session_key
# (accounts/sessions.py), so the client, like a browser, holds the token.
ClientMixin.session = property(_client_session)  # type: ignore[assignment,method-assign]
ClientMixin._set_login_cookies = _set_login_cookies  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    # Debian's Chromium, never a downloaded browser; the flags keep it off the network.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(autouse=True)
def _service_worker_only_where_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    # The service worker is under test in tests/e2e/test_offline.py, which asks for it by name.
    # Elsewhere it would install alongside each test's first page, and on this SQLite live
    # server (one request at a time) its background fetches compete with the page under test;
    # CI saw page loads time out that way. Pages behave the same without it.
    new_context = Browser.new_context

    def without_worker(self: Browser, **kwargs: Any) -> Any:
        kwargs.setdefault("service_workers", "block")
        return new_context(self, **kwargs)

    monkeypatch.setattr(Browser, "new_context", without_worker)


@pytest.fixture(scope="session", autouse=True)
def _collected_static(django_db_blocker: Any) -> None:
    # Tests run with DEBUG off and whitenoise's hashed files, as `make run` does.
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _quick_passwords(settings: Any) -> None:
    # Argon2 is slow by design, and the suite creates and signs in hundreds of people.
    # test_passwords_are_stored_with_argon2 checks the real setting.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _quick_passphrases(monkeypatch: pytest.MonkeyPatch) -> None:
    # The journal lock's Argon2id takes 64 MiB and a quarter of a second per seal, by design.
    # Seals record their own cost, so a cheap one here still opens exactly as a real one does.
    from journal.lock_keys import KdfParams

    monkeypatch.setattr("journal.lock_keys.DEFAULT_KDF", KdfParams(memory_kib=1024, iterations=1, lanes=1))


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # allauth's rate limits live in the cache; one test's sign-ins must not block the next.
    cache.clear()
    # Nor may one test's clinics or crisis lines, kept in this process, show in the next: its
    # rows are rolled back without a signal to say so.
    site_data_forget()


@pytest.fixture
def migrations_restored() -> Iterator[None]:
    """For a test that takes the database back to an older migration: afterwards every app is
    migrated to its newest again. Migrating forward to the one migration under test leaves the
    migrations after it (any app's) unapplied, and every later test would meet the old tables."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> date:
    """Today where the server is (settings.TIME_ZONE), the same day for the whole test.

    Django's clock runs on as ever, in the test, the views it calls and the live server's thread
    alike, except that a test begun in the day's last hour runs from an hour before midnight. Built
    from "today" just before midnight and read just after it, a page counted other days than the
    test expected. Never ahead of the real clock: a session made before the test began stays fresh.
    """
    began, ticking = timezone.now(), monotonic()
    local = timezone.localtime(began)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=local.tzinfo)
    start = min(began, midnight - timedelta(hours=1)).astimezone(UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: start + timedelta(seconds=monotonic() - ticking))
    return local.date()


@pytest.fixture
def alice(db: None) -> Any:
    return UserFactory(email="alice@example.com")


@pytest.fixture
def bob(db: None) -> Any:
    return UserFactory(email="bob@example.com")


@pytest.fixture
def alice_client(alice: Any) -> Client:
    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob: Any) -> Client:
    client = Client()
    client.force_login(bob)
    return client


@pytest.fixture
def operator_client(db: None) -> Client:
    """Whoever runs the server, signed in to Django's admin."""
    operator: Any = UserFactory(email="op@example.com", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(operator)
    return client
